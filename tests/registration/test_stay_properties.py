"""Property-based: any bookings, moves and cancellations keep one stay a bed a night."""

import contextlib
from datetime import date, timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camps.models import Bed, Room, RoomKind
from core.errors import DomainError
from extensions import db
from registration.models import Stay, StayPurpose, StayStatus
from registration.stays import Guest, book_stay, change_stay, move_stay
from tests.conftest import NOW

START = date(2027, 7, 1)

steps = st.lists(
    st.one_of(
        st.tuples(st.just("book"), st.integers(0, 3), st.integers(0, 10), st.integers(-1, 5)),
        st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 3), st.just(0)),
        st.tuples(st.just("cancel"), st.integers(0, 30), st.just(0), st.just(0)),
    ),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=steps)
def test_a_bed_never_holds_two_stays_on_one_night(app, make_venue, actions):
    venue = make_venue()
    room = Room(venue_id=venue.id, name="R", kind=RoomKind.DORMITORY)
    db.session.add(room)
    db.session.flush()
    beds = [Bed(room_id=room.id, label=f"b{n}") for n in range(4)]
    db.session.add_all(beds)
    db.session.flush()
    for kind, first, second, third in actions:
        stays = db.session.scalars(
            sa.select(Stay).where(Stay.bed_id.in_([b.id for b in beds]))
        ).all()
        with contextlib.suppress(DomainError):
            if kind == "book":
                arrives = START + timedelta(days=second)
                book_stay(
                    bed_id=beds[first].id,
                    arrives_on=arrives,
                    departs_on=arrives + timedelta(days=third),
                    purpose=StayPurpose.TEMPORARY_STAY,
                    guest=Guest(f"G{first}-{second}-{third}", "H", date(2000, 1, 1)),
                    now=NOW,
                )
            elif stays and kind == "move":
                move_stay(stays[first % len(stays)].id, beds[second].id, now=NOW)
            elif stays:
                change_stay(stays[first % len(stays)].id, "cancel", now=NOW)
        live = db.session.scalars(
            sa.select(Stay).where(
                Stay.bed_id.in_([b.id for b in beds]), Stay.status != StayStatus.CANCELLED
            )
        ).all()
        nights = [
            (stay.bed_id, stay.arrives_on + timedelta(days=n))
            for stay in live
            for n in range((stay.departs_on - stay.arrives_on).days)
        ]
        assert len(nights) == len(set(nights)), "a bed holds two stays on one night"
        assert all(stay.departs_on > stay.arrives_on for stay in live)
    db.session.rollback()
