"""The only place that locks. Lock, then load, then count, then write — in one transaction.

PostgreSQL: `SELECT … FOR UPDATE` on the rows, and a transaction-scoped advisory lock for a
name (something about to be created has no row to lock yet). SQLite has no row locks: the
first lock opens the transaction with BEGIN IMMEDIATE, which takes the database's write lock
before anything is counted.

As pretix's `lock_objects` does, the rows a rule needs are locked in one call, in a stable
order (by id), so two transactions never wait for each other in a circle (moving a stay
locks both beds at once).

Anything loaded before the lock is stale — the family's page read the statuses, then waited
while someone else cancelled — so once it holds a new lock the session forgets what it
loaded, and the rule reads again.
"""

import functools
import hashlib
import os

import sqlalchemy as sa

from core.db import HELD_LOCKS, begin_write
from extensions import db


def _enabled() -> bool:
    # Only the race tests' control run switches locking off, to prove they catch overbooking.
    return os.environ.get("TILTAS_UNSAFE_NO_LOCKS") != "1"


def _held() -> list:
    return db.session.info.setdefault(HELD_LOCKS, [])


def _claim(keys: list) -> list:
    """The keys this transaction does not hold yet, sorted; remembered as held."""
    held = _held()
    new = sorted(set(keys) - set(held))
    held.extend(new)
    return new


def _fresh_session() -> None:
    # Keep what this transaction changed, forget what it merely read before the lock.
    db.session.flush()
    db.session.expire_all()


def lock_rows(model, ids) -> dict:
    """Lock the rows of `model` with these ids; return them fresh from the database, by id."""
    ids = sorted({int(i) for i in ids})
    table = model.__table__.name
    if not ids:
        return {}
    query = sa.select(model).where(model.id.in_(ids)).order_by(model.id)
    if not _enabled():
        return {row.id: row for row in db.session.scalars(query)}
    new = _claim([(1, table, i) for i in ids])
    if new:
        _fresh_session()
        begin_write()
        if db.session.get_bind().dialect.name != "sqlite":
            query = query.with_for_update(of=model)
    rows = db.session.scalars(query.execution_options(populate_existing=True))
    return {row.id: row for row in rows}


def lock_row(model, row_id: int):
    """Lock one row; return it fresh, or None when there is no such row."""
    return lock_rows(model, [row_id]).get(int(row_id))


def lock_found_row(model, query: sa.Select, params: dict) -> sa.Row | None:
    """Lock the one row of `model` that `query` finds; return the query's values, or None.

    The lean lock_row, for a path run on every scan: finding the row (by any unique column)
    and locking it is one statement, on the session's connection, and the answer is plain
    values, no ORM objects to load or go stale. `query` is built once (its values come as
    bound `params`) and selects `model.id`; it may join other rows to read with it, and
    only `model`'s row is locked.
    """
    if not _enabled():
        return db.session.connection().execute(query, params).first()
    # The row is not known before it is found, so the session forgets what it read either way.
    _fresh_session()
    begin_write()
    if db.session.get_bind().dialect.name != "sqlite":
        query = _for_update(query, model.__table__)
    row = db.session.connection().execute(query, params).first()
    if row is not None:
        _claim([(1, model.__table__.name, row.id)])
    return row


@functools.lru_cache(maxsize=64)
def _for_update(query: sa.Select, table: sa.Table) -> sa.Select:
    # Once per query: a statement built anew on each call costs more than running it.
    return query.with_for_update(of=table)


def lock_name(name: str) -> None:
    """Lock a name for the transaction: two that create the same new thing take turns."""
    if not _enabled() or not _claim([(0, name, 0)]):
        return
    _fresh_session()
    begin_write()
    if db.session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


@sa.event.listens_for(db.session, "after_transaction_end")
def _release(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(HELD_LOCKS, None)
