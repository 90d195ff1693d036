"""Commands for cron: lapsed offers and the mail outbox."""

from datetime import UTC, datetime

import click

from core.db import commit, utcnow
from registration.emails import send_outbox
from registration.retention import anonymise, anonymise_guests, purge_health_notes
from registration.waitlist import expire_all_offers
from web.idempotency import purge_idempotency_records

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
def send_mail_command():
    """Send every e-mail still waiting in the outbox."""
    sent, failed = send_outbox()
    click.echo(f"{sent} sent, {failed} still waiting.")
    if failed:
        raise SystemExit(1)


retention_cli = click.Group("retention", help="Delete and anonymise personal data on time.")


@retention_cli.command("run")
@now_option
def retention_command(now: datetime):
    """Purge health notes and anonymise people of events long over; prints counts only."""
    purged = purge_health_notes(now=now)
    anonymised = anonymise(now=now)
    guests = anonymise_guests(now=now)
    answers = purge_idempotency_records(now=now)
    commit()
    click.echo(
        f"{purged} health note(s) deleted, {anonymised} person(s) anonymised, "
        f"{guests} guest(s) anonymised, {answers} stored answer(s) deleted."
    )
