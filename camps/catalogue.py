"""Finding published events: filters and pages shared by the site and the API."""

import dataclasses
import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

import cachetools
import sqlalchemy as sa
from flask import Flask, current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload, selectinload

from camps.models import Event, EventKind, EventStatus, Venue
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


def published_events(filters: EventFilter, *, now: datetime):
    """Published and cancelled events not yet over, soonest first."""
    query = (
        sa.select(Event)
        .join(Event.venue)
        .where(Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]))
        .options(*event_loader_options())
        .order_by(Event.starts_at, Event.id)
    )
    if filters.starts_from is None:
        query = query.where(Event.ends_at > now)
    else:
        query = query.where(Event.starts_on >= filters.starts_from)
    if filters.starts_until is not None:
        query = query.where(Event.starts_on <= filters.starts_until)
    if filters.kind is not None:
        query = query.where(Event.kind == filters.kind)
    if filters.country:
        query = query.where(Venue.country == filters.country)
    if filters.age is not None:
        query = query.where(
            sa.or_(Event.min_age.is_(None), Event.min_age <= filters.age),
            sa.or_(Event.max_age.is_(None), Event.max_age >= filters.age),
        )
    return query


def event_page(filters: EventFilter, page: int, *, now: datetime) -> Pagination:
    return db.paginate(
        published_events(filters, now=now), page=page, per_page=PER_PAGE, error_out=False
    )


def catalogue_version():
    """Changes whenever anything a public list shows changes (one indexed MAX)."""
    return db.session.scalar(sa.select(sa.func.max(Event.changed_at)))


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
