"""Finding published events: filters and pages shared by the site and the API."""

import dataclasses
import functools
import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import NamedTuple, TypeVar

import cachetools
import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import joinedload, selectinload

from camps.models import (
    Event,
    EventFigures,
    EventKind,
    EventStatus,
    EventText,
    Partner,
    Venue,
    WaitlistMode,
)
from core.languages import DEFAULT_LOCALE
from extensions import db

PER_PAGE = 20
T = TypeVar("T")
_MISSING = object()


@dataclasses.dataclass(frozen=True)
class EventFilter:
    kind: EventKind | None = None
    country: str | None = None
    #: First day on or after this date (inclusive), in the venue's zone.
    starts_from: date | None = None
    #: First day on or before this date (inclusive).
    starts_until: date | None = None
    #: Only events this age may attend.
    age: int | None = None


def event_loader_options():
    """Load what a list or page shows, in a fixed number of queries."""
    return (
        joinedload(Event.venue),
        joinedload(Event.partner),
        selectinload(Event.texts),
    )


def visible_event(event_id: int, user) -> Event | None:
    """The event, unless it is missing or a draft the user (staff or None) may not manage."""
    event = db.session.scalar(
        sa.select(Event).filter_by(id=event_id).options(*event_loader_options())
    )
    if event is None or event.status != EventStatus.DRAFT:
        return event
    if user is not None and user.is_authenticated and user.can_manage_partner(event.partner_id):
        return event
    return None


_event, _venue, _partner, _text = (m.__table__ for m in (Event, Venue, Partner, EventText))

#: Each filter as a condition on its value, by the value's name (a bound parameter in the
#: lists' prepared statements, a plain value in the feed's).
_CONDITIONS: dict[str, Callable] = {
    "now": lambda value: _event.c.ends_at > value,
    "starts_from": lambda value: _event.c.starts_on >= value,
    "starts_until": lambda value: _event.c.starts_on <= value,
    "kind": lambda value: _event.c.kind == value,
    "country": lambda value: _venue.c.country == value,
    "age": lambda value: sa.and_(
        sa.or_(_event.c.min_age.is_(None), _event.c.min_age <= value),
        sa.or_(_event.c.max_age.is_(None), _event.c.max_age >= value),
    ),
}


def _filter_values(filters: EventFilter, *, now: datetime) -> dict:
    """The values of the filters that apply, by the names of their conditions."""
    values: dict = {}
    if filters.starts_from is None:
        values["now"] = now
    else:
        values["starts_from"] = filters.starts_from
    if filters.starts_until is not None:
        values["starts_until"] = filters.starts_until
    if filters.kind is not None:
        values["kind"] = filters.kind
    if filters.country:
        values["country"] = filters.country
    if filters.age is not None:
        values["age"] = filters.age
    return values


def _published(values: dict) -> list[sa.ColumnElement[bool]]:
    """Published and cancelled events, narrowed by the filters' values."""
    return [
        # Not IN (published, cancelled): with != SQLite walks the starts_at index in order
        # and stops at the page, instead of sorting every published event first.
        _event.c.status != EventStatus.DRAFT,
        *(_CONDITIONS[name](value) for name, value in values.items()),
    ]


def published_events(filters: EventFilter, *, now: datetime):
    """Published and cancelled events not yet over, soonest first, as Event objects."""
    return (
        sa.select(Event)
        .join(Event.venue)
        .where(*_published(_filter_values(filters, now=now)))
        .options(*event_loader_options())
        .order_by(Event.starts_at, Event.id)
    )


class _ListedFields(NamedTuple):
    id: int
    kind: EventKind
    status: EventStatus
    title: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue_id: int
    venue_name: str
    address: str
    country: str
    partner_id: int
    partner_name: str
    capacity: int
    seats_taken: int
    waitlist_count: int
    min_age: int | None
    max_age: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    waitlist_mode: WaitlistMode
    offer_hours: int
    #: Whether the title and summary are in the list's language (else English: the fallback).
    title_in_language: bool = True
    summary_in_language: bool = True
    #: Only in detail (the API): the long texts and the languages the event is written in.
    description: str = ""
    practical_info: str = ""
    languages: tuple[str, ...] = ()


class ListedEvent(EventFigures, _ListedFields):
    """An event as the lists show it, in one language: plain values, no ORM object."""

    __slots__ = ()


def listed_event(event: Event, locale: str) -> ListedEvent:
    """An Event object as a list row with its details, for answers about one event."""
    return ListedEvent(
        id=event.id,
        kind=event.kind,
        status=event.status,
        title=event.text("title", locale),
        summary=event.text("summary", locale),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        timezone=event.venue.timezone,
        venue_id=event.venue.id,
        venue_name=event.venue.name,
        address=event.venue.address,
        country=event.venue.country,
        partner_id=event.partner.id,
        partner_name=event.partner.name,
        capacity=event.capacity,
        seats_taken=event.seats_taken,
        waitlist_count=event.waitlist_count,
        min_age=event.min_age,
        max_age=event.max_age,
        registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at,
        waitlist_mode=event.waitlist_mode,
        offer_hours=event.offer_hours,
        title_in_language=text_language(event, "title", locale) in (locale, None),
        summary_in_language=text_language(event, "summary", locale) in (locale, None),
        description=event.text("description", locale),
        practical_info=event.text("practical_info", locale),
        languages=tuple(sorted(event.texts)),
    )


def _listed_columns(detail: bool) -> tuple[dict, list]:
    """The list's columns by ListedEvent field, and the joins of the texts they read."""
    local, english = _text.alias("local_text"), _text.alias("english_text")

    def text(field: str):
        # As Event.text: the language's text unless empty, then the English one.
        return sa.func.coalesce(sa.func.nullif(local.c[field], ""), english.c[field], "")

    def in_language(field: str):
        # Whether text(field) is the language's own, not the English fallback.
        return sa.func.coalesce(local.c[field], "") != ""

    columns = {
        "id": _event.c.id,
        "kind": _event.c.kind,
        "status": _event.c.status,
        "title": text("title"),
        "summary": text("summary"),
        "starts_at": _event.c.starts_at,
        "ends_at": _event.c.ends_at,
        "timezone": _venue.c.timezone,
        "venue_id": _venue.c.id,
        "venue_name": _venue.c.name,
        "address": _venue.c.address,
        "country": _venue.c.country,
        "partner_id": _partner.c.id,
        "partner_name": _partner.c.name,
        "capacity": _event.c.capacity,
        "seats_taken": _event.c.seats_taken,
        "waitlist_count": _event.c.waitlist_count,
        "min_age": _event.c.min_age,
        "max_age": _event.c.max_age,
        "registration_opens_at": _event.c.registration_opens_at,
        "registration_closes_at": _event.c.registration_closes_at,
        "waitlist_mode": _event.c.waitlist_mode,
        "offer_hours": _event.c.offer_hours,
        "title_in_language": in_language("title"),
        "summary_in_language": in_language("summary"),
    }
    if detail:
        columns["description"] = text("description")
        columns["practical_info"] = text("practical_info")
        columns["languages"] = (
            sa.select(sa.func.aggregate_strings(_text.c.locale, " "))
            .where(_text.c.event_id == _event.c.id)
            .scalar_subquery()
        )
    joins = [
        (local, (local.c.event_id == _event.c.id) & (local.c.locale == sa.bindparam("locale"))),
        (english, (english.c.event_id == _event.c.id) & (english.c.locale == DEFAULT_LOCALE)),
    ]
    return columns, joins


@functools.cache
def _page_query(filters: tuple[str, ...], detail: bool) -> tuple[sa.Select, sa.Select]:
    """The statements for a page and for the count, prepared once for these filters' names.

    The page's ids come first, from the event and venue alone; only those twenty rows are
    then joined to their partner and texts.
    """
    where = _published({name: sa.bindparam(name) for name in filters})
    count = (
        sa.select(sa.func.count())
        .select_from(_event)
        .join(_venue, _event.c.venue_id == _venue.c.id)
        .where(*where)
    )
    page = (
        sa.select(_event.c.id)
        .join_from(_event, _venue, _event.c.venue_id == _venue.c.id)
        .where(*where)
        .order_by(_event.c.starts_at, _event.c.id)
        .limit(PER_PAGE)
        .offset(sa.bindparam("offset", type_=sa.Integer))
        .subquery("page")
    )
    columns, joins = _listed_columns(detail)
    query = (
        # In ListedEvent's order, the total last.
        sa.select(
            *(columns[name].label(name) for name in ListedEvent._fields if name in columns),
            count.scalar_subquery().label("total"),
        )
        .select_from(page)
        .join(_event, _event.c.id == page.c.id)
        .join(_venue, _event.c.venue_id == _venue.c.id)
        .join(_partner, _event.c.partner_id == _partner.c.id)
    )
    for alias, on in joins:
        query = query.outerjoin(alias, on)
    return query.order_by(_event.c.starts_at, _event.c.id), count


@dataclasses.dataclass(frozen=True)
class EventPage:
    """One page of a list, numbered from 1, and where it stands among the pages."""

    items: list[ListedEvent]
    page: int
    total: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return -(-self.total // self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def event_page(
    filters: EventFilter, page: int, *, now: datetime, locale: str, detail: bool = False
) -> EventPage:
    """One page of published events in one language, in one query (two past the last page).

    `detail` adds what only the API shows: the long texts and the languages.
    """
    page = max(page, 1)
    values = _filter_values(filters, now=now)
    query, count = _page_query(tuple(values), detail)
    rows = db.session.execute(
        query, {**values, "locale": locale, "offset": (page - 1) * PER_PAGE}
    ).all()
    if detail:
        items = [
            ListedEvent(*row[:-2], languages=tuple(sorted((row[-2] or "").split()))) for row in rows
        ]
    else:
        items = [ListedEvent(*row[:-1]) for row in rows]
    if rows:
        total = rows[0][-1]
    elif page == 1:
        total = 0
    else:
        # Past the last page no row carries the total: count on its own.
        total = db.session.scalar(count, values)
    return EventPage(items=items, page=page, total=total)


_COUNTRIES = (
    sa.select(_venue.c.country)
    .join(_event, _event.c.venue_id == _venue.c.id)
    .where(_event.c.status != EventStatus.DRAFT)
    .distinct()
    .order_by(_venue.c.country)
)


def listed_countries() -> list[str]:
    """The countries of the venues of published and cancelled events, past ones too."""
    return list(db.session.scalars(_COUNTRIES))


#: Exact where a time is not: every touch() adds one to an event's revision whatever the
#: server's clock says, and a new event adds one to the count (events are never deleted).
_VERSION = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(_event.c.revision), 0))


def catalogue_version() -> tuple[int, int]:
    """Changes with every change a public list shows, the same on every server at once."""
    count, revisions = db.session.execute(_VERSION).one()
    return count, revisions


def init_app(app: Flask) -> None:
    # Rendered lists by (what, language, filters, version), per app server. Every request
    # checks the version in the database, so a change shows everywhere at once; the time
    # limit catches what time alone changes (registration closing, events ending).
    seconds = app.config["CATALOGUE_CACHE_SECONDS"]
    app.extensions["catalogue_cache"] = (
        cachetools.TTLCache(maxsize=1024, ttl=seconds) if seconds > 0 else None,
        threading.Lock(),
    )


def cached(key: tuple, build: Callable[[], T]) -> T:
    """The value for key at the current catalogue version, built once per version."""
    cache, lock = current_app.extensions["catalogue_cache"]
    if cache is None:
        return build()
    key = (*key, catalogue_version())
    with lock:
        value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        with lock:
            cache[key] = value
    return value


#: The texts an event has in each language, as its public page shows them.
TEXT_FIELDS = ("title", "summary", "description", "practical_info")


def text_language(event: Event, field: str, locale: str) -> str | None:
    """The language Event.text gives the field in: the reader's, English (the fallback), or
    None when the field is empty in both."""
    for lang in (locale, DEFAULT_LOCALE):
        text = event.texts.get(lang)
        if text is not None and getattr(text, field):
            return lang
    return None


def missing_languages(event: Event, languages) -> list[str]:
    """The languages, in the given order, in which the event lacks a text English has:
    readers of those languages meet English there."""
    english = event.texts.get(DEFAULT_LOCALE)
    wanted = [field for field in TEXT_FIELDS if english is not None and getattr(english, field)]
    missing = []
    for lang in languages:
        if lang == DEFAULT_LOCALE:
            continue
        text = event.texts.get(lang)
        if text is None or not all(getattr(text, field) for field in wanted):
            missing.append(lang)
    return missing
