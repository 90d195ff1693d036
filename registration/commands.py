"""Commands for cron: lapsed offers and the mail outbox."""

from datetime import UTC, datetime

import click

from extensions import commit, utcnow
from registration.emails import send_outbox
from registration.retention import anonymise, purge_health_notes
from registration.waitlist import expire_all_offers

registrations_cli = click.Group("registrations", help="Registrations and the waiting list.")
mail_cli = click.Group("mail", help="The e-mail outbox.")


@registrations_cli.command("expire-offers")
@click.option(
    "--now",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S"]),
    help="Act as if it were this UTC time (for tests and dry checks).",
)
def expire_offers_command(now: datetime | None):
    """Let lapsed offers go and pass their places to the next families."""
    count = expire_all_offers(now=now.replace(tzinfo=UTC) if now else utcnow())
    commit()
    click.echo(f"{count} lapsed offer(s) passed on.")


@mail_cli.command("send")
def send_mail_command():
    """Send every e-mail still waiting in the outbox."""
    sent, failed = send_outbox()
    click.echo(f"{sent} sent, {failed} still waiting.")
    if failed:
        raise SystemExit(1)


retention_cli = click.Group("retention", help="Delete and anonymise personal data on time.")


@retention_cli.command("run")
@click.option(
    "--now",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S"]),
    help="Act as if it were this UTC time (for tests and dry checks).",
)
def retention_command(now: datetime | None):
    """Purge health notes and anonymise people of events long over; prints counts only."""
    moment = now.replace(tzinfo=UTC) if now else utcnow()
    purged = purge_health_notes(now=moment)
    anonymised = anonymise(now=moment)
    commit()
    click.echo(f"{purged} health note(s) deleted, {anonymised} person(s) anonymised.")
