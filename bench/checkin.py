"""Check-in: throughput and p99 from 16 concurrent scanners, and how long tickets take to draw.

The scans go to gunicorn on 127.0.0.1 (4 sync workers, the app loaded before they fork)
against SQLite (or BENCH_DATABASE_URL); the floor is a bare Flask endpoint that looks one row
up by an indexed column and inserts one row, under the same settings. Both are warmed up
(a gate's server has been running for hours), then timed in ROUNDS alternating rounds, the
check-ins going in, out and in again; the figures are the rounds' medians.
"""

import json
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from bench.load import burst, gunicorn
from bench.setup import empty_database, published_camp
from core.db import commit

SCANNERS = 16
TICKETS = int(os.environ.get("BENCH_TICKETS", "1500"))
WORKERS = 4
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
#: Enough for every worker's first full garbage collection (the heap it forked with) and its
#: first statements, which a running server has long behind it.
WARMUP = 200


def prepare(url: str) -> tuple[int, list[str], str]:
    """A camp with TICKETS confirmed participants; returns its id, their codes, a token."""
    from core.db import utcnow
    from extensions import db
    from registration.eligibility import ParticipantData, RegistrationData
    from registration.models import ConsentKind, Ticket
    from registration.services import register
    from staff.models import Role
    from staff.services import create_staff, issue_api_token

    with empty_database(url):
        now = utcnow()
        camp = published_camp(
            capacity=TICKETS,
            partner="Gmina Miasto Ełk",
            country="PL",
            timezone="Europe/Warsaw",
            days_ahead=1,
        )
        for number in range(TICKETS):
            register(
                camp.id,
                RegistrationData(
                    participants=[
                        ParticipantData(
                            first_name=f"Child {number}",
                            last_name="Bench",
                            birth_date=date(2014, 1, 1),
                        )
                    ],
                    contact_name="Guardian",
                    contact_phone="+48500000000",
                    consents={ConsentKind.DATA_PROCESSING: True, ConsentKind.GUARDIAN: True},
                ),
                now=now,
            )
        scanner = create_staff("gate@tiltas.example", role=Role.SCANNER, password="bench password")
        token, _row = issue_api_token(scanner, now=now)
        commit()
        codes = list(db.session.scalars(sa.select(Ticket.code).order_by(Ticket.id)))
        event_id = camp.id
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS floor_scan")
        connection.exec_driver_sql("DROP TABLE IF EXISTS floor_ticket")
        serial = "SERIAL" if engine.dialect.name == "postgresql" else "INTEGER"
        connection.exec_driver_sql(
            f"CREATE TABLE floor_ticket (id {serial} PRIMARY KEY, code VARCHAR(40) UNIQUE)"
        )
        connection.exec_driver_sql(
            f"CREATE TABLE floor_scan (id {serial} PRIMARY KEY, ticket_id INTEGER NOT NULL)"
        )
        connection.execute(
            sa.text("INSERT INTO floor_ticket (code) VALUES (:code)"), [{"code": c} for c in codes]
        )
    engine.dispose()
    return event_id, codes, token


def create_floor() -> Flask:
    """Look one row up by an indexed column, insert one row."""
    from flask import request

    app = Flask(__name__)
    engine = sa.create_engine(
        os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://")
    )

    @app.post("/floor")
    def floor():
        code = request.get_json()["code"]
        with engine.begin() as connection:
            ticket = connection.execute(
                sa.text("SELECT id FROM floor_ticket WHERE code = :code"), {"code": code}
            ).scalar()
            connection.execute(
                sa.text("INSERT INTO floor_scan (ticket_id) VALUES (:id)"), {"id": ticket}
            )
        return {"ok": True}

    return app


def tickets_drawn(url: str, event_id: int) -> tuple[float, float]:
    """Milliseconds for one ticket PNG; seconds for every ticket sheet of a 120-person camp."""
    from app import create_app
    from extensions import db
    from registration.models import Booking
    from registration.tickets import qr_png
    from registration.views.booking import SESSION_KEY

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    started = time.perf_counter()
    for number in range(200):
        qr_png(f"{number:032d}".replace("0", "A"))
    png_ms = (time.perf_counter() - started) / 200 * 1000
    with app.app_context():
        bookings = db.session.scalars(
            sa.select(Booking.id).filter_by(event_id=event_id).order_by(Booking.id).limit(120)
        ).all()
    client = app.test_client()
    with client.session_transaction() as session:
        session[SESSION_KEY] = {str(booking): "bench" for booking in bookings}
    started = time.perf_counter()
    for booking in bookings:
        sheet = client.get(f"/booking/{booking}/tickets")
        for path in sheet.text.split('src="')[1:]:
            path = path.split('"', 1)[0]
            if path.startswith("/t/"):
                assert client.get(path).status_code == 200
    return png_ms, time.perf_counter() - started


def run(name: str, url: str, tmp: Path) -> None:
    event_id, codes, token = prepare(url)
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "BASE_URL": "http://127.0.0.1",
        "MAIL_OUTBOX_DIR": str(tmp / "outbox"),
        # The app is loaded before the port opens: otherwise the first scans wait for four
        # workers to import it, and the clock measures the boot (seconds, on two cores).
        "GUNICORN_CMD_ARGS": "--preload",
    }
    bearer = {"Authorization": f"Bearer {token}"}

    def scans(direction: str, count: int = TICKETS) -> list:
        return [
            ("/api/v1/checkin", {"code": code, "event_id": event_id, "direction": direction})
            for code in codes[:count]
        ]

    lookups = [("/floor", {"code": code}) for code in codes]
    floors, checkins, wrong = [], [], 0
    with (
        gunicorn("bench.checkin:create_floor()", env, workers=WORKERS) as floor_port,
        gunicorn("app:create_app()", env, workers=WORKERS) as app_port,
    ):
        burst(floor_port, lookups[:WARMUP], clients=SCANNERS)
        # Leaving before coming in: answered "not checked in", recorded, and no ticket changes.
        burst(app_port, scans("out", WARMUP), clients=SCANNERS, headers=bearer)
        for number in range(ROUNDS):
            floors.append(burst(floor_port, lookups, clients=SCANNERS))
            # In, out, in: every scan of every round lets someone through the gate.
            direction = "out" if number % 2 else "in"
            result = burst(app_port, scans(direction), clients=SCANNERS, headers=bearer)
            checkins.append(result)
            wrong += sum(
                status != 200 or json.loads(body)["code"] != "ok"
                for status, body in zip(result["statuses"], result["bodies"], strict=True)
            )
    png_ms, sheets_s = tickets_drawn(url, event_id)

    def median(results: list, key: str) -> float:
        return statistics.median(result[key] for result in results)

    ratio = statistics.median(
        checkin["per_second"] / floor["per_second"]
        for floor, checkin in zip(floors, checkins, strict=True)
    )
    print(
        f"check-in on {name}: {len(codes)} tickets, {SCANNERS} scanners, {WORKERS} workers, "
        f"median of {ROUNDS} alternating rounds"
    )
    print(
        f"  floor (indexed lookup + one insert): {median(floors, 'per_second'):7.1f} /s, "
        f"p99 {median(floors, 'p99') * 1000:6.1f} ms"
    )
    print(
        f"  check-ins: {median(checkins, 'per_second'):7.1f} /s, "
        f"p50 {median(checkins, 'p50') * 1000:6.1f} ms, "
        f"p99 {median(checkins, 'p99') * 1000:6.1f} ms, not ok: {wrong}"
    )
    verdict = "meets" if ratio >= 0.5 else "misses"
    print(f"  throughput ratio {ratio:.2f} of the floor ({verdict} the 0.5 goal)")
    print(f"  one ticket PNG: {png_ms:.1f} ms")
    print(f"  the ticket sheets of a 120-person camp, QR images included: {sheets_s:.1f} s")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", Path(tmp))
        if os.environ.get("BENCH_DATABASE_URL"):
            run("PostgreSQL", os.environ["BENCH_DATABASE_URL"], Path(tmp))
