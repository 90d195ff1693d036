"""Background jobs (core.jobs): e-mail, the outbox sweep, lapsed offers and retention.

Each takes ids or nothing, runs in an app context of its own and commits through core.db.
`SCHEDULE` is what `celery --app app:celery_app beat` runs; without Celery, cron runs the
`flask` commands that do the same (README: "Background work").
"""

from datetime import datetime

from celery import shared_task

from core.db import commit, utcnow
from registration import emails
from registration.retention import anonymise, anonymise_guests, purge_health_notes
from registration.waitlist import expire_all_offers
from web.idempotency import purge_idempotency_records

SCHEDULE = {
    # A sweep not started within its minute is dropped: the next one does its work.
    "send-outbox": {
        "task": "registration.send_outbox",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "expire-offers": {"task": "registration.expire_offers", "schedule": 300.0},
    "retention": {"task": "registration.retention", "schedule": 24 * 3600.0},
}


@shared_task(name=emails.SEND_MAILS)
def send_mails(mail_ids: list[int]) -> int:
    """Send the messages a transaction wrote to the outbox."""
    return emails.send_mails(mail_ids)


@shared_task(name="registration.send_outbox")
def send_outbox() -> tuple[int, int]:
    """Send what is still owed: messages whose job was lost, or whose server was down."""
    return emails.send_outbox(now=utcnow())


@shared_task(name="registration.expire_offers")
def expire_offers() -> int:
    """Let lapsed offers go and pass their places on (their mails follow as jobs)."""
    count = expire_all_offers(now=utcnow())
    commit()
    return count


def run_retention(*, now: datetime) -> dict[str, int]:
    """Purge and anonymise what is past its time; counts only (the CLI and the task)."""
    counts = {
        "health_notes": purge_health_notes(now=now),
        "people": anonymise(now=now),
        "guests": anonymise_guests(now=now),
        "stored_answers": purge_idempotency_records(now=now),
    }
    commit()
    return counts


@shared_task(name="registration.retention")
def retention() -> dict[str, int]:
    return run_retention(now=utcnow())
