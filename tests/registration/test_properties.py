"""Property-based: any sequence of registrations, cancellations and capacity changes keeps
seats within capacity, siblings together, and nobody skipped in the queue."""

import contextlib
from datetime import date

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camps.services import update_event
from core.errors import DomainError
from extensions import db
from registration.models import Booking, Participant, ParticipantStatus
from registration.services import register
from registration.waitlist import cancel_participants
from tests.conftest import NOW, family

SEATED = {ParticipantStatus.CONFIRMED, ParticipantStatus.OFFERED}

operations = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.integers(1, 3), st.sampled_from(["together", "any"])),
        st.tuples(st.just("cancel"), st.integers(0, 50), st.booleans()),
        st.tuples(st.just("capacity"), st.integers(-3, 4), st.just(None)),
    ),
    min_size=1,
    max_size=25,
)


def check(event) -> None:
    db.session.flush()
    people = db.session.scalars(sa.select(Participant).filter_by(event_id=event.id)).all()
    seats = sum(p.status in SEATED for p in people)
    waiting = [p for p in people if p.status == ParticipantStatus.WAITLISTED]
    assert seats <= event.capacity
    assert (event.seats_taken, event.waitlist_count) == (seats, len(waiting))
    bookings = db.session.scalars(sa.select(Booking).filter_by(event_id=event.id)).all()
    for booking in bookings:
        live = {p.status for p in booking.participants} - {ParticipantStatus.CANCELLED}
        if booking.sibling_mode == "together":
            assert len(live) <= 1, "siblings split"
    if waiting:
        head = min(p.booking_id for p in waiting)
        # Nobody after the family at the head holds a place...
        assert not any(p.status in SEATED and p.booking_id > head for p in people)
        # ...and the head could not have been given one.
        head_waiting = [p for p in waiting if p.booking_id == head]
        free = event.capacity - seats
        head_mode = next(b.sibling_mode for b in bookings if b.id == head)
        assert free == 0 or (head_mode == "together" and len(head_waiting) > free)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=operations, capacity=st.integers(1, 6))
def test_any_sequence_keeps_the_rules(app, make_event, steps, capacity):
    event = make_event(capacity=capacity)
    for number, (kind, value, option) in enumerate(steps):
        if kind == "register":
            data = family(*[date(2014, 1, 1)] * value, mode=option, guardian=f"G {number}")
            register(event.id, data, now=NOW)
        elif kind == "cancel":
            bookings = db.session.scalars(sa.select(Booking).filter_by(event_id=event.id)).all()
            if bookings:
                booking = bookings[value % len(bookings)]
                live = [
                    p.id for p in booking.participants if p.status != ParticipantStatus.CANCELLED
                ]
                chosen = None if option or not live else live[:1]
                with contextlib.suppress(DomainError):  # nothing left to cancel
                    cancel_participants(booking.id, chosen, now=NOW)
        else:
            # Below the places already taken is refused, as it should be.
            with contextlib.suppress(DomainError):
                update_event(event.id, {"capacity": max(1, event.capacity + value)}, now=NOW)
        check(event)
    db.session.rollback()
