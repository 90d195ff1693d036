"""Languages: which one a request speaks, and dates shown in a venue's zone."""

from datetime import datetime
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


def format_local(value: datetime, timezone: str) -> str:
    """An aware datetime as a date with weekday and time, in the zone and the request's language."""
    locale = Locale.parse(current_locale())
    zone = ZoneInfo(timezone)
    return _combine(
        locale,
        format_skeleton("yMMMMEEEEd", value, tzinfo=zone, locale=locale),
        format_skeleton("Hm", value, tzinfo=zone, locale=locale),
    )


def format_local_date(value: datetime, timezone: str) -> str:
    return format_skeleton("yMMMMEEEEd", value, tzinfo=ZoneInfo(timezone), locale=current_locale())


def format_local_time(value: datetime, timezone: str) -> str:
    return format_skeleton("Hm", value, tzinfo=ZoneInfo(timezone), locale=current_locale())


def format_span(starts_at: datetime, ends_at: datetime, timezone: str) -> str:
    """When something happens: one day with its hours, or the range of days."""
    locale = Locale.parse(current_locale())
    zone = ZoneInfo(timezone)
    if starts_at.astimezone(zone).date() == ends_at.astimezone(zone).date():
        return _combine(
            locale,
            format_skeleton("yMMMMEEEEd", starts_at, tzinfo=zone, locale=locale),
            format_interval(starts_at, ends_at, "Hm", tzinfo=zone, locale=locale),
        )
    return format_interval(starts_at, ends_at, "yMMMMEEEEd", tzinfo=zone, locale=locale)
