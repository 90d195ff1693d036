"""The roster page's data: everyone registered for an event, by status, queue and bursts."""

import dataclasses

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from extensions import db
from registration.bursts import bursts
from registration.models import Booking, Participant, ParticipantStatus, waitlist_positions


@dataclasses.dataclass
class Roster:
    #: The participants of each status, in booking order.
    groups: dict[ParticipantStatus, list[Participant]]
    #: Each waiting family's place in the queue, by booking id.
    positions: dict[int, int]
    #: (number, (source, booking ids)) for each burst of registrations from one source.
    bursts: list[tuple[int, tuple[str, list[int]]]]
    #: The burst number of each booking that came in one.
    burst_of: dict[int, int]


def event_roster(event_id: int) -> Roster:
    """Who is registered for the event: grouped by status, the queue and bursts marked."""
    bookings = db.session.scalars(
        sa.select(Booking)
        .filter_by(event_id=event_id)
        .options(selectinload(Booking.participants))
        .order_by(Booking.id)
    ).all()
    groups: dict[ParticipantStatus, list[Participant]] = {s: [] for s in ParticipantStatus}
    for booking in bookings:
        for participant in booking.participants:
            groups[participant.status].append(participant)
    # Each burst by a number the organiser can read; the source's hash stays in the form.
    numbered = list(enumerate(bursts(event_id).items(), start=1))
    return Roster(
        groups=groups,
        positions=waitlist_positions(event_id),
        bursts=numbered,
        burst_of={booking_id: number for number, (_s, ids) in numbered for booking_id in ids},
    )
