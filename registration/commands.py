"""Commands for cron: lapsed offers and the mail outbox."""

import click

from extensions import commit, utcnow
from registration.emails import send_outbox
from registration.services import expire_all_offers

registrations_cli = click.Group("registrations", help="Registrations and the waiting list.")
mail_cli = click.Group("mail", help="The e-mail outbox.")


@registrations_cli.command("expire-offers")
def expire_offers_command():
    """Let lapsed offers go and pass their places to the next families."""
    count = expire_all_offers(now=utcnow())
    commit()
    click.echo(f"{count} lapsed offer(s) passed on.")


@mail_cli.command("send")
def send_mail_command():
    """Send every e-mail still waiting in the outbox."""
    sent, failed = send_outbox()
    click.echo(f"{sent} sent, {failed} still waiting.")
    if failed:
        raise SystemExit(1)
