"""The pages of events, partners and venues: public ones and the staff's."""
