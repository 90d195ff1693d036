"""Registrations in a burst from one source: marked on the roster, cancelled in one step."""

from datetime import date, timedelta

import sqlalchemy as sa

from core.db import commit
from extensions import db
from registration.bursts import BURST_SIZE, bursts, cancel_burst
from registration.models import Booking, ParticipantStatus
from registration.services import register
from tests.conftest import NOW, assert_counters_match, family, login, statuses

SCRIPT = "203.0.113.66"


def _flood(event, count, *, source=SCRIPT, every=timedelta(seconds=40), start=NOW):
    bookings = []
    for n in range(count):
        data = family(date(2014, 1, 1), guardian=f"Invented Parent{n}", email=f"x{n}@spam.example")
        booking, _token = register(event.id, data, now=start + n * every, source=source)
        bookings.append(booking)
    commit()
    return bookings


def test_more_than_ten_from_one_source_within_ten_minutes_is_a_burst(make_event):
    event = make_event(capacity=30)
    flood = _flood(event, BURST_SIZE + 1)
    _flood(event, 3, source="198.51.100.7")  # a family, its neighbour, a grandmother
    _flood(event, BURST_SIZE, source="192.0.2.1")  # ten is not more than ten
    _flood(event, 12, source="192.0.2.2", every=timedelta(minutes=2))  # slow: 24 minutes
    found = bursts(event.id)
    assert list(found.values()) == [[b.id for b in flood]]


def test_the_source_is_kept_only_as_a_keyed_hash(make_event):
    event = make_event()
    _flood(event, 1)
    stored = db.session.scalars(sa.select(Booking.source_hash)).one()
    assert SCRIPT not in stored and len(stored) == 64


def test_staff_registrations_have_no_source(make_event, make_staff):
    event = make_event()
    organiser = make_staff(partner=event.partner)
    booking, _t = register(event.id, family(), now=NOW, staff=organiser, source=SCRIPT)
    assert booking.source_hash is None


def test_cancelling_a_burst_gives_its_places_to_the_waiting_list(make_event):
    event = make_event(capacity=11)
    flood = _flood(event, 11)
    waiting, _t = register(event.id, family(guardian="Real Mother"), now=NOW, source="10.1.1.1")
    commit()
    assert statuses(waiting) == ["waitlisted"]
    (source,) = bursts(event.id)
    assert cancel_burst(event.id, source, now=NOW) == 11
    commit()
    assert all(statuses(b) == ["cancelled"] for b in flood)
    assert flood[0].participants[0].cancel_reason == "burst"
    assert statuses(waiting) == ["confirmed"]
    assert_counters_match(event)


def test_the_roster_marks_a_burst_and_cancels_it_in_one_step(client, make_event, make_staff):
    event = make_event(capacity=30)
    flood = _flood(event, 12)
    login(client, make_staff(partner=event.partner))
    page = client.get(f"/staff/events/{event.id}/roster").text
    assert "came in a burst" in page and page.count(">burst 1<") == 12
    (source,) = bursts(event.id)
    assert f'value="{source}"' in page
    response = client.post(f"/staff/events/{event.id}/bursts/cancel", data={"source": source})
    assert response.status_code == 302
    db.session.expire_all()
    assert {p.status for b in flood for p in b.participants} == {ParticipantStatus.CANCELLED}


def test_retention_forgets_the_source(make_event, runner):
    event = make_event()
    _flood(event, 1)
    runner.invoke(args=["retention", "run", "--now", "2029-01-01T00:00:00"])
    db.session.expire_all()
    assert db.session.scalars(sa.select(Booking.source_hash)).one() is None
