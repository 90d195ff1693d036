"""The facility's inventory: beds in room order, closures of beds and of rooms."""

from datetime import date

from camps.facility import add_closure, add_room, closures_of, facility_beds
from camps.models import RoomKind
from core.db import commit


def test_beds_come_by_floor_room_and_label_and_closures_by_date(make_venue):
    venue = make_venue(name="Antazavė")
    upstairs = add_room(venue, name="B", floor=2, kind=RoomKind.DORMITORY, beds=2)
    downstairs = add_room(venue, name="A", floor=1, kind=RoomKind.FAMILY, beds=1)
    other = add_room(make_venue(), name="C", floor=0, kind=RoomKind.FAMILY, beds=1)
    beds = facility_beds(venue.id)
    assert [bed.label for bed in beds] == ["A-1", "B-1", "B-2"]
    assert beds[0].room is downstairs
    late = add_closure(
        room_id=upstairs.id,
        bed_id=None,
        starts_on=date(2027, 8, 1),
        ends_on=date(2027, 8, 3),
        reason="paint",
    )
    early = add_closure(
        room_id=None,
        bed_id=beds[0].id,
        starts_on=date(2027, 7, 1),
        ends_on=date(2027, 7, 2),
        reason="repair",
    )
    add_closure(
        room_id=other.id,
        bed_id=None,
        starts_on=date(2027, 7, 1),
        ends_on=date(2027, 7, 9),
        reason="elsewhere",
    )
    commit()
    assert closures_of(beds) == [early, late]
    assert closures_of(beds, during=(date(2027, 7, 2), date(2027, 8, 2))) == [late]
    assert closures_of([]) == []
