"""`flask demo` recreates the four programmes."""

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from camps.models import Event, EventKind, Partner, Room, RoomKind, Venue
from core.db import utcnow
from extensions import db


def test_demo_loads_the_programmes_once(runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    events = db.session.scalars(sa.select(Event)).all()
    assert len(events) >= 16
    kinds = Counter(event.kind for event in events)
    assert kinds[EventKind.SOCIAL_CAMP] == 4 and kinds[EventKind.SURVIVAL_CAMP] >= 2
    assert kinds[EventKind.WORKSHOP] >= 4 and kinds[EventKind.ACTIVITY] >= 1
    now = utcnow()
    assert all(now < event.starts_at < now + timedelta(days=366) for event in events)
    countries = set(db.session.scalars(sa.select(Venue.country)))
    assert countries == {"LT", "PL", "LV", "CZ", "DE"}
    assert "Gmina Miasto Ełk" in set(db.session.scalars(sa.select(Partner.name)))
    assert all(event.texts["en"].title for event in events)
    assert client.get("/api/v1/events").json["total"] == len(events)

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "already" in again.output
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == len(events)


def test_demo_social_camps_are_at_antazave_with_thirty_places(runner):
    runner.invoke(args=["demo"])
    camps = db.session.scalars(sa.select(Event).filter_by(kind=EventKind.SOCIAL_CAMP)).all()
    assert {camp.capacity for camp in camps} == {30}
    assert all("Antazav" in camp.venue.name for camp in camps)


def test_demo_antazave_has_about_forty_beds_in_three_kinds_of_room(runner):
    runner.invoke(args=["demo"])
    venue = db.session.scalar(sa.select(Venue).where(Venue.name.like("Antazav%")))
    rooms = db.session.scalars(sa.select(Room).filter_by(venue_id=venue.id)).all()
    beds = sum(len(room.beds) for room in rooms)
    assert 36 <= beds <= 44
    assert {room.kind for room in rooms} == set(RoomKind)
