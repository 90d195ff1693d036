"""Events, venues and partners written at the same moment through gunicorn on 127.0.0.1."""

import sqlalchemy as sa

from bench.load import PageSession, call
from camps.models import Event, Partner, Room, Venue
from extensions import db
from staff.models import Role
from tests.camps.test_api import body
from tests.conftest import PASSWORD, at_once


def _token(port, user) -> dict:
    status, answer = call(
        port, "POST", "/api/v1/auth/token", {"email": user.email, "password": PASSWORD}
    )
    assert status == 200, answer
    return {"Authorization": f"Bearer {answer['token']}"}


def test_two_patches_of_different_fields_both_hold(app, make_event, make_staff, server):
    event = make_event(capacity=30)
    organiser = make_staff(Role.ORGANISER, partner=event.partner)
    path = f"/api/v1/events/{event.id}"
    with server() as port:
        headers = _token(port, organiser)
        for n in range(1, 6):
            answers = at_once(
                lambda n=n: call(port, "PATCH", path, {"capacity": 30 + n}, headers),
                lambda n=n: call(port, "PATCH", path, {"title": {"en": f"Renamed {n}"}}, headers),
            )
            assert [status for status, _answer in answers] == [200, 200], answers
            db.session.expire_all()
            changed = db.session.get(Event, event.id)
            assert changed.capacity == 30 + n, "the title's PATCH undid the capacity's"
            assert changed.text("title", "en") == f"Renamed {n}", "the capacity's undid the title"


def test_two_events_naming_one_new_venue_at_once_share_it(app, make_staff, make_partner, server):
    organiser = make_staff(Role.ORGANISER, partner=make_partner())
    with server() as port:
        headers = _token(port, organiser)
        for n in range(5):
            venue = {"name": f"Dainava youth centre {n}", "country": "LT"}
            answers = at_once(
                *[
                    lambda v=venue: call(port, "POST", "/api/v1/events", body(venue=v), headers)
                    for _i in range(3)
                ]
            )
            assert [status for status, _answer in answers] == [201] * 3, answers
            assert len({answer["venue"]["id"] for _status, answer in answers}) == 1
    names = db.session.scalars(sa.select(Venue.name).where(Venue.name.like("Dainava%"))).all()
    assert sorted(names) == [f"Dainava youth centre {n}" for n in range(5)]


def test_two_admins_creating_the_same_thing_at_once_never_meet_a_500(
    app, make_staff, make_venue, server
):
    admins = [make_staff(Role.ADMIN), make_staff(Role.ADMIN)]
    venue = make_venue()
    forms = {
        "/staff/partners/new": lambda n: {"name": f"Gmina Ełk {n}", "country": "PL"},
        "/staff/accounts/new": lambda n: {
            "email": f"worker{n}@tiltas.example",
            "role": "scanner",
            "partner_id": "0",
            "password": "a long enough password",
            "is_enabled": "y",
        },
        f"/staff/facility/{venue.id}/rooms": lambda n: {
            "room-name": f"Room {n}",
            "room-floor": "1",
            "room-kind": "dormitory",
            "room-beds": "2",
            "room-submit": "1",
        },
    }
    with server() as port:
        sessions = []
        for admin in admins:
            session = PageSession(port)
            session.login(admin.email, PASSWORD)
            sessions.append(session)
        for path, form in forms.items():
            for n in range(3):
                sent = [(s, path, {"csrf_token": s.csrf(path), **form(n)}) for s in sessions]
                statuses = at_once(
                    *[lambda item=item: item[0].request("POST", *item[1:])[0] for item in sent]
                )
                # One saves it (and goes on), the other is told it exists: never a 500.
                assert sorted(statuses) == [200, 302], (path, statuses)
    partners = db.session.scalars(sa.select(Partner.name).where(Partner.name.like("Gmina%")))
    assert sorted(partners) == [f"Gmina Ełk {n}" for n in range(3)]
    assert db.session.scalar(sa.select(sa.func.count(Room.id)).filter_by(venue_id=venue.id)) == 3
