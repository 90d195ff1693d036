"""Real concurrent HTTP requests against gunicorn on 127.0.0.1: no overbooking, ever.

Each test starts its own server (several worker processes) on the test's database, sends
hundreds of registrations or cancellations at once, and then checks the database itself.
"""

import concurrent.futures
import json
import random

import pytest
import sqlalchemy as sa

from bench.load import call, gunicorn
from extensions import db
from registration.models import Booking, OutboxMail, Participant, ParticipantStatus

CAPACITY = 30
FAMILIES = 300
CLIENTS = 48


def family_body(number: int, size: int) -> dict:
    return {
        "guardian": {"name": f"Guardian {number}", "email": f"family{number}@example.lt"},
        "participants": [
            {"first_name": f"Child {number}-{i}", "last_name": "Race", "birth_date": "2014-05-01"}
            for i in range(size)
        ],
        "consents": {"data_processing": True, "guardian": True},
        "siblings": "together",
    }


@pytest.fixture
def server(app, tmp_path):
    """Start gunicorn on this test's database; yields a function taking extra env."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]

    def start(**env):
        return gunicorn(
            "app:create_app()",
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "race",
                "BASE_URL": "http://127.0.0.1",
                "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
                # Every family comes from 127.0.0.1 here, unlike a real opening rush.
                "REGISTRATION_RATE_LIMIT": "1000000 per hour",
                **env,
            },
            workers=4,
        )

    return start


def burst(port: int, event_id: int, *, seed: int = 7) -> tuple[list[int], list[dict]]:
    sizes = random.Random(seed).choices([1, 2, 3], k=FAMILIES)
    path = f"/api/v1/events/{event_id}/registrations"
    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        results = list(
            pool.map(lambda n: call(port, "POST", path, family_body(n, sizes[n])), range(FAMILIES))
        )
    return [status for status, _body in results], [body for _status, body in results]


def check_invariants(event) -> tuple[list[Booking], list[Booking]]:
    """Seats within capacity, counters true, siblings together, the queue never jumped."""
    db.session.expire_all()
    db.session.refresh(event)
    participants = db.session.scalars(sa.select(Participant).filter_by(event_id=event.id)).all()
    seats = sum(
        p.status in (ParticipantStatus.CONFIRMED, ParticipantStatus.OFFERED) for p in participants
    )
    waiting = sum(p.status == ParticipantStatus.WAITLISTED for p in participants)
    assert seats <= CAPACITY, f"overbooked: {seats} seats for {CAPACITY}"
    assert (event.seats_taken, event.waitlist_count) == (seats, waiting)
    bookings = db.session.scalars(
        sa.select(Booking).filter_by(event_id=event.id).order_by(Booking.id)
    ).all()
    confirmed, queued = [], []
    for booking in bookings:
        statuses = {p.status for p in booking.participants} - {ParticipantStatus.CANCELLED}
        assert len(statuses) <= 1, f"siblings split in {booking.reference}: {statuses}"
        if statuses == {ParticipantStatus.CONFIRMED}:
            confirmed.append(booking)
        elif statuses == {ParticipantStatus.WAITLISTED}:
            queued.append(booking)
    return confirmed, queued


def test_no_overbooking_under_a_burst_of_families(app, make_event, server):
    event = make_event(capacity=CAPACITY)
    with server() as port:
        statuses, bodies = burst(port, event.id)
    assert all(status == 201 for status in statuses), sorted(set(statuses))
    assert not any("locked" in json.dumps(body) for body in bodies)
    confirmed, queued = check_invariants(event)
    assert len(confirmed) + len(queued) == FAMILIES
    # First come, first served: every confirmed family registered before every waiting one.
    assert max(b.id for b in confirmed) < min(b.id for b in queued)
    assert sum(len(b.participants) for b in confirmed) > CAPACITY - 3
    positions = sorted(
        p["waitlist_position"]
        for body in bodies
        for p in body["participants"][:1]
        if p["waitlist_position"] is not None
    )
    assert positions == sorted(set(positions))  # each family its own place in the queue


def test_concurrent_cancellations_promote_each_waiting_family_exactly_once(app, make_event, server):
    event = make_event(capacity=CAPACITY)
    with server() as port:
        statuses, bodies = burst(port, event.id, seed=11)
        assert set(statuses) == {201}
        confirmed, queued = check_invariants(event)
        tokens = {body["reference"]: body["booking_token"] for body in bodies}
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            cancelled = list(
                pool.map(
                    lambda booking: call(
                        port, "POST", f"/api/v1/bookings/{tokens[booking.reference]}/cancel"
                    )[0],
                    confirmed,
                )
            )
    assert set(cancelled) == {200}
    after_confirmed, _queued = check_invariants(event)
    # The places went to the head of the old queue, in order, up to the first that no longer fit.
    promoted = [b.id for b in after_confirmed]
    assert promoted == [b.id for b in queued[: len(promoted)]]
    assert sum(len(b.participants) for b in after_confirmed) > CAPACITY - 3
    promotions = db.session.scalars(
        sa.select(OutboxMail.recipient).filter_by(kind="promoted")
    ).all()
    assert sorted(promotions) == sorted(b.contact_email for b in after_confirmed)


def test_control_without_the_lock_the_test_catches_overbooking(app, make_event, server):
    event = make_event(capacity=CAPACITY)
    with server(TILTAS_UNSAFE_NO_LOCKS="1") as port:
        burst(port, event.id, seed=3)
    with pytest.raises(AssertionError, match=r"overbooked|siblings split|assert \("):
        check_invariants(event)
