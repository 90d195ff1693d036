"""The database: the model base, the UTC type, the one place that commits, and the work that
waits for a commit.

The boundary of every unit of work — a request, a CLI command — calls `commit()` once. It
commits, then runs what waited for the commit (sending the e-mails the change owes, for one).
Anything else that commits is a bug: the session refuses it (`guard_commits`), because such a
commit would skip the after-commit work and could split a rule across two transactions.
"""

import contextlib
import enum
import fcntl
import logging
import os
import sqlite3
import threading
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(sa.types.TypeDecorator):
    """An aware UTC datetime, stored without zone so SQLite and PostgreSQL agree."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def str_enum(cls: type[enum.StrEnum], name: str) -> sa.Enum:
    """A string enum stored as its values, with a CHECK constraint on both databases."""
    return sa.Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


def render_item(type_, obj, autogen_context):
    """Write UTCDateTime into migrations as a plain DateTime: revisions never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


db = SQLAlchemy(model_class=Base)


@sa.event.listens_for(sa.Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Foreign keys on, readers beside a writer (WAL), and writes that begin IMMEDIATE."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
        # The driver opens a transaction only at the first write, and with this it takes the
        # write lock right then, so a read-then-write never meets "database is locked".
        dbapi_connection.isolation_level = "IMMEDIATE"


log = logging.getLogger(__name__)

_COMMITTING = "core.db.committing"
#: The locks this transaction holds (core.locking keeps the list).
HELD_LOCKS = "core.locking.held"
_AFTER_COMMIT = "core.db.after_commit"


class StrayCommit(RuntimeError):
    """Something committed the session without going through core.db.commit()."""


def after_commit(callback) -> None:
    """Run callback once the current transaction has committed (e-mails, for instance)."""
    callbacks = db.session.info.setdefault(_AFTER_COMMIT, [])
    if callback not in callbacks:
        callbacks.append(callback)


def commit(*, expire: bool = True) -> None:
    """Commit the unit of work's one transaction, then run what waited for it.

    `expire=False` keeps the loaded objects as they are, for an answer built from what the
    transaction itself wrote (web.jsonapi.AnswerAfterCommit).
    """
    session = db.session
    session.info[_COMMITTING] = True
    current = session()  # the Session itself, behind the scoped proxy
    keep, current.expire_on_commit = current.expire_on_commit, expire
    try:
        session.commit()
    finally:
        current.expire_on_commit = keep
        session.info.pop(_COMMITTING, None)
    for callback in session.info.pop(_AFTER_COMMIT, []):
        try:
            callback()
        except Exception:
            # The change is committed; what follows it (a mail) has its own retry path.
            log.exception("after-commit work %s failed", getattr(callback, "__name__", callback))
            rollback()


def rollback() -> None:
    """Drop the transaction and the work that waited for it."""
    db.session.rollback()
    db.session.info.pop(_AFTER_COMMIT, None)


def begin_write() -> None:
    """Make sure the transaction holds the database's write lock (SQLite) before it reads.

    SQLite has no row locks: a transaction that reads and then writes must take the write
    lock first (BEGIN IMMEDIATE), or two of them read the same count and one then fails with
    "database is locked". PostgreSQL locks rows instead (core.locking); nothing to do here.

    Writers first queue for the database on a lock file beside it (flock): SQLite's own wait
    polls with sleeps of up to 100 ms, so under a rush its lock would mostly stand idle while
    everyone slept; the kernel hands the file's lock to the next writer at once. The file only
    orders the writers: SQLite's lock still guards the data.
    """
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    if not connection.connection.dbapi_connection.in_transaction:
        _queue_for_writing(connection.engine.url.database)
        connection.exec_driver_sql("BEGIN IMMEDIATE")


_writers = threading.local()
#: The lock file a session holds for its write transaction.
_WRITER_LOCK = "core.db.writer_lock"


def _queue_for_writing(database: str | None) -> None:
    session = db.session()
    if not database or database == ":memory:" or _WRITER_LOCK in session.info:
        return
    files = _writers.__dict__.setdefault("files", {})
    if database not in files:
        try:
            # Read-only is enough for flock, so a file another user created serves as well.
            files[database] = os.open(f"{database}.writers", os.O_RDONLY | os.O_CREAT, 0o666)
        except OSError:
            log.warning("no lock file beside %s: writers wait on SQLite alone", database)
            files[database] = None
    if files[database] is not None:
        fcntl.flock(files[database], fcntl.LOCK_EX)
        session.info[_WRITER_LOCK] = files[database]


def _done_writing(session) -> None:
    held = session.info.pop(_WRITER_LOCK, None)
    if held is not None:
        fcntl.flock(held, fcntl.LOCK_UN)


@contextlib.contextmanager
def savepoint():
    """A savepoint inside the write transaction, for an insert that may meet a twin.

    Rolling back to it also gives back the locks taken since (PostgreSQL does): the lock
    bookkeeping forgets them too, so a later lock is really taken again.
    """
    begin_write()
    held = list(db.session.info.get(HELD_LOCKS, []))
    try:
        with db.session.begin_nested():
            yield
    except BaseException:
        db.session.info[HELD_LOCKS] = held
        raise


def _refuse_stray_commit(session) -> None:
    # Releasing a savepoint is part of the unit of work, not a commit of it.
    if not session.info.get(_COMMITTING) and not session.in_nested_transaction():
        raise StrayCommit("commit through core.db.commit(), at the boundary of the unit of work")


def guard_commits() -> None:
    """Refuse every commit of the app's session that does not come through commit()."""
    if not sa.event.contains(db.session, "before_commit", _refuse_stray_commit):
        sa.event.listen(db.session, "before_commit", _refuse_stray_commit)


@sa.event.listens_for(db.session, "after_transaction_end")
def _end_of_transaction(session, transaction) -> None:
    if transaction.parent is None:
        _done_writing(session)
