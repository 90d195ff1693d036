"""Background work on a real engine: Redis, a Celery worker process, a real SMTP server.

The worker is started by the test (`celery --app app:celery_app worker`, as the README says)
on this test's database, with a queue of its own so parallel test processes never share one.
"""

import asyncio
import contextlib
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from bench.load import free_port
from camps.models import EventStatus
from camps.services import change_status
from core.db import commit
from extensions import db
from registration.models import OutboxMail
from tests.conftest import NOW, running_app
from tests.registration.test_emails import register

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
BROKER = "redis://127.0.0.1:6379/14"
#: Short claims, so a dead worker's message is free again within the test.
CLAIM_SECONDS = 4


@pytest.fixture
def queue():
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        pytest.skip("needs Redis on 127.0.0.1:6379 (it runs in CI)")
    return f"tiltas-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def app(database, queue):
    # Mail sent from the test's own process would go nowhere: only the worker reaches SMTP.
    with running_app(
        database,
        CELERY_BROKER_URL=BROKER,
        CELERY_QUEUE=queue,
        MAIL_CLAIM_SECONDS=CLAIM_SECONDS,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=free_port(),
    ) as app:
        yield app


class Inbox:
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
def worker(app, queue):
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
            "CELERY_QUEUE": queue,
        }
        command = [
            sys.executable, "-m", "celery", "--app", "app:celery_app", "worker",
            "--pool", "solo", "--loglevel", "warning", "--hostname", f"{queue}-{len(processes)}@%h",
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


def test_a_registrations_mail_reaches_the_smtp_server_through_the_worker(
    app, client, make_event, smtp_server, worker
):
    inbox = Inbox()
    worker(smtp_server(inbox))
    event = make_event(texts={"en": {"title": "Lake camp"}})
    started = time.monotonic()
    data = register(client, event, lang="en")
    inbox.wait_for(1)
    (message,) = inbox.messages
    assert message["To"] == "ona@example.lt" and "Lake camp" in message["Subject"]
    assert data["reference"] in message.get_body(preferencelist=("plain",)).get_content()
    mail = db.session.scalar(sa.select(OutboxMail))
    assert message["Message-ID"] == f"<mail-{mail.id}.{mail.created_at:%Y%m%d%H%M%S}@tiltas.test>"
    deadline = started + 30
    while mail.sent_at is None and time.monotonic() < deadline:
        time.sleep(0.05)
        db.session.refresh(mail)
    assert mail.sent_at is not None and mail.attempts == 1 and mail.link_token is None


def test_a_worker_killed_mid_message_loses_nothing_and_repeats_only_that_message(
    app, make_event, make_registration, smtp_server, worker
):
    event = make_event(capacity=20)
    for number in range(5):
        make_registration(
            event, date(2014, 5, 1), email=f"family{number}@example.lt", guardian=f"G{number}"
        )
    # One transaction owes five families a message: one job carries their five ids.
    change_status(event.id, EventStatus.CANCELLED, now=NOW)
    commit()
    # Five registration mails go first, then the cancellation job stalls at its third message.
    inbox = Inbox(stall_at=8)
    port = smtp_server(inbox)
    first = worker(port)
    assert inbox.stalled.wait(60), "the worker never reached the stalled message"
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)

    sent = db.session.scalars(sa.select(OutboxMail).order_by(OutboxMail.id)).all()
    marks = [mail.sent_at is not None for mail in sent]
    assert marks == [True] * 7 + [False] * 3, "the cut message and the two after it are owed"

    worker(port)
    time.sleep(CLAIM_SECONDS + 0.5)  # the dead worker's claims lapse
    app.extensions["celery"].tasks["registration.send_outbox"].apply_async()  # as beat does
    inbox.wait_for(11)
    time.sleep(0.5)
    ids = [message["Message-ID"] for message in inbox.messages]
    assert len(ids) == 11 and len(set(ids)) == 10
    assert ids.count(ids[7]) == 2, "only the message whose exchange was cut came twice"
    db.session.expire_all()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        owed = db.session.scalar(
            sa.select(sa.func.count()).select_from(OutboxMail).where(OutboxMail.sent_at.is_(None))
        )
        db.session.rollback()
        if owed == 0:
            break
        time.sleep(0.1)
    assert owed == 0
