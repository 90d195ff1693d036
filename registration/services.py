"""Registering: the new booking, its places and consents; finding a booking again.

The input's rules and eligibility live in registration.eligibility, the waiting list's in
registration.waitlist. Services flush; the caller commits.
"""

import hmac
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from camps.models import Event, EventStatus
from core.errors import DomainError, NotFound, ValidationError
from core.text import clean_email
from extensions import db
from registration import emails, tickets
from registration.eligibility import (
    RegistrationData,
    check_eligibility,
    clean_registration,
)
from registration.models import (
    ACTIVE,
    Booking,
    BookingLink,
    Consent,
    ConsentKind,
    Participant,
    ParticipantStatus,
    person_key,
)
from registration.privacy import current_notice
from registration.waitlist import locked_open_event, seat_family
from staff.models import StaffUser, hash_token

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _new_reference() -> str:
    # 32^8 ≈ 10^12 references: the unique constraint guards the (never seen) collision.
    return "TLT-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))


def source_hash(address: str | None) -> str | None:
    """What a registration keeps of the address it came from: a keyed hash, never the address."""
    if not address:
        return None
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"registration source " + address.encode(), "sha256").hexdigest()


def register(
    event_id: int,
    data: RegistrationData,
    *,
    now: datetime,
    staff: StaffUser | None = None,
    source: str | None = None,
) -> tuple[Booking, str]:
    """Register a family for an event: places if they are free, else the waiting list.

    `source` is the client address of a public registration (kept only as a keyed hash).
    Returns the booking and its link's secret, which is stored only as a hash.

    What does not depend on the event is made before its lock: the input checked, the
    reference, the booking link's secret, the tickets' codes. Under the lock only the rules
    that read the event, the count, and the rows: one flush, then consents and tickets in
    one statement each.
    """
    status = db.session.scalar(sa.select(Event.status).where(Event.id == event_id))
    if status is None or status == EventStatus.DRAFT:
        raise NotFound("not_found", _("Not found."))
    clean = clean_registration(data, today=now.date())
    privacy_version = _privacy_version(data.privacy_version)
    people = clean["people"]
    keys = [person_key(p["first_name"], p["last_name"], p["birth_date"]) for p in people]
    reference, source_key = _new_reference(), None if staff else source_hash(source)
    token = emails.new_token()
    codes = [tickets.new_code() for _person in people]

    event = locked_open_event(event_id, now=now)
    _check_open(event, now=now)
    # May fill in the contact: a young adult registering alone is their own contact.
    check_eligibility(clean, data, event, on_behalf=staff is not None)
    _check_not_registered(event, people, keys)
    booking = _new_booking(data, clean["contact"], reference, source_key, staff=staff, now=now)
    booking.event = event
    participants = [
        Participant(
            booking=booking,
            event=event,
            person_key=key,
            status=ParticipantStatus.WAITLISTED,
            **{k: v for k, v in person.items() if k != "age"},
        )
        for person, key in zip(people, keys, strict=True)
    ]
    given_by = staff.email if staff else clean["contact"]["contact_name"]
    emails.link_for_new_booking(booking, token, now=now)
    db.session.add(booking)
    seated = _seat_newcomers(event, participants, data.sibling_mode, now=now)
    emails.queue_booking_mail(booking, "registered", now=now, token=token)
    db.session.flush()  # the rows with ids others point to; nothing is read back
    # Rows nobody points to, each table in one statement.
    _record_consents(booking.id, data.consents, privacy_version, given_by=given_by, now=now)
    tickets.insert_first_tickets(
        [(p.id, code) for p, code in zip(participants, codes, strict=True) if p in seated],
        event_id=event.id,
        now=now,
    )
    return booking, token


def _seat_newcomers(
    event: Event, participants: list[Participant], mode, *, now: datetime
) -> list[Participant]:
    """Put the family at the end of the queue, then seat whom the free places allow."""
    # Only a family with nobody ahead of it may take free places at once.
    free = event.capacity - event.seats_taken if event.waitlist_count == 0 else 0
    seated = seat_family(event, participants, mode, free)
    for participant in seated:
        participant.status = ParticipantStatus.CONFIRMED
        participant.confirmed_at = now
    event.seats_taken += len(seated)
    event.waitlist_count += len(participants) - len(seated)
    event.touch(now)
    return seated


def _check_open(event: Event, *, now: datetime) -> None:
    """Refuse a cancelled event, or one that takes no registrations now."""
    if event.status == EventStatus.CANCELLED:
        raise DomainError("event_cancelled", _("This event is cancelled."))
    if not event.is_registration_open(now):
        raise DomainError("registration_closed", _("Registration for this event is closed."))


def _privacy_version(shown: int | None) -> int:
    """The privacy notice's current version; a form that showed an older one is refused."""
    version = current_notice().version
    if shown is not None and shown != version:
        raise ValidationError(
            {
                "privacy_version": _(
                    "The privacy notice changed while you were filling in the form. Please read "
                    "the new version and send the form again."
                )
            },
            code="privacy_changed",
        )
    return version


def _check_not_registered(event: Event, people: list[dict], keys: list[str]) -> None:
    """Refused when one of the people has a place or waits at this event."""
    taken = db.session.scalars(
        sa.select(Participant.person_key).where(
            Participant.event_id == event.id,
            Participant.person_key.in_(keys),
            Participant.status.in_(ACTIVE),
        )
    ).all()
    if taken:
        names = ", ".join(
            f"{person['first_name']} {person['last_name']}"
            for person, key in zip(people, keys, strict=True)
            if key in taken
        )
        raise DomainError(
            "already_registered",
            _("%(names)s already has a place or waits for one at this event.", names=names),
        )


def _new_booking(
    data: RegistrationData,
    contact: dict,
    reference: str,
    source_key: str | None,
    *,
    staff: StaffUser | None,
    now: datetime,
) -> Booking:
    return Booking(
        reference=reference,
        contact_name=contact["contact_name"],
        contact_email=contact["contact_email"],
        contact_phone=contact["contact_phone"],
        is_guardian=contact["is_guardian"],
        locale=data.locale,
        country=data.country.upper() if data.country else None,
        pickup_adults=contact["pickup_adults"],
        emergency_name=contact["emergency_name"] or contact["contact_name"],
        emergency_phone=contact["emergency_phone"] or (contact["contact_phone"] or ""),
        sibling_mode=data.sibling_mode,
        created_by_id=staff.id if staff else None,
        source_hash=source_key,
        created_at=now,
    )


def _record_consents(
    booking_id: int, consents: dict[str, bool], version: int, *, given_by: str, now: datetime
) -> None:
    """Each consent the form asked for, given or not, with the notice's version and the time."""
    rows = [
        {
            "booking_id": booking_id,
            "kind": kind,
            "granted": bool(consents[kind]),
            "text_version": str(version),
            "given_by": given_by,
            "given_at": now,
        }
        for kind in ConsentKind
        if kind in consents
    ]
    db.session.execute(sa.insert(Consent), rows)


def booking_for_token(token: str) -> Booking | None:
    """The booking a link's secret opens, or None: any other secret finds nothing."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(
        sa.select(Booking)
        .join(BookingLink, BookingLink.booking_id == Booking.id)
        .where(BookingLink.token_hash == hash_token(token))
    )


def bookings_for_email(email: str, *, now: datetime) -> list[Booking]:
    """The bookings of upcoming events whose contact is this address."""
    errors: dict = {}
    address = clean_email(email, "email", errors)
    if address is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Booking)
            .join(Booking.event)
            .where(Booking.contact_email == address, Event.ends_at > now)
            .order_by(Event.starts_at)
        )
    )
