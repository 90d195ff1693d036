"""Registrations that came in a burst from one source: a script filling a camp with invented
families. The roster marks them; an organiser cancels a burst in one step and its places go to
the waiting list as any cancelled place does.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from camps.models import Event
from core.errors import DomainError
from core.locking import lock_row
from extensions import db
from registration.models import ACTIVE, Booking, Participant
from registration.waitlist import cancel_participants

#: More than this many registrations from one source within the window is a burst.
BURST_SIZE = 10
BURST_WINDOW = timedelta(minutes=10)


def _in_bursts(times: list[tuple[datetime, int]]) -> set[int]:
    """The booking ids that lie in a window holding more than BURST_SIZE registrations."""
    marked: set[int] = set()
    start = 0
    for end in range(len(times)):
        while times[end][0] - times[start][0] > BURST_WINDOW:
            start += 1
        if end - start + 1 > BURST_SIZE:
            marked.update(booking_id for _at, booking_id in times[start : end + 1])
    return marked


def bursts(event_id: int) -> dict[str, list[int]]:
    """The event's bookings that came in a burst, by source; a source counts everywhere."""
    sources = sa.select(Booking.source_hash).where(
        Booking.event_id == event_id, Booking.source_hash.is_not(None)
    )
    rows = db.session.execute(
        sa.select(Booking.source_hash, Booking.created_at, Booking.id, Booking.event_id)
        .where(Booking.source_hash.in_(sources))
        .order_by(Booking.source_hash, Booking.created_at, Booking.id)
    ).all()
    by_source: dict[str, list[tuple[datetime, int, int]]] = {}
    for source, created_at, booking_id, booking_event in rows:
        by_source.setdefault(source, []).append((created_at, booking_id, booking_event))
    result = {}
    for source, items in by_source.items():
        marked = _in_bursts([(at, booking_id) for at, booking_id, _event in items])
        here = [b for _at, b, event in items if event == event_id and b in marked]
        if here:
            result[source] = here
    return result


def cancel_burst(event_id: int, source: str, *, now: datetime) -> int:
    """Cancel the active places of one burst's bookings; return how many bookings."""
    lock_row(Event, event_id)
    chosen = bursts(event_id).get(source, [])
    active = set(
        db.session.scalars(
            sa.select(Participant.booking_id).where(
                Participant.booking_id.in_(chosen), Participant.status.in_(ACTIVE)
            )
        )
    )
    if not active:
        raise DomainError("nothing_to_cancel", _("There is no active place to cancel."))
    for booking_id in sorted(active):
        cancel_participants(booking_id, None, now=now, by="burst")
    return len(active)
