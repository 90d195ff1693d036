"""Tickets: one per confirmed participant, an opaque random code, drawn as a QR code."""

import base64
import hashlib
import io
import secrets
from datetime import datetime

import qrcode
import qrcode.image.svg
import sqlalchemy as sa
from flask_babel import gettext as _
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from camps.models import Event
from core.errors import DomainError, NotFound
from core.locking import lock_row
from extensions import db
from registration.models import Participant, ParticipantStatus, Ticket

#: 160 random bits; Base32 keeps them in QR's alphanumeric alphabet (no lower case, no '=').
CODE_BYTES = 20


def new_code() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode().rstrip("=")


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def valid_ticket(participant: Participant) -> Ticket | None:
    return db.session.scalar(
        sa.select(Ticket).where(
            Ticket.participant_id == participant.id, Ticket.revoked_at.is_(None)
        )
    )


def valid_tickets(booking) -> dict[int, Ticket]:
    """The booking's valid tickets by participant id (confirmed places only have one)."""
    rows = db.session.scalars(
        sa.select(Ticket)
        .join(Participant, Participant.id == Ticket.participant_id)
        .where(
            Participant.booking_id == booking.id,
            Participant.status == ParticipantStatus.CONFIRMED,
            Ticket.revoked_at.is_(None),
        )
    )
    return {ticket.participant_id: ticket for ticket in rows}


def ticket_exists(code: str) -> bool:
    return db.session.scalar(sa.select(Ticket.id).filter_by(code=code)) is not None


def issue_ticket(participant: Participant, *, now: datetime) -> Ticket:
    """The participant's valid ticket, made now if there is none."""
    db.session.flush()
    ticket = valid_ticket(participant)
    if ticket is None:
        code = new_code()
        ticket = Ticket(
            participant_id=participant.id,
            event_id=participant.event_id,
            code=code,
            code_sha256=code_hash(code),
            issued_at=now,
        )
        db.session.add(ticket)
    return ticket


def insert_first_tickets(seated: list[tuple[int, str]], *, event_id: int, now: datetime) -> None:
    """The first tickets of participants just seated, (id, code made before the lock)."""
    if seated:
        rows = [
            {
                "participant_id": participant_id,
                "event_id": event_id,
                "code": code,
                "code_sha256": code_hash(code),
                "issued_at": now,
                "inside": False,
            }
            for participant_id, code in seated
        ]
        db.session.execute(sa.insert(Ticket), rows)


def revoke_ticket(participant: Participant, *, now: datetime) -> None:
    db.session.flush()
    db.session.execute(
        sa.update(Ticket)
        .where(Ticket.participant_id == participant.id, Ticket.revoked_at.is_(None))
        .values(revoked_at=now, inside=False)
    )


def reissue_ticket(participant_id: int, *, now: datetime) -> Ticket:
    """A new code for a lost or shared ticket; the old one stops working."""
    event_id = db.session.scalar(sa.select(Participant.event_id).filter_by(id=participant_id))
    if event_id is None:
        raise NotFound("not_found", _("Not found."))
    lock_row(Event, event_id)
    participant = db.session.get(Participant, participant_id)
    if participant.status != ParticipantStatus.CONFIRMED:
        raise DomainError("not_confirmed", _("Only a confirmed place has a ticket."))
    old = valid_ticket(participant)
    revoke_ticket(participant, now=now)
    ticket = issue_ticket(participant, now=now)
    if old is not None:
        # Whoever is on site stays on site: only the code changes.
        ticket.inside, ticket.entered_at = old.inside, old.entered_at
        ticket.first_entered_at = old.first_entered_at
    return ticket


def revoke_event_tickets(event_id: int, *, now: datetime) -> None:
    db.session.execute(
        sa.update(Ticket)
        .where(Ticket.event_id == event_id, Ticket.revoked_at.is_(None))
        .values(revoked_at=now)
    )


#: The payload is random, so every mask gives it the same chances at the scanner; a fixed one
#: spares the eight trial encodings the library would score (most of a QR's cost).
MASK_PATTERN = 0


def _qr(code: str, box_size: int, image_factory=None) -> qrcode.QRCode:
    qr = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M,
        box_size=box_size,
        border=4,
        image_factory=image_factory,
        mask_pattern=MASK_PATTERN,
    )
    qr.add_data(code)
    qr.make(fit=True)
    return qr


def qr_png(code: str, *, box_size: int = 8) -> bytes:
    """The code as a PNG; 8-pixel modules print about 3 cm wide at 300 dpi."""
    # Pillow scales the module matrix in one step, instead of drawing module by module.
    matrix = _qr(code, box_size).get_matrix()
    size = len(matrix)
    modules = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = Image.frombytes("L", (size, size), modules).convert("1")
    image = image.resize((size * box_size, size * box_size), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(code: str) -> bytes:
    buffer = io.BytesIO()
    _qr(code, 10, qrcode.image.svg.SvgPathImage).make_image().save(buffer)
    return buffer.getvalue()
