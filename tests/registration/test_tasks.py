"""Background work on a real engine: Redis, a Celery worker process, a real SMTP server."""

import os
import signal
import time
from datetime import date

import pytest
import sqlalchemy as sa

from bench.load import free_port
from camps.models import EventStatus
from camps.services import change_status
from core.db import commit
from extensions import db
from registration.models import OutboxMail
from tests.conftest import BROKER, CLAIM_SECONDS, NOW, SERVERS, StallingInbox, running_app
from tests.registration.test_emails import register

# Servers and workers of their own: one such test at a time (xdist --dist loadgroup).
pytestmark = pytest.mark.xdist_group(SERVERS)


@pytest.fixture
def app(database, redis_queue):
    # Mail sent from the test's own process would go nowhere: only the worker reaches SMTP.
    with running_app(
        database,
        CELERY_BROKER_URL=BROKER,
        CELERY_QUEUE=redis_queue,
        MAIL_CLAIM_SECONDS=CLAIM_SECONDS,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=free_port(),
    ) as app:
        yield app


def test_a_registrations_mail_reaches_the_smtp_server_through_the_worker(
    app, client, make_event, smtp_server, celery_worker
):
    inbox = StallingInbox()
    celery_worker(smtp_server(inbox))
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
    app, make_event, make_registration, smtp_server, celery_worker
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
    inbox = StallingInbox(stall_at=8)
    port = smtp_server(inbox)
    first = celery_worker(port)
    assert inbox.stalled.wait(60), "the worker never reached the stalled message"
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)

    sent = db.session.scalars(sa.select(OutboxMail).order_by(OutboxMail.id)).all()
    marks = [mail.sent_at is not None for mail in sent]
    assert marks == [True] * 7 + [False] * 3, "the cut message and the two after it are owed"

    celery_worker(port)
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
