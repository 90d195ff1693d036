"""Locks: taken once per transaction, and what was read before them is read again."""

from pathlib import Path

import sqlalchemy as sa

from camps.models import Event
from core.db import commit
from core.locking import lock_row, lock_rows
from extensions import db


def test_a_row_read_before_the_lock_is_read_again_after_it(app, make_event):
    event = make_event(capacity=10)
    stale = db.session.get(Event, event.id)
    assert stale.capacity == 10
    # Another transaction changes the row meanwhile (a second server, say).
    with db.engine.begin() as connection:
        connection.execute(sa.update(Event).where(Event.id == event.id).values(capacity=12))
    assert stale.capacity == 10  # still the copy read before
    locked = lock_row(Event, event.id)
    assert locked is stale and locked.capacity == 12
    commit()


def test_locking_keeps_what_the_transaction_changed(app, make_event):
    event = make_event(capacity=10)
    event.capacity = 11  # changed, not yet written
    lock_row(Event, event.id)
    assert event.capacity == 11
    db.session.rollback()


def test_rows_are_locked_in_id_order_and_missing_ones_left_out(app, make_event):
    first, second = make_event(), make_event()
    locked = lock_rows(Event, [second.id, first.id, 10**6])
    assert list(locked) == sorted([first.id, second.id])
    commit()


def test_nothing_locks_but_core_locking():
    root = Path(__file__).resolve().parents[2]
    locking = ("with_for_update", "BEGIN IMMEDIATE", "pg_advisory")
    found = set()
    for path in root.glob("**/*.py"):
        relative = path.relative_to(root)
        if relative.parts[0] in (".venv", "node_modules", "tests", "bench", "migrations"):
            continue
        if any(word in path.read_text() for word in locking):
            found.add(str(relative))
    assert found == {"core/locking.py", "core/db.py"}
