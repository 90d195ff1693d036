"""The roster's data: everyone by status, the queue's order, bursts numbered."""

from datetime import date, timedelta

from core.db import commit
from registration.roster import event_roster
from registration.services import register
from tests.conftest import NOW, family


def test_roster_groups_people_by_status_with_queue_positions(make_event, make_registration):
    event = make_event(capacity=2)
    seated, _t = make_registration(event, date(2014, 5, 1), date(2015, 5, 1))
    first, _t = make_registration(event, date(2013, 1, 1))
    second, _t = make_registration(event, date(2012, 1, 1))
    roster = event_roster(event.id)
    assert [p.booking_id for p in roster.groups["confirmed"]] == [seated.id, seated.id]
    assert [p.booking_id for p in roster.groups["waitlisted"]] == [first.id, second.id]
    assert roster.groups["offered"] == [] and roster.groups["cancelled"] == []
    assert roster.positions == {first.id: 1, second.id: 2}
    assert roster.bursts == [] and roster.burst_of == {}


def test_roster_numbers_the_bursts_of_one_source(make_event):
    event = make_event(capacity=50)
    bookings = [
        register(
            event.id,
            family(date(2014, 5, 1), guardian=f"Burst Family{n}"),
            now=NOW + timedelta(seconds=n),
            source="203.0.113.7",
        )[0]
        for n in range(11)
    ]
    commit()
    roster = event_roster(event.id)
    [(number, (_source, ids))] = roster.bursts
    assert number == 1 and ids == [booking.id for booking in bookings]
    assert roster.burst_of == {booking.id: 1 for booking in bookings}
