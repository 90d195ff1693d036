"""Shared parts with no request and no Flask globals: the database helpers, locking."""
