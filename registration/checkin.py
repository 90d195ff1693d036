"""Check-in at the gate: entries and exits, answered alike online and from offline queues."""

import dataclasses
import hashlib
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _

from camps.models import Event, EventStatus
from core.db import savepoint
from core.errors import ValidationError
from core.locking import lock_row
from extensions import db
from registration.models import Booking, Participant, ParticipantStatus, Scan, Ticket
from staff.models import Role, StaffUser
from web.locale import format_local_time

DIRECTIONS = ("in", "out")


@dataclasses.dataclass
class ScanRequest:
    #: The QR's code; or, for someone found by name on the scanner, their ticket's id.
    code: str | None
    event_id: int
    direction: str = "in"
    #: The device's own id for the scan; a repeat returns the first answer.
    nonce: str | None = None
    #: When an offline device scanned; None means as it arrives.
    scanned_at: datetime | None = None
    ticket_id: int | None = None


def can_check_in(user: StaffUser, event: Event) -> bool:
    """Scanners at any published event; organisers at their partner's; admins anywhere.

    A cancelled event stays open to the gate, so its tickets answer "cancelled".
    """
    if user.role == Role.SCANNER:
        return event.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED)
    return user.can_manage_partner(event.partner_id)


def lock_ticket(request: ScanRequest) -> Ticket | None:
    """Find the scanned ticket, lock its row, and return it as it stands under the lock."""
    if request.ticket_id is not None:
        match = (Ticket.id == request.ticket_id) & Ticket.revoked_at.is_(None)
    else:
        match = Ticket.code == request.code
    ticket_id = db.session.scalar(sa.select(Ticket.id).where(match))
    return lock_row(Ticket, ticket_id) if ticket_id is not None else None


def on_site_now(event_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Ticket.id)).where(
            Ticket.event_id == event_id, Ticket.inside.is_(True)
        )
    )


def _message(code: str, direction: str, since: str) -> str:
    if code == "ok":
        return _("Welcome: checked in.") if direction == "in" else _("Goodbye: checked out.")
    return {
        "already_checked_in": _("Already inside since %(time)s.", time=since),
        "not_checked_in": _("Not checked in, so cannot check out."),
        "unknown_ticket": _("Unknown ticket."),
        "wrong_event": _("This ticket is for another event."),
        "cancelled": _("This ticket is cancelled."),
        "not_confirmed": _("No confirmed place: on the waiting list."),
    }[code]


def _answer(code: str, request: ScanRequest, ticket: Ticket | None, zone: str) -> dict:
    participant: Participant | None = ticket.participant if ticket else None
    entered = ticket.entered_at if ticket and code == "already_checked_in" else None
    return {
        "ok": code == "ok",
        "code": code,
        "message": _message(
            code, request.direction, format_local_time(entered, zone) if entered else ""
        ),
        "direction": request.direction,
        "participant": {
            "display_name": participant.display_name,
            "age": participant.age,
            "attention": participant.attention,
            "photos": participant.photos,
        }
        if participant and code in ("ok", "already_checked_in", "not_checked_in")
        else None,
        "first_scan_at": entered.astimezone(ZoneInfo(zone)).isoformat(timespec="seconds")
        if entered
        else None,
        "on_site_now": on_site_now(request.event_id),
    }


def _decide(ticket: Ticket | None, request: ScanRequest, event: Event) -> str:
    if ticket is None:
        return "unknown_ticket"
    if ticket.event_id != request.event_id:
        return "wrong_event"
    if ticket.revoked_at is not None or event.status == EventStatus.CANCELLED:
        return "cancelled"
    if ticket.participant.status != ParticipantStatus.CONFIRMED:
        return "not_confirmed"
    if request.direction == "in" and ticket.inside:
        return "already_checked_in"
    if request.direction == "out" and not ticket.inside:
        return "not_checked_in"
    return "ok"


def perform_checkin(
    request: ScanRequest, *, event: Event, user: StaffUser | None, now: datetime
) -> dict:
    """Record an entry or exit if the ticket allows it, and say what happened and why.

    The ticket row is locked first, so two gates scanning one child at the same moment
    record one entry; the other hears "already inside since" with the first time.
    """
    ticket = lock_ticket(request)
    hint = _code_hint(request) if ticket is None else None
    if request.nonce:
        # Read after the lock: a twin of this upload that held it has recorded its answer.
        stored = _stored_answer(request, ticket, hint)
        if stored is not None:
            return stored
    code = _decide(ticket, request, event)
    scanned_at = request.scanned_at or now
    if code == "ok":
        if request.direction == "in":
            ticket.inside, ticket.entered_at = True, scanned_at
            ticket.first_entered_at = ticket.first_entered_at or scanned_at
        else:
            ticket.inside = False
    db.session.flush()
    answer = _answer(code, request, ticket, event.venue.timezone)
    scan = Scan(
        event_id=event.id,
        ticket_id=ticket.id if ticket else None,
        direction=request.direction,
        result=code,
        scanned_at=scanned_at,
        received_at=now,
        nonce=request.nonce,
        code_hint=hint,
        staff_id=user.id if user else None,
        answer=json.dumps(answer),
    )
    try:
        with savepoint():
            db.session.add(scan)
            db.session.flush()
    except sa.exc.IntegrityError:
        # An unknown code has no row to lock: its twin may have got in first. Its answer
        # stands, and this scan recorded nothing (the savepoint undid only the insert).
        stored = _stored_answer(request, ticket, hint) if request.nonce else None
        if stored is None:
            raise
        return stored
    return answer


def _code_hint(request: ScanRequest) -> str | None:
    """What an unknown code leaves in the log: a short hash prefix, never the code."""
    if not request.code:
        return None
    return hashlib.sha256(request.code.encode()).hexdigest()[:12]


def _stored_answer(request: ScanRequest, ticket: Ticket | None, hint: str | None):
    """The first answer to this scan's nonce; a nonce used for another scan is refused.

    Its answer must never go to a different ticket or event: it names a child.
    """
    scan = db.session.scalar(sa.select(Scan).filter_by(nonce=request.nonce))
    if scan is None:
        return None
    same = (
        scan.event_id == request.event_id
        and scan.ticket_id == (ticket.id if ticket else None)
        and (ticket is not None or scan.code_hint == hint)
    )
    if not same:
        raise ValidationError({"nonce": _("This nonce belongs to another scan.")})
    return json.loads(scan.answer)


def attendance(event_id: int) -> dict:
    """People: confirmed, waiting, ever checked in, and inside now."""
    statuses = dict(
        db.session.execute(
            sa.select(Participant.status, sa.func.count(Participant.id))
            .where(Participant.event_id == event_id)
            .group_by(Participant.status)
        ).all()
    )
    checked_in, inside = db.session.execute(
        sa.select(
            sa.func.count(Ticket.first_entered_at),
            sa.func.count(Ticket.id).filter(Ticket.inside.is_(True)),
        ).where(Ticket.event_id == event_id, Ticket.revoked_at.is_(None))
    ).one()
    return {
        "confirmed": statuses.get(ParticipantStatus.CONFIRMED, 0),
        "waitlisted": statuses.get(ParticipantStatus.WAITLISTED, 0),
        "checked_in": checked_in,
        "on_site_now": inside,
    }


def _sync_status(ticket: Ticket, participant: Participant) -> str:
    if ticket.revoked_at:
        return "cancelled"
    return "confirmed" if participant.status == ParticipantStatus.CONFIRMED else "not_confirmed"


def sync_data(event_id: int) -> list[dict]:
    """What an offline scanner needs: code hashes, names to show, and who is inside."""
    rows = db.session.execute(
        sa.select(Ticket, Participant)
        .join(Participant, Participant.id == Ticket.participant_id)
        .where(Ticket.event_id == event_id)
        .order_by(Ticket.id)
        .options(
            sa.orm.contains_eager(Ticket.participant),
            sa.orm.selectinload(Participant.booking).selectinload(Booking.consents),
            sa.orm.selectinload(Participant.event),
        )
    ).all()
    return [
        {
            "ticket_id": ticket.id,
            "code_sha256": ticket.code_sha256,
            "display_name": participant.display_name,
            "age": participant.age,
            "status": "cancelled"
            if ticket.revoked_at
            else (
                "confirmed"
                if participant.status == ParticipantStatus.CONFIRMED
                else "not_confirmed"
            ),
            "attention": participant.attention,
            "photos": participant.photos,
            "inside": ticket.inside,
            "pickup": _pickup(participant),
        }
        for ticket, participant in rows
    ]


def _pickup(participant: Participant) -> str | None:
    """Who may collect a minor: the guardian and the adults named at registration."""
    if participant.is_adult:
        return None
    booking = participant.booking
    # The contact may be a worker who registered the child, not someone who may collect them.
    names = [booking.contact_name] if booking.is_guardian else []
    if booking.pickup_adults:
        names.append(booking.pickup_adults)
    return "; ".join(names) or None


def gate_lists(event: Event) -> dict:
    """For staff: who is on site now, who has not arrived, and people in per day."""
    zone = ZoneInfo(event.venue.timezone)
    rows = db.session.execute(
        sa.select(Ticket, Participant)
        .join(Participant, Participant.id == Ticket.participant_id)
        .where(Ticket.event_id == event.id, Ticket.revoked_at.is_(None))
        .order_by(Participant.last_name, Participant.first_name)
    ).all()
    entries = db.session.execute(
        sa.select(Scan.ticket_id, Scan.scanned_at).where(
            Scan.event_id == event.id, Scan.result == "ok", Scan.direction == "in"
        )
    ).all()
    days: dict = {}
    for ticket_id, scanned_at in entries:
        days.setdefault(scanned_at.astimezone(zone).date(), set()).add(ticket_id)
    participants = [participant for _ticket, participant in rows]
    return {
        "inside": [p for t, p in rows if t.inside],
        "not_arrived": [p for t, p in rows if t.first_entered_at is None],
        "per_day": sorted((day, len(ids)) for day, ids in days.items()),
        "everyone": participants,
    }
