"""Rules for partners, venues and events. Services flush; the caller commits."""

import dataclasses
import functools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

import sqlalchemy as sa
from babel import Locale
from blinker import Namespace
from flask_babel import gettext as _

from camps.models import (
    Event,
    EventKind,
    EventStatus,
    EventText,
    Partner,
    Venue,
    WaitlistMode,
)
from core.errors import DomainError, NotFound, ValidationError
from core.languages import DEFAULT_LOCALE, LANGUAGES
from core.locking import lock_name, lock_row
from core.text import clean_text, fits, normalise
from extensions import db

# Registration listens to these: camps never imports it.
_signals = Namespace()
#: Sent with the event locked when its capacity went up: the waiting list may move.
capacity_raised = _signals.signal("capacity-raised")
#: Sent with the event locked when it is cancelled.
event_cancelled = _signals.signal("event-cancelled")

TEXT_LIMITS = {"title": 200, "summary": 500, "description": 10_000, "practical_info": 5_000}
MAX_CAPACITY = 10_000
MAX_AGE = 120
MAX_OFFER_HOURS = 24 * 30


def country_codes() -> set[str]:
    return {code for code in Locale("en").territories if len(code) == 2 and code.isalpha()}


@functools.cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_known_timezone(name: str) -> bool:
    return name in _timezones()


@dataclasses.dataclass
class EventData:
    """Everything an organiser sets on an event; times are naive local or aware."""

    kind: EventKind
    partner: Partner
    venue: Venue
    #: {"en": {"title": …, "summary": …, "description": …, "practical_info": …}, "lt": {…}}
    texts: dict[str, dict[str, str]]
    starts_at: datetime
    ends_at: datetime
    capacity: int
    min_age: int | None = None
    max_age: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    waitlist_mode: WaitlistMode = WaitlistMode.AUTO
    offer_hours: int = 48
    asks_health_notes: bool = True


def event_data(event: Event) -> EventData:
    """The event's current settings, to be changed and saved again."""
    return EventData(
        kind=event.kind,
        partner=event.partner,
        venue=event.venue,
        texts={
            locale: {field: getattr(text, field) for field in TEXT_LIMITS}
            for locale, text in event.texts.items()
        },
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        capacity=event.capacity,
        min_age=event.min_age,
        max_age=event.max_age,
        registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at,
        waitlist_mode=event.waitlist_mode,
        offer_hours=event.offer_hours,
        asks_health_notes=event.asks_health_notes,
    )


def _to_utc(value: datetime | None, zone: ZoneInfo, field: str, errors: dict) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    aware = value.replace(tzinfo=zone)
    # A wall-clock time skipped when clocks go forward does not exist at the venue.
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value:
        errors[field] = _("This time does not exist at the venue: the clocks change then.")
        return None
    return aware.astimezone(UTC)


def _clean_texts(texts: dict[str, dict[str, str]], errors: dict) -> dict[str, dict[str, str]]:
    clean = {}
    for locale, fields in texts.items():
        if locale not in LANGUAGES:
            errors[f"title.{locale}"] = _("This language is not supported.")
            continue
        row = {
            field: clean_text(fields.get(field), f"{field}.{locale}", limit, errors, lines=True)
            for field, limit in TEXT_LIMITS.items()
        }
        if any(row.values()):
            if not row["title"]:
                errors[f"title.{locale}"] = _("A title is needed when other texts are given.")
            clean[locale] = row
    if not clean.get(DEFAULT_LOCALE, {}).get("title"):
        errors.setdefault(f"title.{DEFAULT_LOCALE}", _("An English title is required."))
    return clean


def _validate(data: EventData, *, event: Event | None) -> dict:
    """Check the data and return it normalised (UTC times, clean texts)."""
    errors: dict[str, str] = {}
    zone = data.venue.zone
    texts = _clean_texts(data.texts, errors)
    starts_at = _to_utc(data.starts_at, zone, "starts_at", errors)
    ends_at = _to_utc(data.ends_at, zone, "ends_at", errors)
    opens_at = _to_utc(data.registration_opens_at, zone, "registration_opens_at", errors)
    closes_at = _to_utc(data.registration_closes_at, zone, "registration_closes_at", errors)
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    if not 1 <= data.capacity <= MAX_CAPACITY:
        errors["capacity"] = _(
            "The capacity must be a whole number from 1 to %(max)d.", max=MAX_CAPACITY
        )
    elif event is not None and data.capacity < event.seats_taken:
        errors["capacity"] = _(
            "%(count)d places are already taken: the capacity cannot be lower.",
            count=event.seats_taken,
        )
    for field in ("min_age", "max_age"):
        value = getattr(data, field)
        if value is not None and not 0 <= value <= MAX_AGE:
            errors[field] = _("The age must be from 0 to %(max)d.", max=MAX_AGE)
    if (
        data.min_age is not None
        and data.max_age is not None
        and "min_age" not in errors
        and data.min_age > data.max_age
    ):
        errors["max_age"] = _("The maximum age must not be below the minimum age.")
    if opens_at and (closes_at or starts_at) and opens_at >= (closes_at or starts_at):
        errors["registration_opens_at"] = _("Registration must open before it closes.")
    if closes_at and ends_at and closes_at > ends_at:
        errors["registration_closes_at"] = _("Registration must close by the end of the event.")
    if not 1 <= data.offer_hours <= MAX_OFFER_HOURS:
        errors["offer_hours"] = _("An offer lasts from 1 to %(max)d hours.", max=MAX_OFFER_HOURS)
    if errors:
        raise ValidationError(errors)
    return {
        "texts": texts,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "starts_on": starts_at.astimezone(zone).date(),
        "registration_opens_at": opens_at,
        "registration_closes_at": closes_at,
    }


def _apply(event: Event, data: EventData, clean: dict, now: datetime) -> None:
    event.kind = data.kind
    event.partner = data.partner
    event.venue = data.venue
    event.capacity = data.capacity
    event.min_age, event.max_age = data.min_age, data.max_age
    event.waitlist_mode = data.waitlist_mode
    event.offer_hours = data.offer_hours
    event.asks_health_notes = data.asks_health_notes
    for field in ("starts_at", "ends_at", "starts_on", "registration_opens_at"):
        setattr(event, field, clean[field])
    event.registration_closes_at = clean["registration_closes_at"]
    for locale in set(event.texts) - set(clean["texts"]):
        del event.texts[locale]
    for locale, fields in clean["texts"].items():
        text = event.texts.get(locale)
        if text is None:
            event.texts[locale] = EventText(locale=locale, **fields)
        else:
            for field, value in fields.items():
                setattr(text, field, value)
    event.updated_at = now
    event.touch(now)


def create_event(
    data: EventData, *, status: EventStatus = EventStatus.DRAFT, now: datetime
) -> Event:
    """Create an event as a draft or published."""
    if status == EventStatus.CANCELLED:
        raise ValidationError({"status": _("A new event cannot be cancelled.")})
    clean = _validate(data, event=None)
    event = Event(status=status, created_at=now)
    _apply(event, data, clean, now)
    db.session.add(event)
    db.session.flush()
    return event


def update_event(
    event_id: int, changes: dict, *, now: datetime, expected_sequence: int | None = None
) -> Event:
    """Change some of an event's settings; calendars see a raised SEQUENCE, a higher capacity
    serves the queue.

    `changes` holds EventData fields; `texts` is merged field by field into the current texts.
    The event is locked before its settings are read, so two organisers changing different
    fields at once both keep their change. A page that showed version `expected_sequence`
    is refused when the event changed since.
    """
    event = lock_row(Event, event_id)
    if event is None:
        raise NotFound("not_found", _("Not found."))
    if event.status == EventStatus.CANCELLED:
        raise DomainError("event_cancelled", _("A cancelled event cannot be changed."))
    if expected_sequence is not None and expected_sequence != event.sequence:
        raise DomainError(
            "changed_meanwhile",
            _(
                "Someone else changed this event while you were editing it. Check the new "
                "values and save again."
            ),
        )
    data = event_data(event)
    changes = dict(changes)
    for locale, fields in changes.pop("texts", {}).items():
        data.texts.setdefault(locale, {}).update(fields)
    data = dataclasses.replace(data, **changes)
    clean = _validate(data, event=event)
    raised = data.capacity > event.capacity
    _apply(event, data, clean, now)
    event.sequence += 1
    db.session.flush()
    if raised:
        capacity_raised.send(event, now=now)
    return event


def save_event(
    event_id: int | None, data: EventData, *, now: datetime, expected_sequence: int | None = None
) -> Event:
    """Create a draft event, or set every one of an event's settings (see update_event)."""
    if event_id is None:
        return create_event(data, now=now)
    changes = {field.name: getattr(data, field.name) for field in dataclasses.fields(data)}
    return update_event(event_id, changes, now=now, expected_sequence=expected_sequence)


#: Which status may follow which; cancelled is final.
TRANSITIONS = {
    EventStatus.DRAFT: {EventStatus.PUBLISHED, EventStatus.CANCELLED},
    EventStatus.PUBLISHED: {EventStatus.DRAFT, EventStatus.CANCELLED},
    EventStatus.CANCELLED: set(),
}


def change_status(event_id: int, status: EventStatus, *, now: datetime) -> Event:
    """Publish, unpublish or cancel an event."""
    event = lock_row(Event, event_id)
    if event is None:
        raise NotFound("not_found", _("Not found."))
    if status == event.status:
        return event
    if status not in TRANSITIONS[event.status]:
        raise DomainError("invalid_status", _("A cancelled event cannot be changed."))
    if status == EventStatus.DRAFT and event.seats_taken + event.waitlist_count:
        raise DomainError(
            "has_registrations",
            _("People have registered: cancel the event instead of unpublishing it."),
        )
    event.status = status
    event.sequence += 1
    event.updated_at = now
    event.touch(now)
    db.session.flush()
    if status == EventStatus.CANCELLED:
        event_cancelled.send(event, now=now)
    return event


def save_partner(partner: Partner | None, *, name: str, country: str) -> Partner:
    """Create or rename a partner organisation."""
    name, country = normalise(name), country.strip().upper()
    errors = {}
    if not name or not fits(name, 200):
        errors["name"] = _("Give a name of up to %(max)d characters.", max=200)
    else:
        # Two admins saving the same new name at once: the second one sees the first's.
        lock_name(f"partner {name}")
        if db.session.scalar(
            sa.select(Partner.id).where(
                Partner.name == name, Partner.id != (partner and partner.id)
            )
        ):
            errors["name"] = _("A partner with this name already exists.")
    if country not in country_codes():
        errors["country"] = _("Choose a country.")
    if errors:
        raise ValidationError(errors)
    if partner is None:
        partner = Partner()
        db.session.add(partner)
    partner.name, partner.country = name, country
    db.session.flush()
    return partner


def save_venue(
    venue: Venue | None, *, name: str, address: str, country: str, timezone: str
) -> Venue:
    """Create or change a venue; its time zone is fixed once events use it."""
    name, address, country = normalise(name), normalise(address), country.strip().upper()
    errors = {}
    if not name or not fits(name, 200):
        errors["name"] = _("Give a name of up to %(max)d characters.", max=200)
    else:
        lock_name(f"venue {country} {name}")
        if db.session.scalar(
            sa.select(Venue.id).where(
                Venue.name == name, Venue.country == country, Venue.id != (venue and venue.id)
            )
        ):
            errors["name"] = _("A venue with this name already exists in this country.")
    if not fits(address, 300):
        errors["address"] = _("Give an address of up to %(max)d characters.", max=300)
    if country not in country_codes():
        errors["country"] = _("Choose a country.")
    if not is_known_timezone(timezone):
        errors["timezone"] = _("Choose a time zone such as Europe/Vilnius.")
    elif (
        venue is not None
        and venue.timezone != timezone
        and db.session.scalar(sa.select(Event.id).filter_by(venue_id=venue.id).limit(1))
    ):
        errors["timezone"] = _("Events use this venue: its time zone cannot change.")
    if errors:
        raise ValidationError(errors)
    if venue is None:
        venue = Venue()
        db.session.add(venue)
    venue.name, venue.address, venue.country, venue.timezone = name, address, country, timezone
    db.session.flush()
    return venue


def find_or_create_venue(*, name: str, country: str, timezone: str) -> Venue:
    """The venue of this name in this country, created with the zone if it is new.

    Two requests naming the same new venue at once take turns: the second finds the first's.
    """
    name, country = normalise(name), country.strip().upper()
    lock_name(f"venue {country} {name}")
    venue = db.session.scalar(sa.select(Venue).filter_by(name=name, country=country))
    if venue is None:
        return save_venue(None, name=name, address="", country=country, timezone=timezone)
    if venue.timezone != timezone:
        raise ValidationError(
            {"timezone": _("This venue is in the time zone %(zone)s.", zone=venue.timezone)}
        )
    return venue
