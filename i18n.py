"""Languages: which one a request speaks, and dates shown in a venue's zone."""

import functools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_interval, format_skeleton
from flask import has_request_context, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

#: Every language Tiltas speaks, English first; each name in its own language.
LANGUAGES = {
    "en": "English",
    "lt": "Lietuvių",
    "pl": "Polski",
    "lv": "Latviešu",
    "cs": "Čeština",
    "de": "Deutsch",
}
DEFAULT_LOCALE = "en"
LANG_COOKIE = "lang"

LANGUAGE_TITLES = {
    "en": _l("English"),
    "lt": _l("Lithuanian"),
    "pl": _l("Polish"),
    "lv": _l("Latvian"),
    "cs": _l("Czech"),
    "de": _l("German"),
}


def clean_locale(value: str | None) -> str | None:
    """Return value if it names a supported language, else None."""
    if value and len(value) <= 8:
        value = value.strip().lower()
        if value in LANGUAGES:
            return value
    return None


def select_locale() -> str:
    """?lang=, then the visitor's saved choice, then Accept-Language, then English."""
    if not has_request_context():
        return DEFAULT_LOCALE
    return (
        clean_locale(request.args.get("lang"))
        or clean_locale(request.cookies.get(LANG_COOKIE))
        or request.accept_languages.best_match(list(LANGUAGES))
        or DEFAULT_LOCALE
    )


def current_locale() -> str:
    return str(get_locale() or DEFAULT_LOCALE)


def _combine(locale: Locale, date_text: str, time_text: str) -> str:
    # The locale's own pattern for a date with a time: "{1}, {0}" in English, "{1} {0}" in Polish.
    return locale.datetime_formats["medium"].format(time_text, date_text)


# Formatting is pure but costly in Babel (skeleton matching on every call), and list pages
# format the same few dozen events on every request: remember the results.
@functools.lru_cache(maxsize=16384)
def _format(kind: str, locale_code: str, timezone: str, start: datetime, end: datetime | None):
    locale = Locale.parse(locale_code)
    zone = ZoneInfo(timezone)
    if kind == "date":
        return format_skeleton("yMMMMEEEEd", start, tzinfo=zone, locale=locale)
    if kind == "time":
        return format_skeleton("Hm", start, tzinfo=zone, locale=locale)
    if kind == "datetime":
        return _combine(
            locale,
            format_skeleton("yMMMMEEEEd", start, tzinfo=zone, locale=locale),
            format_skeleton("Hm", start, tzinfo=zone, locale=locale),
        )
    if start.astimezone(zone).date() == end.astimezone(zone).date():
        return _combine(
            locale,
            format_skeleton("yMMMMEEEEd", start, tzinfo=zone, locale=locale),
            format_interval(start, end, "Hm", tzinfo=zone, locale=locale),
        )
    return format_interval(start, end, "yMMMMEEEEd", tzinfo=zone, locale=locale)


def format_local(value: datetime, timezone: str) -> str:
    """An aware datetime as a date with weekday and time, in the zone and the request's language."""
    return _format("datetime", current_locale(), timezone, value, None)


def format_local_date(value: datetime, timezone: str) -> str:
    return _format("date", current_locale(), timezone, value, None)


def format_local_time(value: datetime, timezone: str) -> str:
    return _format("time", current_locale(), timezone, value, None)


def format_span(starts_at: datetime, ends_at: datetime, timezone: str) -> str:
    """When something happens: one day with its hours, or the range of days."""
    return _format("span", current_locale(), timezone, starts_at, ends_at)


@functools.lru_cache(maxsize=256)
def format_month(year: int, month: int, locale_code: str) -> str:
    return format_skeleton("yMMMM", date(year, month, 1), locale=locale_code)
