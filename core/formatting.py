"""Dates and times as each language writes them, in the zone of the place they happen."""

import functools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_interval, format_skeleton


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


def format_local(value: datetime, timezone: str, locale: str) -> str:
    """An aware datetime as a date with weekday and time, in the zone and the language."""
    return _format("datetime", locale, timezone, value, None)


def format_local_date(value: datetime, timezone: str, locale: str) -> str:
    return _format("date", locale, timezone, value, None)


def format_local_time(value: datetime, timezone: str, locale: str) -> str:
    return _format("time", locale, timezone, value, None)


def format_span(starts_at: datetime, ends_at: datetime, timezone: str, locale: str) -> str:
    """When something happens: one day with its hours, or the range of days."""
    return _format("span", locale, timezone, starts_at, ends_at)


@functools.lru_cache(maxsize=256)
def format_month(year: int, month: int, locale_code: str) -> str:
    return format_skeleton("yMMMM", date(year, month, 1), locale=locale_code)
