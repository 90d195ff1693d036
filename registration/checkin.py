"""Check-in at the gate: entries and exits, answered alike online and from offline queues."""

import dataclasses
import hashlib
import json
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite

from camps.models import Event, EventStatus, Venue
from core.db import UTCDateTime
from core.errors import ValidationError
from core.locking import lock_found_row
from extensions import db
from registration.models import (
    Booking,
    Consent,
    ConsentKind,
    Participant,
    ParticipantStatus,
    Scan,
    Ticket,
    age_on,
)
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


# A scan is the hottest path there is: its statements are built once, here, and run on the
# session's connection. Built anew on each call, or passed through the ORM, they would cost
# more than the database takes to answer them.


def _run(statement, params: dict) -> sa.CursorResult:
    return db.session.connection().execute(statement, params)


class GateEvent(NamedTuple):
    """What a scan reads of its event before the lock: whose it is and whether it is open."""

    id: int
    status: EventStatus
    partner_id: int


_GATE_EVENT = sa.select(Event.id, Event.status, Event.partner_id).where(
    Event.id == sa.bindparam("event_id")
)


def gate_event(event_id: int) -> GateEvent | None:
    """The event a scan is for, as plain values: nothing loaded to go stale under the lock."""
    row = _run(_GATE_EVENT, {"event_id": event_id}).first()
    return GateEvent(*row) if row else None


def can_check_in(user: StaffUser, event: Event | GateEvent) -> bool:
    """Scanners at any published event; organisers at their partner's; admins anywhere.

    A cancelled event stays open to the gate, so its tickets answer "cancelled".
    """
    if user.role == Role.SCANNER:
        return event.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED)
    return user.can_manage_partner(event.partner_id)


#: What a scan reads of its ticket, under the ticket's lock: one row, no object graph.
_AT_THE_GATE = (
    sa.select(
        Ticket.id,
        Ticket.event_id,
        Ticket.revoked_at,
        Ticket.inside,
        Ticket.entered_at,
        Ticket.first_entered_at,
        Participant.status.label("participant_status"),
        Participant.first_name,
        Participant.last_name,
        Participant.birth_date,
        Participant.health_notes,
        sa.exists()
        .where(
            Consent.booking_id == Participant.booking_id,
            Consent.kind == ConsentKind.PHOTOS,
            Consent.granted.is_(True),
        )
        .label("photos"),
        Event.status.label("event_status"),
        Event.starts_on,
        Venue.timezone,
    )
    .join(Participant, Participant.id == Ticket.participant_id)
    .join(Event, Event.id == Ticket.event_id)
    .join(Venue, Venue.id == Event.venue_id)
)
_BY_CODE = _AT_THE_GATE.where(Ticket.code == sa.bindparam("code"))
#: Found by name on the scanner: only a ticket that can still open the gate.
_BY_ID = _AT_THE_GATE.where(Ticket.id == sa.bindparam("ticket_id"), Ticket.revoked_at.is_(None))


def lock_ticket(request: ScanRequest) -> sa.Row | None:
    """Find the scanned ticket and lock it; its values (and its holder's) under the lock."""
    if request.ticket_id is not None:
        return lock_found_row(Ticket, _BY_ID, {"ticket_id": request.ticket_id})
    return lock_found_row(Ticket, _BY_CODE, {"code": request.code})


_ON_SITE = sa.select(sa.func.count(Ticket.id)).where(
    Ticket.event_id == sa.bindparam("event_id"), Ticket.inside.is_(True)
)


def on_site_now(event_id: int) -> int:
    return _run(_ON_SITE, {"event_id": event_id}).scalar_one()


#: Refusals, translated when answered.
_REFUSALS = {
    "not_checked_in": _l("Not checked in, so cannot check out."),
    "unknown_ticket": _l("Unknown ticket."),
    "wrong_event": _l("This ticket is for another event."),
    "cancelled": _l("This ticket is cancelled."),
    "not_confirmed": _l("No confirmed place: on the waiting list."),
}
#: The answers that name the holder: the ticket is theirs and for this event.
_NAMES_HOLDER = ("ok", "already_checked_in", "not_checked_in")


def _message(code: str, direction: str, since: str) -> str:
    if code == "ok":
        return _("Welcome: checked in.") if direction == "in" else _("Goodbye: checked out.")
    if code == "already_checked_in":
        return _("Already inside since %(time)s.", time=since)
    return str(_REFUSALS[code])


def _answer(code: str, request: ScanRequest, ticket: sa.Row | None) -> dict:
    entered = ticket.entered_at if code == "already_checked_in" else None
    holder = ticket if code in _NAMES_HOLDER else None
    return {
        "ok": code == "ok",
        "code": code,
        "message": _message(
            code, request.direction, format_local_time(entered, ticket.timezone) if entered else ""
        ),
        "direction": request.direction,
        # The model's own rules, read from the row's values.
        "participant": {
            "display_name": Participant.display_name.fget(holder),
            "age": age_on(holder.birth_date, holder.starts_on),
            "attention": Participant.attention.fget(holder),
            "photos": bool(holder.photos),
        }
        if holder
        else None,
        "first_scan_at": entered.astimezone(ZoneInfo(ticket.timezone)).isoformat(timespec="seconds")
        if entered
        else None,
        "on_site_now": on_site_now(request.event_id),
    }


def _decide(ticket: sa.Row | None, request: ScanRequest) -> str:
    if ticket is None:
        return "unknown_ticket"
    if ticket.event_id != request.event_id:
        return "wrong_event"
    if ticket.revoked_at is not None or ticket.event_status == EventStatus.CANCELLED:
        return "cancelled"
    if ticket.participant_status != ParticipantStatus.CONFIRMED:
        return "not_confirmed"
    if request.direction == "in" and ticket.inside:
        return "already_checked_in"
    if request.direction == "out" and not ticket.inside:
        return "not_checked_in"
    return "ok"


_TICKETS = Ticket.__table__
_ENTER = (
    sa.update(_TICKETS)
    .where(_TICKETS.c.id == sa.bindparam("ticket_id"))
    .values(
        inside=True,
        entered_at=sa.bindparam("at", type_=UTCDateTime),
        first_entered_at=sa.bindparam("first_at", type_=UTCDateTime),
    )
)
_LEAVE = sa.update(_TICKETS).where(_TICKETS.c.id == sa.bindparam("ticket_id")).values(inside=False)


def _pass(ticket: sa.Row, direction: str, scanned_at: datetime) -> None:
    """Record the entry or exit on the locked ticket."""
    if direction == "in":
        first_at = ticket.first_entered_at or scanned_at
        _run(_ENTER, {"ticket_id": ticket.id, "at": scanned_at, "first_at": first_at})
    else:
        _run(_LEAVE, {"ticket_id": ticket.id})


_SCANS = Scan.__table__
_INSERT_SCAN = sa.insert(_SCANS)
#: A scan with a nonce: inserted unless one with its nonce is there already.
_INSERT_NEW_NONCE = {
    name: dialect.insert(_SCANS).on_conflict_do_nothing(index_elements=[_SCANS.c.nonce])
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_BY_NONCE = sa.select(Scan.event_id, Scan.ticket_id, Scan.code_hint, Scan.answer).where(
    Scan.nonce == sa.bindparam("nonce")
)


def _insert_scan(values: dict) -> bool:
    """Insert the scan; False when one with its nonce is there already (nothing inserted)."""
    if values["nonce"] is None:
        _run(_INSERT_SCAN, values)
        return True
    # A twin of an unknown code's upload has no row lock to wait for and may have got in
    # first: its scan stands, and this one records nothing.
    dialect = db.session.get_bind().dialect.name
    return _run(_INSERT_NEW_NONCE[dialect], values).rowcount == 1


def perform_checkin(
    request: ScanRequest, *, event: Event | GateEvent, user: StaffUser | None, now: datetime
) -> dict:
    """Record an entry or exit if the ticket allows it, and say what happened and why.

    The ticket row is locked first, so two gates scanning one child at the same moment
    record one entry; the other hears "already inside since" with the first time.
    """
    # Plain values first: taking the lock makes the session forget the objects it holds.
    event_id, staff_id = event.id, user.id if user else None
    ticket = lock_ticket(request)
    ticket_id = ticket.id if ticket else None
    hint = _code_hint(request) if ticket is None else None
    if request.nonce:
        # Read after the lock: a twin of this upload that held it has recorded its answer.
        stored = _stored_answer(request, ticket_id, hint)
        if stored is not None:
            return stored
    code = _decide(ticket, request)
    scanned_at = request.scanned_at or now
    if code == "ok":
        _pass(ticket, request.direction, scanned_at)
    answer = _answer(code, request, ticket)
    recorded = _insert_scan(
        {
            "event_id": event_id,
            "ticket_id": ticket_id,
            "direction": request.direction,
            "result": code,
            "scanned_at": scanned_at,
            "received_at": now,
            "nonce": request.nonce,
            "code_hint": hint,
            "staff_id": staff_id,
            "answer": json.dumps(answer),
        }
    )
    if not recorded:
        stored = _stored_answer(request, ticket_id, hint)
        if stored is None:
            raise RuntimeError("a scan's nonce was taken, then gone")
        return stored
    return answer


def _code_hint(request: ScanRequest) -> str | None:
    """What an unknown code leaves in the log: a short hash prefix, never the code."""
    if not request.code:
        return None
    return hashlib.sha256(request.code.encode()).hexdigest()[:12]


def _stored_answer(request: ScanRequest, ticket_id: int | None, hint: str | None):
    """The first answer to this scan's nonce; a nonce used for another scan is refused.

    Its answer must never go to a different ticket or event: it names a child.
    """
    scan = _run(_BY_NONCE, {"nonce": request.nonce}).first()
    if scan is None:
        return None
    same = (
        scan.event_id == request.event_id
        and scan.ticket_id == ticket_id
        and (ticket_id is not None or scan.code_hint == hint)
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
