"""Fixtures: an app on SQLite and, with TEST_DATABASE_URL, on PostgreSQL; factories; helpers."""

import asyncio
import concurrent.futures
import contextlib
import email
import email.policy
import itertools
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient

from app import create_app, database_url
from bench.load import free_port, gunicorn
from camps.models import EventKind, EventStatus, Partner, Venue, WaitlistMode
from camps.services import EventData, create_event, save_partner, save_venue
from core.db import commit
from extensions import db
from registration.eligibility import ParticipantData, RegistrationData
from registration.models import ConsentKind, Participant, SiblingMode, StayPurpose
from registration.services import register
from registration.stays import Guest, book_stay
from staff.models import Role
from staff.services import create_staff

PASSWORD = "correct horse battery"
#: A fixed "now" for rules that depend on the clock.
NOW = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
#: The xdist group of the tests that start servers, workers or a browser: run one at a time.
SERVERS = "servers"


def _worker_database(url: str | None) -> str | None:
    """With pytest-xdist each worker gets its own PostgreSQL database beside the given one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    import psycopg

    base, _slash, name = url.rpartition("/")
    own = f"{name}_{worker}"
    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (own,))
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{own}"')
    return f"{base}/{own}"


TEST_DATABASE_URL = _worker_database(os.environ.get("TEST_DATABASE_URL"))
#: Debian's Chromium, the only browser the tests drive (Playwright never downloads one).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, one for the test module (each test opens its own context)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("browser tests need Debian's chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@contextlib.contextmanager
def served_app(app, tmp_path, *, workers: int = 2):
    """The app under gunicorn on 127.0.0.1, on the test's own database: yields its root URL.

    For the browser tests, which run once, on SQLite (the server shares the test's file).
    """
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite"):
        pytest.skip("the browser tests run once, on SQLite")
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": "browser",
        "BASE_URL": "http://127.0.0.1",
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
    }
    with gunicorn("app:create_app()", env, workers=workers) as port:
        yield f"http://127.0.0.1:{port}"


#: Where mail goes in tests that do not start an SMTP server.
OUTBOX_DIR = tempfile.mkdtemp(prefix="tiltas-outbox-")


def _config(url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "BASE_URL": "https://tiltas.test",
        "MAIL_SERVER": "",
        "MAIL_OUTBOX_DIR": OUTBOX_DIR,
    }


@pytest.fixture(scope="session")
def postgresql_url():
    if not TEST_DATABASE_URL:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (.ci/run sets it)")
    url = database_url(TEST_DATABASE_URL)
    app = create_app(_config(url))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return url


def open_database(request, tmp_path):
    """The database named by the fixture's param, and whether its schema is still to be made."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}", True
    return request.getfixturevalue("postgresql_url"), False


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """The database URL for one test, with an empty schema."""
    return open_database(request, tmp_path)


class FreshContextClient(FlaskClient):
    """Run each request in its own app context, as a server does.

    The tests hold an app context for their factories; without this, requests would share
    its `g` and database session with the test and with each other. The response is read
    and closed at once, as a server does once it has sent it: the jobs that run after the
    response (core.jobs) have run when the test looks.
    """

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            return super().open(*args, **kwargs)


@contextlib.contextmanager
def running_app(database, **config):
    """An app for the database, inside its app context, with an empty schema."""
    url, fresh = database
    app = create_app({**_config(url), **config})
    app.test_client_class = FreshContextClient
    with app.app_context():
        if fresh:
            db.create_all()
        else:
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(database):
    with running_app(database) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


_numbers = itertools.count(1)


@pytest.fixture
def make_partner(app):
    def make(**kwargs) -> Partner:
        kwargs.setdefault("name", f"Partner {next(_numbers)}")
        kwargs.setdefault("country", "LT")
        partner = save_partner(None, **kwargs)
        commit()
        return partner

    return make


@pytest.fixture
def make_venue(app):
    def make(**kwargs) -> Venue:
        kwargs.setdefault("name", f"Venue {next(_numbers)}")
        kwargs.setdefault("address", "Jaunimo g. 3, Alytus")
        kwargs.setdefault("country", "LT")
        kwargs.setdefault("timezone", "Europe/Vilnius")
        venue = save_venue(None, **kwargs)
        commit()
        return venue

    return make


@pytest.fixture
def make_event(app, make_partner, make_venue):
    """Create an event; local naive times are in the venue's zone."""

    def make(*, status=EventStatus.PUBLISHED, now=None, **kwargs):
        starts_at = kwargs.pop("starts_at", datetime(2027, 7, 5, 10, 0))
        data = EventData(
            kind=kwargs.pop("kind", EventKind.SURVIVAL_CAMP),
            partner=kwargs.pop("partner", None) or make_partner(),
            venue=kwargs.pop("venue", None) or make_venue(),
            texts=kwargs.pop("texts", {"en": {"title": f"Camp {next(_numbers)}"}}),
            starts_at=starts_at,
            ends_at=kwargs.pop("ends_at", starts_at + timedelta(days=4, hours=6)),
            capacity=kwargs.pop("capacity", 30),
            waitlist_mode=kwargs.pop("waitlist_mode", WaitlistMode.AUTO),
            **kwargs,
        )
        event = create_event(data, status=status, now=now or NOW)
        commit()
        return event

    return make


def family(*births, mode="together", guardian="Ona Kazlauskienė", email="ona@example.lt", **extra):
    """Registration data for a family whose children were born on the given dates."""
    people = [
        ParticipantData(
            first_name=f"Vaikas{next(_numbers)}", last_name=guardian.split()[-1], birth_date=born
        )
        for born in births or [date(2014, 5, 1)]
    ]
    consents = {ConsentKind.DATA_PROCESSING: True, ConsentKind.GUARDIAN: True}
    consents.update(extra.pop("consents", {}))
    return RegistrationData(
        participants=people,
        contact_name=guardian,
        contact_email=email,
        consents=consents,
        sibling_mode=SiblingMode(mode),
        **extra,
    )


def guest_stay(bed, arrives, departs, name="Ieva"):
    """Book a bed for a guest on a temporary stay, and return the stay."""
    return book_stay(
        bed_id=bed.id,
        arrives_on=arrives,
        departs_on=departs,
        purpose=StayPurpose.TEMPORARY_STAY,
        guest=Guest(name, "Jonaitė", date(1990, 3, 4)),
        now=NOW,
    )


@pytest.fixture
def make_registration(app):
    """Register a family (see family()) and commit; returns (booking, token)."""

    def make(event, *births, now=None, staff=None, **kwargs):
        booking, token = register(event.id, family(*births, **kwargs), now=now or NOW, staff=staff)
        commit()
        return booking, token

    return make


@pytest.fixture
def make_staff(app, make_partner):
    def make(role=Role.ORGANISER, *, email=None, partner=None, password=PASSWORD):
        if role == Role.ORGANISER and partner is None:
            partner = make_partner()
        user = create_staff(
            email or f"staff{next(_numbers)}@tiltas.example",
            role=role,
            password=password,
            partner_id=partner.id if partner else None,
        )
        commit()
        return user

    return make


def login(client, user, password=PASSWORD):
    response = client.post("/staff/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.text
    return response


def api_token(client, user, password=PASSWORD) -> dict:
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json['token']}"}


def statuses(booking) -> list[str]:
    """The booking's participants' statuses, fresh from the database."""
    db.session.refresh(booking)
    return [p.status.value for p in booking.participants]


def assert_counters_match(event) -> None:
    """The event's seat and waiting counters equal a recount, within capacity."""
    db.session.refresh(event)
    rows = db.session.scalars(sa.select(Participant.status).filter_by(event_id=event.id)).all()
    assert event.seats_taken == sum(s in ("confirmed", "offered") for s in rows)
    assert event.waitlist_count == sum(s == "waitlisted" for s in rows)
    assert event.seats_taken <= event.capacity


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside the with-block."""

    @contextlib.contextmanager
    def counter():
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)

    return counter


def at_once(*requests):
    """Send the requests from as many threads at the same moment; return their answers."""
    barrier = threading.Barrier(len(requests))

    def send(request):
        barrier.wait()
        return request()

    with concurrent.futures.ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(send, requests))


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


# --- a real SMTP server on 127.0.0.1 ------------------------------------------------------


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"

    def body(self, index=-1, kind="plain") -> str:
        return self.messages[index].get_body(preferencelist=(kind,)).get_content()


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield inbox
    controller.stop()


# --- Redis, a Celery worker and an SMTP server that can stall --------------------------
#
# The worker is started by the test (`celery --app app:celery_app worker`, as the README
# says) on the test's database, with a queue of its own so parallel test processes never
# share one.

ROOT = Path(__file__).resolve().parents[1]
REDIS = ("127.0.0.1", 6379)
BROKER = "redis://127.0.0.1:6379/14"
#: Short claims, so a dead worker's message is free again within the test.
CLAIM_SECONDS = 4


@pytest.fixture
def redis_queue():
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        pytest.skip("needs Redis on 127.0.0.1:6379 (it runs in CI)")
    return f"tiltas-test-{uuid.uuid4().hex[:12]}"


class StallingInbox:
    """An SMTP server's handler that can hold one message's answer, as a slow server does."""

    def __init__(self, stall_at: int | None = None):
        self.messages: list[email.message.EmailMessage] = []
        self.stall_at = stall_at
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        if len(self.messages) == self.stall_at:
            self.stalled.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} messages came"


@pytest.fixture
def smtp_server():
    servers = []

    def start(inbox: Inbox) -> int:
        port = free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append((controller, inbox))
        return port

    yield start
    for controller, inbox in servers:
        inbox.release.set()
        controller.stop()


@pytest.fixture
def celery_worker(app, redis_queue):
    """Start Celery workers for this test's app and queue; each is killed at the end."""
    processes = []

    def start(smtp_port: int) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "BASE_URL": app.config["BASE_URL"],
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp_port),
            "MAIL_CLAIM_SECONDS": str(CLAIM_SECONDS),
            "CELERY_BROKER_URL": BROKER,
            "CELERY_QUEUE": redis_queue,
        }
        command = [
            sys.executable, "-m", "celery", "--app", "app:celery_app", "worker",
            "--pool", "solo", "--loglevel", "warning",
            "--hostname", f"{redis_queue}-{len(processes)}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        process = subprocess.Popen(command, cwd=ROOT, env=env)
        processes.append(process)
        return process

    yield start
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait(timeout=30)
