"""Absolute links for e-mails, feeds and the API."""

from flask import current_app, url_for


def absolute_url(endpoint: str, **values) -> str:
    """A link built on BASE_URL, never on the request's Host header."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)
