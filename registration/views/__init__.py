"""The pages of registrations: the public's, the family's booking, staff, gate and facility."""
