"""Which language a request speaks, and dates, countries and zones written in it."""

import functools
from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import get_timezone_location
from flask import after_this_request, current_app, has_request_context, request
from flask_babel import get_locale

from core import formatting
from core.languages import DEFAULT_LOCALE, LANGUAGES

LANG_COOKIE = "lang"


def clean_locale(value: str | None) -> str | None:
    """Return value if it names a supported language, else None."""
    if value and len(value) <= 8:
        value = value.strip().lower()
        if value in LANGUAGES:
            return value
    return None


#: How long a visitor's choice of language is kept.
LANG_COOKIE_AGE = 365 * 24 * 3600


def remember_locale(response, locale: str):
    """Keep the visitor's language for the next pages (a cookie, no account needed)."""
    response.set_cookie(
        LANG_COOKIE,
        locale,
        max_age=LANG_COOKIE_AGE,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )
    return response


def select_locale() -> str:
    """?lang=, then the visitor's saved choice, then Accept-Language, then English.

    A page opened with ?lang= (a shared link, a poster's QR) remembers that language, so
    the next filter or click stays in it; the API answers in it without keeping anything.
    """
    if not has_request_context():
        return DEFAULT_LOCALE
    asked = clean_locale(request.args.get("lang"))
    saved = clean_locale(request.cookies.get(LANG_COOKIE))
    if asked and asked != saved and not request.path.startswith("/api/"):
        after_this_request(lambda response: remember_locale(response, asked))
    return asked or saved or request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LOCALE


def current_locale() -> str:
    return str(get_locale() or DEFAULT_LOCALE)


def format_local(value: datetime, timezone: str) -> str:
    return formatting.format_local(value, timezone, current_locale())


def format_local_date(value: datetime, timezone: str) -> str:
    return formatting.format_local_date(value, timezone, current_locale())


def format_local_time(value: datetime, timezone: str) -> str:
    return formatting.format_local_time(value, timezone, current_locale())


def format_span(starts_at: datetime, ends_at: datetime, timezone: str) -> str:
    return formatting.format_span(starts_at, ends_at, timezone, current_locale())


@functools.lru_cache(maxsize=256)
def country_name(code: str, locale: str) -> str:
    """A country as the language names it ("LT" is "Lithuania", "Litwa"); unknown: the code."""
    return Locale.parse(locale).territories.get(code.upper(), code)


@functools.lru_cache(maxsize=256)
def zone_name(timezone: str, locale: str) -> str:
    """A time zone as the language names it ("Europe/Vilnius" is "Lithuania Time")."""
    return get_timezone_location(ZoneInfo(timezone), locale=locale)


def country(code: str) -> str:
    """The country's name in the page's language: a template filter."""
    return country_name(code, current_locale())
