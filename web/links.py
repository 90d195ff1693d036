"""Absolute links for e-mails, feeds and the API, built on BASE_URL."""

from urllib.parse import urlsplit

from flask import current_app


def absolute_url(endpoint: str, **values) -> str:
    """A link built on BASE_URL, never on the request's Host header; works outside requests."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def is_safe_next(target: str | None) -> bool:
    """Whether a `next` address stays on this site, however a browser would read it.

    Browsers drop tabs and line breaks from addresses and read a backslash as a slash, so a
    path holding any of those may lead to another host: only a plain local path is safe.
    """
    if not target or len(target) > 2000 or not target.startswith("/"):
        return False
    if "\\" in target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not target.startswith("//")
