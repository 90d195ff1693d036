"""The waiting list: places freed, offered, accepted, cancelled. Services flush; the caller
commits.

The waiting list, in short (README: "Places and the waiting list"):

- Families queue in the order their registration was taken (`Booking.id`, given out under the
  event's lock, so it is the order the lock let them in). People waiting
  count against free places, so while anyone waits a newcomer waits too, behind them.
- A family registering "together" gets places for all of its members or for none; "any" takes
  the places there are and leaves the rest of the family waiting at the same place in the queue.
- Freed places (a cancellation, a capacity increase, an expired offer) go to the head of the
  queue in the same transaction. A "together" family at the head that does not fit blocks the
  queue: nobody behind it is promoted past it, and the places stay free until it fits or
  staff promote someone by hand. Nobody is ever skipped.
- `auto` events confirm promoted people at once; `offer` events offer the places until a
  deadline, after which the offer lapses and passes to the next family.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from camps.models import Event, EventStatus, WaitlistMode
from camps.services import capacity_raised, event_cancelled
from core.errors import DomainError, NotFound
from core.locking import lock_row
from extensions import db
from registration import emails, tickets
from registration.models import (
    ACTIVE,
    HOLDS_SEAT,
    Booking,
    Participant,
    ParticipantStatus,
    SiblingMode,
)


def set_status(event: Event, participant: Participant, status: ParticipantStatus, now) -> None:
    """Move a participant and keep the event's counters in step (the event row is locked)."""
    old = participant.status
    if old in HOLDS_SEAT:
        event.seats_taken -= 1
    elif old == ParticipantStatus.WAITLISTED:
        event.waitlist_count -= 1
    if status in HOLDS_SEAT:
        event.seats_taken += 1
    elif status == ParticipantStatus.WAITLISTED:
        event.waitlist_count += 1
    if status in HOLDS_SEAT and event.status == EventStatus.CANCELLED:
        # Nobody takes a place, or a ticket, at an event that will not happen.
        raise DomainError("event_cancelled", _("This event is cancelled."))
    participant.status = status
    if status == ParticipantStatus.CONFIRMED:
        participant.confirmed_at = now
        participant.offer_expires_at = None
        tickets.issue_ticket(participant, now=now)
    elif status == ParticipantStatus.OFFERED:
        participant.offer_expires_at = now + timedelta(hours=event.offer_hours)
    elif status == ParticipantStatus.CANCELLED:
        participant.cancelled_at = now
        tickets.revoke_ticket(participant, now=now)
    event.touch(now)


def waiting_families(event: Event) -> list[tuple[Booking, list[Participant]]]:
    """Families with people waiting, first in the queue first."""
    rows = db.session.scalars(
        sa.select(Participant)
        .join(Participant.booking)
        .where(Participant.event_id == event.id, Participant.status == ParticipantStatus.WAITLISTED)
        .order_by(Booking.id, Participant.id)
    )
    families: dict[int, tuple[Booking, list[Participant]]] = {}
    for participant in rows:
        families.setdefault(participant.booking_id, (participant.booking, []))[1].append(
            participant
        )
    return list(families.values())


def seat_family(event: Event, people: list[Participant], mode: SiblingMode, free: int) -> list:
    """Who of a family at the head of the queue gets a place now."""
    if mode == SiblingMode.TOGETHER:
        return people if len(people) <= free else []
    return people[:free]


def promote(event: Event, *, now: datetime) -> list[Booking]:
    """Give free places to the head of the queue; return the families that got some.

    Call with the event locked. Stops at the first family that cannot be seated, so nobody
    is ever promoted past someone waiting longer. A cancelled event promotes nobody.
    """
    if event.status == EventStatus.CANCELLED:
        return []
    free = event.capacity - event.seats_taken
    promoted = []
    status = (
        ParticipantStatus.OFFERED
        if event.waitlist_mode == WaitlistMode.OFFER
        else ParticipantStatus.CONFIRMED
    )
    for booking, people in waiting_families(event):
        if free <= 0:
            break
        seated = seat_family(event, people, booking.sibling_mode, free)
        if not seated:
            break
        for participant in seated:
            set_status(event, participant, status, now)
        free -= len(seated)
        promoted.append(booking)
        if len(seated) < len(people):
            break
    for booking in promoted:
        kind = "offer" if status == ParticipantStatus.OFFERED else "promoted"
        emails.queue_booking_mail(booking, kind, now=now)
    return promoted


def expire_offers(event: Event, *, now: datetime) -> int:
    """Let lapsed offers go and pass the places on. Call with the event locked."""
    if event.status == EventStatus.CANCELLED:
        return 0  # the families have heard the event is off; nothing passes on
    lapsed = db.session.scalars(
        sa.select(Participant).where(
            Participant.event_id == event.id,
            Participant.status == ParticipantStatus.OFFERED,
            Participant.offer_expires_at <= now,
        )
    ).all()
    for participant in lapsed:
        set_status(event, participant, ParticipantStatus.CANCELLED, now)
        participant.cancel_reason = "offer_expired"
    for booking in {p.booking for p in lapsed}:
        emails.queue_booking_mail(booking, "offer_expired", now=now)
    if lapsed:
        promote(event, now=now)
    return len(lapsed)


def locked_open_event(event_id: int, *, now: datetime) -> Event:
    """Lock a published or cancelled event, and let its lapsed offers go first."""
    event = lock_row(Event, event_id)
    if event is None or event.status == EventStatus.DRAFT:
        raise NotFound("not_found", _("Not found."))
    expire_offers(event, now=now)
    return event


def _locked_booking(booking_id: int, *, now: datetime) -> tuple[Event, Booking]:
    """Lock the booking's event, then read the booking: what the family saw may be stale."""
    event_id = db.session.scalar(sa.select(Booking.event_id).filter_by(id=booking_id))
    if event_id is None:
        raise NotFound("not_found", _("Not found."))
    event = locked_open_event(event_id, now=now)
    return event, db.session.get(Booking, booking_id)


def cancel_participants(
    booking_id: int, participant_ids: list[int] | None, *, now: datetime, by: str = "family"
) -> list[Participant]:
    """Cancel some or all of a booking's places; freed places go to the queue at once.

    Two identical cancellations at once (a double click, two tabs) free the places once: the
    second reads the statuses after the first has committed and finds nothing to cancel.
    """
    event, booking = _locked_booking(booking_id, now=now)
    if participant_ids is not None:
        known = {p.id for p in booking.participants}
        if set(participant_ids) - known:
            raise NotFound("not_found", _("Not found."))
    chosen = [
        p
        for p in booking.participants
        if p.status in ACTIVE and (participant_ids is None or p.id in participant_ids)
    ]
    if not chosen:
        raise DomainError("nothing_to_cancel", _("There is no active place to cancel."))
    for participant in chosen:
        set_status(event, participant, ParticipantStatus.CANCELLED, now)
        participant.cancel_reason = by
    db.session.flush()
    if event.status != EventStatus.CANCELLED:
        emails.queue_booking_mail(booking, "cancelled", now=now)
    promote(event, now=now)
    return chosen


def accept_offer(booking_id: int, *, now: datetime) -> list[Participant]:
    """Accept the places offered to a family, before the deadline."""
    event, booking = _locked_booking(booking_id, now=now)
    offered = [p for p in booking.participants if p.status == ParticipantStatus.OFFERED]
    if event.status == EventStatus.CANCELLED:
        raise DomainError("event_cancelled", _("This event is cancelled."))
    if not offered:
        lapsed = any(p.cancel_reason == "offer_expired" for p in booking.participants)
        if lapsed:
            raise DomainError("offer_expired", _("The offer has expired."))
        raise DomainError("no_offer", _("There is no place on offer for this booking."))
    for participant in offered:
        set_status(event, participant, ParticipantStatus.CONFIRMED, now)
    db.session.flush()
    emails.queue_booking_mail(booking, "confirmed", now=now)
    return offered


def promote_by_hand(participant_id: int, *, now: datetime) -> None:
    """Staff confirm someone waiting, out of turn, if a place is free."""
    event_id = db.session.scalar(sa.select(Participant.event_id).filter_by(id=participant_id))
    if event_id is None:
        raise NotFound("not_found", _("Not found."))
    event = locked_open_event(event_id, now=now)
    participant = db.session.get(Participant, participant_id)
    if event.status == EventStatus.CANCELLED:
        raise DomainError("event_cancelled", _("This event is cancelled."))
    if participant.status != ParticipantStatus.WAITLISTED:
        raise DomainError("not_waiting", _("This person is not on the waiting list."))
    if event.capacity - event.seats_taken < 1:
        raise DomainError("event_full", _("There is no free place."))
    set_status(event, participant, ParticipantStatus.CONFIRMED, now)
    db.session.flush()
    emails.queue_booking_mail(participant.booking, "promoted", now=now)


def expire_all_offers(*, now: datetime) -> int:
    """For cron: let every lapsed offer go, one event (and one lock) at a time."""
    event_ids = db.session.scalars(
        sa.select(Participant.event_id)
        .join(Event, Event.id == Participant.event_id)
        .where(
            Participant.status == ParticipantStatus.OFFERED,
            Participant.offer_expires_at <= now,
            Event.status != EventStatus.CANCELLED,
        )
        .distinct()
    ).all()
    count = 0
    for event_id in sorted(event_ids):
        count += expire_offers(lock_row(Event, event_id), now=now)
    return count


@capacity_raised.connect
def _serve_the_queue(event: Event, *, now: datetime) -> None:
    promote(event, now=now)


@event_cancelled.connect
def _tell_the_families(event: Event, *, now: datetime) -> None:
    tickets.revoke_event_tickets(event.id, now=now)
    bookings = db.session.scalars(
        sa.select(Booking)
        .join(Participant, Participant.booking_id == Booking.id)
        .where(Booking.event_id == event.id, Participant.status.in_(ACTIVE))
        .distinct()
    )
    for booking in bookings:
        emails.queue_booking_mail(booking, "event_cancelled", now=now)
