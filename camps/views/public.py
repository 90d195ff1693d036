"""Public pages: the event list, an event, calendars, the language switch."""

import calendar
import functools
import re
import types
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel import Locale
from babel.lists import format_list
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from camps.catalogue import (
    TEXT_FIELDS,
    EventFilter,
    ListedEvent,
    cached,
    event_page,
    listed_countries,
    missing_languages,
    published_events,
    text_language,
    visible_event,
)
from camps.ical import events_to_ical
from camps.models import Event, EventKind
from core.db import utcnow
from core.formatting import format_month, format_span
from core.languages import LANGUAGES
from extensions import db
from web.forms import int_arg
from web.links import absolute_url, is_safe_next
from web.locale import clean_locale, country_name, current_locale, remember_locale, zone_name

bp = Blueprint("camps", __name__)

MONTH = re.compile(r"(?P<year>20\d\d)-(?P<month>\d\d)")

#: Cancelled and past events stay in feeds this long, so calendars do not silently drop them.
FEED_KEEPS_PAST = timedelta(days=30)


def _month_choices(today: date, locale: str) -> list[tuple[str, str]]:
    choices = []
    year, month = today.year, today.month
    for _i in range(12):
        choices.append((f"{year:04d}-{month:02d}", format_month(year, month, locale)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


def read_filters(args) -> tuple[EventFilter, dict[str, str]]:
    """The list's filters from the query string; a value that makes no sense is ignored."""
    chosen = {"kind": "", "country": "", "month": "", "age": ""}
    kind = country = starts_from = starts_until = age = None
    if args.get("kind") in set(EventKind):
        kind = EventKind(args["kind"])
        chosen["kind"] = kind.value
    value = args.get("country", "")
    if len(value) == 2 and value.isalpha():
        country = chosen["country"] = value.upper()
    match = MONTH.fullmatch(args.get("month", ""))
    if match and 1 <= int(match["month"]) <= 12:
        year, month = int(match["year"]), int(match["month"])
        starts_from = date(year, month, 1)
        starts_until = date(year, month, calendar.monthrange(year, month)[1])
        chosen["month"] = match[0]
    age = int_arg(args.get("age", "").strip(), low=0, high=120)
    if age is not None:
        chosen["age"] = str(age)
    filters = EventFilter(
        kind=kind, country=country, starts_from=starts_from, starts_until=starts_until, age=age
    )
    return filters, chosen


@functools.lru_cache(maxsize=4096)
def _label(macro: str, locale: str, **fields) -> Markup:
    # A macro of macros.html given only the fields it reads: its output depends on nothing
    # else but the language, so a list renders each distinct label once, as
    # core.formatting remembers dates.
    module = current_app.jinja_env.get_template("macros.html").module
    return getattr(module, macro)(types.SimpleNamespace(**fields))


class Card(NamedTuple):
    """An event in the list with what its card shows, worked out here, not in the template."""

    event: ListedEvent
    url: str
    when: str
    kind_title: str
    country: str
    ages: Markup
    places: Markup
    #: The registration form while registration is open, else None.
    register_url: str | None = None


def _cards(
    events: list[ListedEvent], locale: str, kinds: dict[EventKind, str], now: datetime
) -> list[Card]:
    return [
        Card(
            event=event,
            url=url_for("camps.event_detail", event_id=event.id),
            register_url=(
                url_for("registration.register_view", event_id=event.id)
                if event.is_registration_open(now)
                else None
            ),
            when=format_span(event.starts_at, event.ends_at, event.timezone, locale),
            kind_title=kinds[event.kind],
            country=country_name(event.country, locale),
            ages=_label("age_range", locale, min_age=event.min_age, max_age=event.max_age),
            places=_label(
                "places",
                locale,
                status=event.status,
                places_left=event.places_left,
                capacity=event.capacity,
                waitlist_count=event.waitlist_count,
            ),
        )
        for event in events
    ]


@bp.route("/")
def event_list():
    """Upcoming events, filtered by kind, country, month and age."""
    now = utcnow()
    locale = current_locale()
    filters, chosen = read_filters(request.args)
    page = int_arg(request.args.get("page"), 1, high=99_999)
    kinds = {kind: kind.title for kind in EventKind}

    def results() -> Markup:
        result = event_page(filters, page, now=now, locale=locale)
        args = {key: value for key, value in chosen.items() if value}
        return Markup(
            render_template(
                "camps/_event_results.html",
                result=result,
                cards=_cards(result.items, locale, kinds, now),
                page_args=args,
            )
        )

    return render_template(
        "camps/event_list.html",
        chosen=chosen,
        kinds=[(kind.value, title) for kind, title in kinds.items()],
        countries=sorted(
            (
                (code, country_name(code, locale))
                for code in cached(("countries",), listed_countries)
            ),
            key=lambda country: country[1],
        ),
        months=_month_choices(now.date(), locale),
        results=cached(("event_list", locale, filters, page), results),
    )


def event_or_404(event_id: int) -> Event:
    event = visible_event(event_id, current_user)
    if event is None:
        abort(404)
    return event


def google_calendar_url(event: Event) -> str:
    """A link that opens Google Calendar with the event filled in."""
    stamp = "%Y%m%dT%H%M%SZ"
    query = {
        "action": "TEMPLATE",
        "text": event.text("title", current_locale()),
        "dates": f"{event.starts_at.strftime(stamp)}/{event.ends_at.strftime(stamp)}",
        "details": absolute_url("camps.event_detail", event_id=event.id),
        "location": ", ".join(p for p in (event.venue.name, event.venue.address) if p),
        "ctz": event.venue.timezone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


#: The differences, in whole hours, a visitor's zone may have from the venue's.
ZONE_HOURS = range(-12, 15)


def _starts_utc(event: Event) -> datetime:
    starts = event.starts_at
    return starts.replace(tzinfo=UTC) if starts.tzinfo is None else starts


def venue_offset_minutes(event: Event) -> int:
    """How far the venue's clock is ahead of UTC when the event starts, in minutes."""
    offset = _starts_utc(event).astimezone(ZoneInfo(event.venue.timezone)).utcoffset()
    return int(offset.total_seconds() // 60)


def zone_differences() -> dict[int, str]:
    """What the page's script says, by how many hours the venue is ahead of the visitor's
    zone (behind when negative): each a whole message, worked out here in the language."""
    notes = {}
    for hours in ZONE_HOURS:
        if hours > 0:
            # Translators: after "All times are the local time where the event takes place":
            # the event's clock is this many hours ahead of the reader's own.
            notes[hours] = ngettext(
                "That is %(num)d hour ahead of your time.",
                "That is %(num)d hours ahead of your time.",
                hours,
            )
        elif hours < 0:
            # Translators: the event's clock is this many hours behind the reader's own.
            notes[hours] = ngettext(
                "That is %(num)d hour behind your time.",
                "That is %(num)d hours behind your time.",
                -hours,
            )
    return notes


@bp.app_template_global()
def missing_translations(event: Event) -> str:
    """The languages the event's texts lack, named in the page's language, as one list."""
    locale = current_locale()
    names = [
        Locale.parse(code).get_display_name(locale) or code
        for code in missing_languages(event, LANGUAGES)
    ]
    return format_list(names, locale=locale) if names else ""


@bp.route("/events/<int:event_id>")
def event_detail(event_id: int):
    """One event, with places left and calendar links."""
    event = event_or_404(event_id)
    locale = current_locale()
    return render_template(
        "camps/event_detail.html",
        event=event,
        now=utcnow(),
        zone=zone_name(event.venue.timezone, locale),
        text_langs={field: text_language(event, field, locale) for field in TEXT_FIELDS},
        venue_offset=venue_offset_minutes(event),
        # A number, not a time: the page writes no time but the venue's.
        starts_ms=int(_starts_utc(event).timestamp() * 1000),
        zone_notes=zone_differences(),
        ical_url=absolute_url("camps.event_ical", event_id=event.id),
        google_url=google_calendar_url(event),
    )


def ics_response(body: bytes, filename: str):
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "public, max-age=300"
    response.add_etag()
    return response.make_conditional(request)


def _urls(events) -> dict[int, str]:
    return {e.id: absolute_url("camps.event_detail", event_id=e.id) for e in events}


@bp.route("/events/<int:event_id>.ics")
def event_ical(event_id: int):
    """One event as a calendar file."""
    event = event_or_404(event_id)
    locale = current_locale()
    body = events_to_ical(
        [event], name=event.text("title", locale), locale=locale, urls=_urls([event])
    )
    return ics_response(body, f"tiltas-event-{event.id}.ics")


@bp.route("/calendar.ics")
def calendar_feed():
    """Every published event not long over, as a feed to subscribe to."""
    kind = request.args.get("kind")
    filters = EventFilter(kind=EventKind(kind) if kind in set(EventKind) else None)
    events = db.session.scalars(published_events(filters, now=utcnow() - FEED_KEEPS_PAST)).all()
    body = events_to_ical(
        events, name=_("Tiltas events"), locale=current_locale(), urls=_urls(events)
    )
    return ics_response(body, "tiltas.ics")


@bp.route("/language", methods=["POST"])
def set_language():
    """Remember the visitor's language and go back where they were."""
    locale = clean_locale(request.form.get("lang"))
    target = request.form.get("next", "")
    if not is_safe_next(target):
        target = url_for("camps.event_list")
    response = redirect(target)
    return remember_locale(response, locale) if locale else response
