"""Registrations, bookings, check-in and the facility through the JSON API."""
