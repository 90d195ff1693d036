"""What happens, where: partners, venues, events and their calendars."""
