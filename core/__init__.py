"""Shared parts with no request and no Flask globals: the database, locking, errors, text."""
