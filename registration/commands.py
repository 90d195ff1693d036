"""Commands for cron where there is no Celery beat: lapsed offers, the outbox, retention."""

from datetime import UTC, datetime

import click

from core.db import commit, utcnow
from registration.emails import send_outbox
from registration.tasks import run_retention
from registration.waitlist import expire_all_offers

now_option = click.option(
    "--now",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S"]),
    callback=lambda _ctx, _param, value: value.replace(tzinfo=UTC) if value else utcnow(),
    help="Act as if it were this UTC time (for tests and dry checks).",
)

registrations_cli = click.Group("registrations", help="Registrations and the waiting list.")
mail_cli = click.Group("mail", help="The e-mail outbox.")


@registrations_cli.command("expire-offers")
@now_option
def expire_offers_command(now: datetime):
    """Let lapsed offers go and pass their places to the next families."""
    count = expire_all_offers(now=now)
    commit()
    click.echo(f"{count} lapsed offer(s) passed on.")


@mail_cli.command("send")
@now_option
def send_mail_command(now: datetime):
    """Send every e-mail owed whose retry time has come (a failed one waits longer each time)."""
    sent, failed = send_outbox(now=now)
    click.echo(f"{sent} sent, {failed} still waiting.")
    if failed:
        raise SystemExit(1)


retention_cli = click.Group("retention", help="Delete and anonymise personal data on time.")


@retention_cli.command("run")
@now_option
def retention_command(now: datetime):
    """Purge health notes and anonymise people of events long over; prints counts only."""
    counts = run_retention(now=now)
    click.echo(
        f"{counts['health_notes']} health note(s) deleted, {counts['people']} person(s) "
        f"anonymised, {counts['guests']} guest(s) anonymised, {counts['stored_answers']} "
        f"stored answer(s) deleted."
    )
