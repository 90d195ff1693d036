"""Finding published events: filters and pages shared by the site and the API."""

import dataclasses
from datetime import date, datetime

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload, selectinload

from camps.models import Event, EventKind, EventStatus, Venue
from extensions import db

PER_PAGE = 20


@dataclasses.dataclass
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
