"""A family's right of access: all its data as JSON, after a fresh one-time code by e-mail."""

import hmac
import json
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Response, make_response
from flask_babel import gettext as _

from camps.models import Bed
from core import audit
from core.errors import DomainError, ValidationError
from core.locking import lock_name
from extensions import db
from registration import emails
from registration.models import (
    Booking,
    DataCode,
    OutboxMail,
    Participant,
    Scan,
    Stay,
    Ticket,
)
from staff.models import hash_token

CODE_LIFETIME = timedelta(minutes=15)
#: Wrong tries before a code is spent: 5 in 10^8 is no way in.
MAX_ATTEMPTS = 5


def send_code(booking: Booking, *, now: datetime) -> None:
    """E-mail a new code to the booking's address; any earlier code stops working."""
    if not booking.contact_email:
        raise DomainError(
            "no_email",
            _(
                "This booking has no e-mail address for a code. Please ask the organiser for "
                "a copy of your data."
            ),
        )
    # Two requests at once leave one live code, the newer one.
    lock_name(f"data code {booking.id}")
    _spend_all(booking, now)
    code = f"{secrets.randbelow(10**8):08d}"
    db.session.add(
        DataCode(
            booking_id=booking.id,
            code_hash=hash_token(code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    )
    emails.queue_booking_mail(booking, "data_code", now=now, token=code)


def _spend_all(booking: Booking, now: datetime) -> None:
    db.session.execute(
        sa.update(DataCode)
        .where(DataCode.booking_id == booking.id, DataCode.spent_at.is_(None))
        .values(spent_at=now)
    )


def use_code(booking: Booking, code: str, *, now: datetime) -> None:
    """Accept the booking's live code once, or say why not (a wrong try counts)."""
    code = "".join((code or "").split())
    # Two tries at once count twice and a code works once: one try at a time per booking.
    lock_name(f"data code {booking.id}")
    live = db.session.scalar(
        sa.select(DataCode)
        .where(DataCode.booking_id == booking.id, DataCode.spent_at.is_(None))
        .order_by(DataCode.id.desc())
        .limit(1)
    )
    if live is None or live.expires_at <= now:
        raise ValidationError(
            {"code": _("This code is no longer valid. Ask for a new one.")}, code="code_expired"
        )
    if not hmac.compare_digest(live.code_hash, hash_token(code)):
        live.attempts += 1
        if live.attempts >= MAX_ATTEMPTS:
            live.spent_at = now
            message = _("Too many wrong codes. Ask for a new one.")
        else:
            message = _("This code is not right. Check the latest e-mail and try again.")
        raise ValidationError({"code": message}, code="code_wrong")
    live.spent_at = now
    audit.record("data_export_family", staff_id=None, subject=f"booking:{booking.id}", now=now)


def download_response(booking: Booking, data: dict) -> Response:
    """The data as a JSON file to save, never cached."""
    response = make_response(json.dumps(data, ensure_ascii=False, indent=2))
    response.mimetype = "application/json"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="tiltas-data-{booking.reference}.json"'
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def family_data(booking: Booking, *, now: datetime) -> dict:
    """Everything Tiltas holds about the family behind this booking's e-mail address.

    Every booking with the same contact address belongs to it (the code proved the address).
    """
    if booking.contact_email:
        bookings = db.session.scalars(
            sa.select(Booking)
            .where(Booking.contact_email == booking.contact_email)
            .order_by(Booking.id)
        ).all()
    else:
        bookings = [booking]
    return {
        "exported_at": _iso(now),
        "about": _(
            "All the data Tiltas holds about your family, as asked for from your booking page."
        ),
        "bookings": [_booking_data(b) for b in bookings],
    }


def _booking_data(booking: Booking) -> dict:
    event = booking.event
    return {
        "reference": booking.reference,
        "created_at": _iso(booking.created_at),
        "registered_by_staff": booking.created_by_id is not None,
        "status": booking.status,
        "language": booking.locale,
        "contact": {
            "name": booking.contact_name,
            "email": booking.contact_email,
            "phone": booking.contact_phone,
            "country": booking.country,
            "is_guardian": booking.is_guardian,
        },
        "emergency_contact": {"name": booking.emergency_name, "phone": booking.emergency_phone},
        "pickup_adults": booking.pickup_adults,
        "siblings": booking.sibling_mode.value,
        "event": {
            "id": event.id,
            "title": event.text("title", booking.locale),
            "starts_at": _iso(event.starts_at),
            "ends_at": _iso(event.ends_at),
            "venue": event.venue.name,
            "organiser": event.partner.name,
        },
        "participants": [_participant_data(p) for p in booking.participants],
        "consents": [
            {
                "kind": c.kind.value,
                "granted": c.granted,
                "privacy_notice_version": c.text_version,
                "given_by": c.given_by,
                "given_at": _iso(c.given_at),
            }
            for c in sorted(booking.consents, key=lambda c: (c.given_at, c.id))
        ],
        "emails": [
            {"kind": m.kind, "to": m.recipient, "subject": m.subject, "sent_at": _iso(m.sent_at)}
            for m in db.session.scalars(
                sa.select(OutboxMail)
                .where(OutboxMail.booking_id == booking.id)
                .order_by(OutboxMail.id)
            )
        ],
    }


def _participant_data(person: Participant) -> dict:
    tickets = db.session.scalars(
        sa.select(Ticket).where(Ticket.participant_id == person.id).order_by(Ticket.id)
    ).all()
    scans = db.session.scalars(
        sa.select(Scan)
        .where(Scan.ticket_id.in_([t.id for t in tickets]))
        .order_by(Scan.scanned_at, Scan.id)
    ).all()
    stays = db.session.execute(
        sa.select(Stay, Bed)
        .join(Bed, Stay.bed_id == Bed.id)
        .where(Stay.participant_id == person.id)
        .order_by(Stay.arrives_on)
    ).all()
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": _iso(person.birth_date),
        "gender": person.gender.value if person.gender else None,
        "email": person.email,
        "phone": person.phone,
        "dietary": person.dietary,
        "health_notes": person.health_notes,
        "needs_accessible_room": person.needs_accessible_room,
        "status": person.status.value,
        "confirmed_at": _iso(person.confirmed_at),
        "offer_expires_at": _iso(person.offer_expires_at),
        "cancelled_at": _iso(person.cancelled_at),
        "erased_at": _iso(person.anonymised_at),
        "tickets": [
            {"issued_at": _iso(t.issued_at), "revoked_at": _iso(t.revoked_at)} for t in tickets
        ],
        "check_ins": [
            {"direction": s.direction, "result": s.result, "at": _iso(s.scanned_at)} for s in scans
        ],
        "stays": [
            {
                "room": bed.room.name,
                "bed": bed.label,
                "arrives_on": _iso(stay.arrives_on),
                "departs_on": _iso(stay.departs_on),
                "status": stay.status.value,
            }
            for stay, bed in stays
        ],
    }
