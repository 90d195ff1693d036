"""Registration burst: 600 families (1–3 children) from 32 clients at one camp of 120 places.

Under gunicorn on 127.0.0.1, on SQLite (always) and PostgreSQL (BENCH_DATABASE_URL). Prints
registrations per second, p50 and p99 latency, seats confirmed (must be 120), errors (must
be 0), and the throughput as a ratio against a bare Flask endpoint that locks, counts and
inserts one row under the same server settings.
"""

import os
import random
import tempfile
from pathlib import Path

from bench import floor_lock
from bench.load import burst, gunicorn
from bench.setup import empty_database, published_camp

FAMILIES = int(os.environ.get("BENCH_FAMILIES", "600"))
CLIENTS = 32
CAPACITY = 120
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))


def prepare(url: str) -> int:
    """An empty schema with one published camp of 120 places; returns its id."""
    with empty_database(url):
        event_id = published_camp(
            capacity=CAPACITY,
            partner="Alytaus miesto bendruomenės centras",
            country="LT",
            timezone="Europe/Vilnius",
            days_ahead=60,
        ).id
    floor_lock.prepare(url)
    return event_id


def family(number: int, size: int) -> dict:
    return {
        "guardian": {"name": f"Guardian {number}", "email": f"family{number}@example.lt"}
        if not os.environ.get("BENCH_NO_EMAIL")
        else {"name": f"Guardian {number}", "phone": "+37060000000"},
        "participants": [
            {
                "first_name": f"Child {i}",
                "last_name": f"Family {number}",
                "birth_date": "2014-05-01",
            }
            for i in range(size)
        ],
        "consents": {"data_processing": True, "guardian": True},
        "siblings": random.Random(number).choice(["together", "any"]),
    }


def seats(url: str, event_id: int) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        taken = connection.execute(
            sa.text(
                "SELECT count(*) FROM participant WHERE event_id = :event"
                " AND status IN ('confirmed', 'offered')"
            ),
            {"event": event_id},
        ).scalar()
    engine.dispose()
    return taken


def run(name: str, url: str, outbox: Path) -> None:
    event_id = prepare(url)
    sizes = random.Random(42).choices([1, 2, 3], k=FAMILIES)
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "BASE_URL": "http://127.0.0.1",
        "MAIL_OUTBOX_DIR": str(outbox),
        # Every family comes from the load generator's one address here, unlike a real rush.
        "REGISTRATION_RATE_LIMIT": "1000000 per hour",
    }
    with gunicorn("bench.floor_lock:create_app()", env, workers=WORKERS) as floor_port:
        floor = burst(floor_port, [("/floor", {})] * FAMILIES, clients=CLIENTS)
    with gunicorn("app:create_app()", env, workers=WORKERS) as app_port:
        path = f"/api/v1/events/{event_id}/registrations"
        result = burst(
            app_port, [(path, family(n, sizes[n])) for n in range(FAMILIES)], clients=CLIENTS
        )
    errors = sum(status != 201 for status in result["statuses"])
    ratio = result["per_second"] / floor["per_second"]
    print(
        f"registration burst on {name}: {FAMILIES} families, {CLIENTS} clients, "
        f"gunicorn 4 sync workers"
    )
    print(
        f"  floor (lock, count, insert one row): {floor['per_second']:7.1f} /s, "
        f"p99 {floor['p99'] * 1000:6.1f} ms"
    )
    print(
        f"  registrations: {result['per_second']:7.1f} /s, p50 {result['p50'] * 1000:6.1f} ms, "
        f"p99 {result['p99'] * 1000:6.1f} ms"
    )
    print(
        f"  seats confirmed: {seats(url, event_id)} (must be {CAPACITY}); errors: {errors} "
        f"(must be 0)"
    )
    verdict = "meets" if ratio >= 0.5 and result["p99"] < 1 else "misses"
    print(f"  throughput ratio {ratio:.2f} of the floor ({verdict} the goal: ≥ 0.5, p99 < 1 s)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", Path(tmp) / "outbox")
        if os.environ.get("BENCH_DATABASE_URL"):
            run("PostgreSQL", os.environ["BENCH_DATABASE_URL"], Path(tmp) / "outbox")
