"""Catalogue throughput: the public event list and GET /api/v1/events against a bare floor.

Both apps run under the same gunicorn settings on 127.0.0.1 against the same SQLite (or
BENCH_DATABASE_URL) database, measured in alternating rounds; the figure is the median
ratio of requests per second to the floor's.
"""

import os
import statistics
import tempfile
from datetime import timedelta
from pathlib import Path

from bench.load import gunicorn, hammer
from bench.setup import empty_database

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
EXTRA_EVENTS = 200


def prepare_database(url: str) -> None:
    """The demo programmes plus enough events that the list has many pages."""
    from camps.demo import load_demo
    from camps.models import Event
    from camps.services import create_event, event_data
    from core.db import utcnow
    from extensions import db

    with empty_database(url):
        now = utcnow()
        load_demo(now=now)
        template = db.session.scalars(db.select(Event)).first()
        for i in range(EXTRA_EVENTS):
            data = event_data(template)
            data.starts_at = template.starts_at + timedelta(days=i % 300, hours=i % 7)
            data.ends_at = data.starts_at + timedelta(days=3)
            create_event(data, status=template.status, now=now)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        prepare_database(url)
        env = {"DATABASE_URL": url, "SECRET_KEY": "bench", "BASE_URL": "http://127.0.0.1"}
        paths = {"event list (/)": "/", "GET /api/v1/events": "/api/v1/events"}
        uncached = {**env, "CATALOGUE_CACHE_SECONDS": "0"}
        ratios: dict[str, list[float]] = {}
        floors: list[float] = []
        with (
            gunicorn("bench.floor:create_app()", env) as floor_port,
            gunicorn("app:create_app()", env) as app_port,
            gunicorn("app:create_app()", uncached) as cold_port,
        ):
            targets = {
                name + suffix: (port, path)
                for name, path in paths.items()
                for suffix, port in (("", app_port), (", no cache", cold_port))
            }
            hammer(floor_port, "/floor", seconds=1)  # warm everything up
            for port, path in targets.values():
                hammer(port, path, seconds=1)
            for _round in range(ROUNDS):
                floor = hammer(floor_port, "/floor", seconds=SECONDS)
                floors.append(floor["rps"])
                for name, (port, path) in targets.items():
                    result = hammer(port, path, seconds=SECONDS)
                    assert result["errors"] == 0, f"{name}: {result['errors']} errors"
                    ratios.setdefault(name, []).append(result["rps"] / floor["rps"])
        print(f"catalogue benchmark ({ROUNDS} rounds × {SECONDS:g} s, gunicorn 2 sync workers)")
        floor = statistics.median(floors)
        print(f"  floor (bare Flask, 20 rows, minimal template): {floor:7.1f} req/s")
        for name, values in ratios.items():
            ratio = statistics.median(values)
            verdict = "meets" if ratio >= 0.5 else "below"
            print(f"  {name:32s} ratio {ratio:.2f} of the floor ({verdict} the 0.5 goal)")
