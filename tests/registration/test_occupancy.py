"""The facility's nights: the occupancy board's rows, free beds and the camps coming."""

from datetime import date, datetime

import pytest

from camps.facility import add_closure
from camps.models import Bed, Room, RoomKind
from core.db import commit
from extensions import db
from registration.occupancy import occupancy_board
from tests.conftest import NOW, guest_stay


@pytest.fixture
def house(make_venue):
    """A venue with one room of two beds."""
    venue = make_venue(name="Antazavė", timezone="Europe/Vilnius")
    room = Room(venue_id=venue.id, name="R1", floor=1, kind=RoomKind.FAMILY)
    db.session.add(room)
    db.session.flush()
    beds = [Bed(room_id=room.id, label=f"R1-{n}") for n in (1, 2)]
    db.session.add_all(beds)
    commit()
    return venue, beds


def test_board_shows_the_nights_asked_for_and_only_their_stays(house, make_event):
    venue, beds = house
    inside = guest_stay(beds[0], date(2027, 7, 2), date(2027, 7, 4))
    guest_stay(beds[0], date(2027, 7, 20), date(2027, 7, 22), name="Later")
    add_closure(
        room_id=None,
        bed_id=beds[1].id,
        starts_on=date(2027, 7, 1),
        ends_on=date(2027, 7, 2),
        reason="repair",
    )
    camp = make_event(venue=venue, starts_at=datetime(2027, 7, 5, 10, 0))
    make_event(venue=venue, starts_at=datetime(2026, 7, 5, 10, 0))  # over by NOW
    commit()
    board = occupancy_board(venue.id, date(2027, 7, 1), 7, now=NOW)
    assert board.nights == [date(2027, 7, n) for n in range(1, 8)]
    assert (board.previous, board.following) == (date(2027, 6, 24), date(2027, 7, 8))
    (_bed0, cells0), (_bed1, cells1) = board.rows
    assert [(cell.nights, cell.stay) for cell in cells0][:2] == [(1, None), (2, inside)]
    assert [cell.closed for cell in cells1] == [True] + [False] * 6
    assert board.free == [1, 1, 1, 2, 2, 2, 2]
    assert board.camps == [camp]
