"""The occupancy board: 40 beds × 90 nights, rendered in process, against the event list."""

import contextlib
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.setup import empty_database

ROUNDS = 30


def prepare(url: str) -> int:
    """The demo data (Antazavė has 40 beds) and a busy quarter of stays; returns the venue."""
    import sqlalchemy as sa

    from camps.demo import load_demo
    from camps.facility import facility_beds
    from camps.models import Room
    from core.db import utcnow
    from core.errors import DomainError
    from extensions import db
    from registration.models import StayPurpose
    from registration.stays import Guest, book_stay
    from staff.models import Role
    from staff.services import create_staff

    with empty_database(url):
        now = utcnow()
        load_demo(now=now)
        venue_id = db.session.scalar(sa.select(Room.venue_id).limit(1))
        start = date(2027, 7, 1)
        for index, bed in enumerate(facility_beds(venue_id)):
            for week in range(0, 13, 2):
                arrives = start + timedelta(days=7 * week + index % 4)
                # The room in repair stays empty.
                with contextlib.suppress(DomainError):
                    book_stay(
                        bed_id=bed.id,
                        arrives_on=arrives,
                        departs_on=arrives + timedelta(days=5),
                        purpose=StayPurpose.TEMPORARY_STAY,
                        guest=Guest(f"G{index}", "B", date(1990, 1, 1)),
                        now=now,
                    )
        create_staff("facility@bench.example", role=Role.FACILITY, password="bench password")
    return venue_id


def main() -> None:
    from app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        venue_id = prepare(url)
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
                "CATALOGUE_CACHE_SECONDS": 0,
            }
        )
        client = app.test_client()
        client.post(
            "/staff/login", data={"email": "facility@bench.example", "password": "bench password"}
        )
        board = f"/staff/facility/{venue_id}/board?start=2027-07-01&span=quarter"
        timings: dict[str, list[float]] = {"board": [], "list": []}
        for _round in range(ROUNDS):
            for name, path in (("board", board), ("list", "/")):
                started = time.perf_counter()
                assert client.get(path).status_code == 200
                timings[name].append(time.perf_counter() - started)
        board_ms = statistics.median(timings["board"]) * 1000
        list_ms = statistics.median(timings["list"]) * 1000
        print("occupancy board (40 beds × 90 nights, in process, median of 30)")
        print(f"  event list page (uncached): {list_ms:6.1f} ms")
        ratio = board_ms / list_ms
        print(f"  occupancy board:            {board_ms:6.1f} ms, {ratio:.1f}× the event list")
