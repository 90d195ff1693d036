"""Registration burst: 600 families (1–3 children) from 32 clients at one camp of 120 places.

Under gunicorn on 127.0.0.1, on SQLite (always) and PostgreSQL (BENCH_DATABASE_URL), each
with the mail sent after the response in the web process and with a Celery worker beside the
servers (Redis on 127.0.0.1:6379), every message to a real SMTP server (bench.smtp). Prints
registrations per second, p50 and p99 latency, seats confirmed (must be 120), errors (must
be 0), the messages received (each once), and the throughput as a ratio against a bare Flask
endpoint that locks, counts and inserts one row under the same server settings.
"""

import contextlib
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench import floor_lock
from bench.load import ROOT, burst, free_port, gunicorn
from bench.setup import empty_database, published_camp
from bench.smtp import received, smtp_server

FAMILIES = int(os.environ.get("BENCH_FAMILIES", "600"))
CLIENTS = 32
CAPACITY = 120
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
#: Requests each server answers before the measured burst.
WARM_UP = 40
REDIS = ("127.0.0.1", 6379)
EXPECTED_MAIL = 0 if os.environ.get("BENCH_NO_EMAIL") else FAMILIES + WARM_UP
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")


def prepare(url: str) -> tuple[int, int]:
    """An empty schema with the camp of 120 places and a workshop to warm up on; their ids."""
    with empty_database(url):
        camps = [
            published_camp(
                capacity=capacity,
                partner=partner,
                country="LT",
                timezone="Europe/Vilnius",
                days_ahead=60,
            ).id
            for capacity, partner in (
                (CAPACITY, "Alytaus miesto bendruomenės centras"),
                (WARM_UP * 3, "Asociacija Aktyvus jaunimas"),
            )
        ]
    floor_lock.prepare(url)
    return camps[0], camps[1]


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


def owed(url: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        count = connection.execute(
            sa.text("SELECT count(*) FROM outbox_mail WHERE sent_at IS NULL")
        ).scalar()
    engine.dispose()
    return count


def redis_is_there() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


@contextlib.contextmanager
def celery_worker(env: dict):
    """One Celery worker beside the servers, niced: background work yields to the people."""
    command = [
        "nice", "-n", "10", sys.executable, "-m", "celery", "--app", "app:celery_app",
        "worker", "--concurrency", "1", "--loglevel", "warning",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=60)


def run(name: str, url: str, tmp: Path, *, celery: bool) -> None:
    event_id, warm_up_id = prepare(url)
    sizes = random.Random(42).choices([1, 2, 3], k=FAMILIES)
    smtp_port, report = free_port(), tmp / f"smtp-{name}-{celery}.json"
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "BASE_URL": "http://127.0.0.1",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        # Every family comes from the load generator's one address here, unlike a real rush.
        "REGISTRATION_RATE_LIMIT": "1000000 per hour",
    }
    if celery:
        env |= {"CELERY_BROKER_URL": BROKER, "CELERY_QUEUE": f"bench-{uuid.uuid4().hex[:8]}"}
    with gunicorn("bench.floor_lock:create_app()", env, workers=WORKERS) as floor_port:
        burst(floor_port, [("/floor", {})] * WARM_UP, clients=CLIENTS)
        floor = burst(floor_port, [("/floor", {})] * FAMILIES, clients=CLIENTS)
    with (
        smtp_server(smtp_port, report),
        celery_worker(env) if celery else contextlib.nullcontext(),
        gunicorn("app:create_app()", env, workers=WORKERS) as app_port,
    ):
        # Servers are warm when a rush opens: every worker has served a registration.
        warm_up = f"/api/v1/events/{warm_up_id}/registrations"
        burst(app_port, [(warm_up, family(-n - 1, 1)) for n in range(WARM_UP)], clients=CLIENTS)
        deadline = time.monotonic() + 60
        while owed(url) and time.monotonic() < deadline:
            time.sleep(0.1)
        path = f"/api/v1/events/{event_id}/registrations"
        result = burst(
            app_port, [(path, family(n, sizes[n])) for n in range(FAMILIES)], clients=CLIENTS
        )
        burst_over = time.monotonic()
        while owed(url) and time.monotonic() < burst_over + 300:
            time.sleep(0.2)
        drained = time.monotonic() - burst_over
    mail = received(report)
    errors = sum(status != 201 for status in result["statuses"])
    ratio = result["per_second"] / floor["per_second"]
    how = "a Celery worker beside them (niced)" if celery else "mail after the response"
    print(f"registration burst on {name}: {FAMILIES} families, {CLIENTS} clients, "
          f"gunicorn {WORKERS} sync workers, {how}")  # fmt: skip
    print(
        f"  floor (lock, count, insert one row): {floor['per_second']:7.1f} /s, "
        f"p99 {floor['p99'] * 1000:6.1f} ms"
    )
    print(
        f"  registrations: {result['per_second']:7.1f} /s, p50 {result['p50'] * 1000:6.1f} ms, "
        f"p99 {result['p99'] * 1000:6.1f} ms ({result['per_second'] * 60:.0f} a minute; "
        f"pretix: 5–7 a second on one event)"
    )
    print(
        f"  seats confirmed: {seats(url, event_id)} (must be {CAPACITY}); errors: {errors} "
        f"(must be 0)"
    )
    print(
        f"  mail: {mail['messages']} received, {mail['distinct']} distinct (must be {EXPECTED_MAIL}"
        f" each), the last {drained:.1f} s after the burst"
    )
    verdict = "meets" if ratio >= 0.5 and result["p99"] < 1 else "misses"
    print(f"  throughput ratio {ratio:.2f} of the floor ({verdict} the goal: ≥ 0.5, p99 < 1 s)")


def main() -> None:
    databases = [("SQLite", None)]
    if os.environ.get("BENCH_DATABASE_URL"):
        databases.append(("PostgreSQL", os.environ["BENCH_DATABASE_URL"]))
    modes = {"0": [False], "1": [True]}.get(os.environ.get("BENCH_CELERY", ""), [False, True])
    if True in modes and not redis_is_there():
        print("no Redis on 127.0.0.1:6379: the runs with a Celery worker are left out")
        modes = [m for m in modes if not m]
    with tempfile.TemporaryDirectory() as tmp:
        for name, url in databases:
            for celery in modes:
                path = Path(tmp) / f"bench-{celery}.sqlite3"
                run(name, url or f"sqlite:///{path}", Path(tmp), celery=celery)
