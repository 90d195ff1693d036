"""Who comes: households, participants, registrations, tickets and check-in."""
