"""Retention: health notes deleted, then personal data anonymised, per event, after it ends.

Runs from cron (`flask retention run`). It is idempotent, prints only counts, and never
touches an event that has not ended. Anonymised people keep what the programme's reports
count — gender, country, age on the event's first day, attendance, stays — and lose the rest.
"""

import hashlib
import hmac
import json
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from camps.models import Event
from core import audit
from core.errors import NotFound
from core.locking import lock_row
from extensions import db
from registration.emails import MAX_ATTEMPTS
from registration.models import (
    Booking,
    OutboxMail,
    Participant,
    ParticipantStatus,
    Scan,
    Stay,
    Ticket,
)
from registration.waitlist import cancel_participants
from web.idempotency import IdempotencyRecord

ANONYMOUS = "—"
#: Guests on temporary stays have no event: their data go this long after they left.
GUEST_RETENTION_DAYS = 365


def _events_past(now: datetime, days_of) -> list[Event]:
    # Computed in Python: date arithmetic on columns differs between SQLite and PostgreSQL.
    events = db.session.scalars(sa.select(Event).where(Event.ends_at < now)).all()
    return [event for event in events if event.ends_at + timedelta(days=days_of(event)) < now]


def _same_age_birth_date(birth: date, first_day: date) -> date:
    age = (
        first_day.year - birth.year - ((first_day.month, first_day.day) < (birth.month, birth.day))
    )
    try:
        return first_day.replace(year=first_day.year - age)
    except ValueError:  # 29 February
        return first_day.replace(year=first_day.year - age, day=28)


def _opaque(key: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return "anon:" + hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()[:40]


def purge_health_notes(*, now: datetime) -> int:
    """Delete the health notes of events ended longer ago than their health retention."""
    ids = [e.id for e in _events_past(now, lambda e: e.health_retention_days)]
    if not ids:
        return 0
    result = db.session.execute(
        sa.update(Participant)
        .where(Participant.event_id.in_(ids), Participant.health_notes != "")
        .values(health_notes="")
    )
    return result.rowcount


def anonymise(*, now: datetime) -> int:
    """Replace the personal data of events ended longer ago than their data retention."""
    count = 0
    for event in _events_past(now, lambda e: e.data_retention_days):
        people = db.session.scalars(
            sa.select(Participant).where(
                Participant.event_id == event.id, Participant.anonymised_at.is_(None)
            )
        ).all()
        for person in people:
            anonymise_participant(person, now=now)
            count += 1
        for stay in db.session.scalars(sa.select(Stay).filter_by(event_id=event.id)):
            if stay.participant_id is None:
                anonymise_guest(stay)
            stay.referred_by = ""
    return count


def anonymise_participant(person: Participant, *, now: datetime) -> None:
    """Irreversibly replace one person's data, keeping what anonymous counts need."""
    first_day = person.event.starts_on
    person.birth_date = _same_age_birth_date(person.birth_date, first_day)
    person.person_key = _opaque(person.person_key)
    person.first_name, person.last_name = ANONYMOUS, ""
    person.email = person.phone = None
    person.dietary = person.health_notes = ""
    person.anonymised_at = now
    # The gate's stored answers named the person (first name, initial, age): they forget it,
    # and still answer a repeated upload with what the gate decided.
    ticket_ids = sa.select(Ticket.id).where(Ticket.participant_id == person.id)
    for scan in db.session.scalars(sa.select(Scan).where(Scan.ticket_id.in_(ticket_ids))):
        scan.answer = json.dumps({**json.loads(scan.answer), "participant": None})
    db.session.execute(
        sa.update(Stay).where(Stay.participant_id == person.id).values(person_key=person.person_key)
    )
    booking: Booking = person.booking
    # A stored API answer about the booking holds every name in it: it goes.
    db.session.execute(
        sa.delete(IdempotencyRecord).where(IdempotencyRecord.booking_id == booking.id)
    )
    if all(p.anonymised_at for p in booking.participants):
        booking.contact_name = ANONYMOUS
        booking.contact_email = booking.contact_phone = None
        booking.emergency_name = booking.emergency_phone = booking.pickup_adults = ""
        booking.source_hash = None
        if booking.created_by_id is None:  # else it names the staff member who registered
            for consent in booking.consents:
                consent.given_by = ANONYMOUS
        # Messages keep their kind and time, not the address (nor an error that quoted it);
        # one not yet sent is not sent.
        db.session.execute(
            sa.update(OutboxMail)
            .where(OutboxMail.booking_id == booking.id)
            .values(
                recipient="",
                link_token=None,
                last_error=None,
                attempts=sa.case(
                    (OutboxMail.sent_at.is_(None), MAX_ATTEMPTS), else_=OutboxMail.attempts
                ),
            )
            .execution_options(synchronize_session="fetch")
        )


def anonymise_guests(*, now: datetime) -> int:
    """Replace the data of guests whose temporary stay ended longer ago than data retention."""
    cutoff = (now - timedelta(days=GUEST_RETENTION_DAYS)).date()
    stays = db.session.scalars(
        sa.select(Stay).where(
            Stay.participant_id.is_(None),
            Stay.departs_on < cutoff,
            Stay.guest_last_name != "",
        )
    ).all()
    for stay in stays:
        anonymise_guest(stay)
    return len(stays)


def anonymise_guest(stay: Stay) -> None:
    """A guest's stay keeps its nights and purpose (bed-nights count), not who slept there."""
    stay.guest_first_name, stay.guest_last_name = ANONYMOUS, ""
    stay.guest_birth_date = None
    stay.referred_by = ""
    stay.person_key = _opaque(stay.person_key)


#: Why someone was erased; fixed words, so the log never holds free text about a person.
ERASURE_REASONS = {
    "family_request": _l("The family asked for it"),
    "duplicate": _l("Registered twice by mistake"),
    "legal_obligation": _l("A legal obligation"),
    "other": _l("Another reason, documented elsewhere"),
}


def erase_person(person_id: int, *, now: datetime, by_staff_id: int | None, reason: str):
    """Erase one person at their (or staff's) request: a future place is cancelled through the
    normal path, so the waiting list moves; then their data are irreversibly replaced. Their
    siblings stay as they are, and every count in the reports stays the same."""
    if reason not in ERASURE_REASONS:
        raise ValueError(reason)
    event_id = db.session.scalar(sa.select(Participant.event_id).filter_by(id=person_id))
    if event_id is None:
        raise NotFound("not_found", _("Not found."))
    # Locked before the person is read: an erasure racing a cancellation frees one place.
    event = lock_row(Event, event_id)
    person = db.session.get(Participant, person_id)
    if person.anonymised_at is not None:
        return
    if person.status != ParticipantStatus.CANCELLED and event.ends_at > now:
        cancel_participants(person.booking_id, [person.id], now=now, by="erasure")
    for stay in db.session.scalars(sa.select(Stay).filter_by(participant_id=person.id)):
        stay.referred_by = ""
    anonymise_participant(person, now=now)
    audit.record(
        f"erasure_{reason}", staff_id=by_staff_id, subject=f"participant:{person.id}", now=now
    )
