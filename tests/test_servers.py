"""Several app servers, as behind a load balancer: they share nothing but PostgreSQL and Redis.

Two gunicorn servers on two ports, one PostgreSQL database, one Redis (broker and rate
limits) and one Celery worker; the opening rush of tests/registration/test_races.py is sent
to both at once.
"""

import concurrent.futures
import random
import time
import uuid

import pytest
import sqlalchemy as sa

from bench.load import call, gunicorn
from extensions import db
from registration.models import OutboxMail
from tests.conftest import BROKER, SERVERS, StallingInbox, running_app
from tests.registration.test_races import CAPACITY, CLIENTS, FAMILIES, check_invariants, family_body

# Servers and workers of their own: one such test at a time (xdist --dist loadgroup).
pytestmark = pytest.mark.xdist_group(SERVERS)


@pytest.fixture
def app(postgresql_url, redis_queue):
    with running_app(
        (postgresql_url, False), CELERY_BROKER_URL=BROKER, CELERY_QUEUE=redis_queue
    ) as app:
        yield app


@pytest.fixture
def two_servers(app, redis_queue, smtp_server, celery_worker):
    """Two servers and one worker; yields their ports and the SMTP server's inbox."""
    inbox = StallingInbox()
    smtp_port = smtp_server(inbox)
    celery_worker(smtp_port)
    env = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "servers",
        "BASE_URL": "http://127.0.0.1",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "CELERY_BROKER_URL": BROKER,
        "CELERY_QUEUE": redis_queue,
        "RATELIMIT_STORAGE_URI": BROKER,
        # The limits' keys of this test only: other tests share the Redis.
        "RATELIMIT_KEY_PREFIX": f"servers-{uuid.uuid4().hex[:8]}",
        # Every family comes from 127.0.0.1 here, unlike a real opening rush.
        "REGISTRATION_RATE_LIMIT": "1000000 per hour",
    }
    with (
        gunicorn("app:create_app()", env, workers=2) as first,
        gunicorn("app:create_app()", env, workers=2) as second,
    ):
        yield (first, second), inbox


def test_two_servers_never_give_more_than_the_places_and_send_every_mail_once(
    app, make_event, two_servers
):
    ports, inbox = two_servers
    event = make_event(capacity=CAPACITY)
    sizes = random.Random(11).choices([1, 2, 3], k=FAMILIES)
    path = f"/api/v1/events/{event.id}/registrations"

    def send(number: int):
        return call(ports[number % 2], "POST", path, family_body(number, sizes[number]))

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(send, range(FAMILIES)))
    assert [status for status, _body in results] == [201] * FAMILIES
    confirmed, queued = check_invariants(event)
    assert len(confirmed) + len(queued) == FAMILIES
    assert max(b.id for b in confirmed) < min(b.id for b in queued)

    inbox.wait_for(FAMILIES, seconds=120)
    time.sleep(1)  # nothing more comes
    recipients = sorted(message["To"] for message in inbox.messages)
    assert recipients == sorted(f"family{n}@example.lt" for n in range(FAMILIES))
    assert len({message["Message-ID"] for message in inbox.messages}) == FAMILIES
    db.session.rollback()
    owed = sa.select(sa.func.count()).select_from(OutboxMail).where(OutboxMail.sent_at.is_(None))
    assert db.session.scalar(owed) == 0


def test_two_servers_count_one_rate_limit_together(two_servers):
    ports, _inbox = two_servers
    wrong = {"email": "nobody@example.lt", "password": "wrong password"}
    # Ten tries a minute per address (staff.api): five at each server, and then none at all.
    statuses = [call(ports[n % 2], "POST", "/api/v1/auth/token", wrong)[0] for n in range(10)]
    assert 429 not in statuses
    assert [call(port, "POST", "/api/v1/auth/token", wrong)[0] for port in ports] == [429, 429]
