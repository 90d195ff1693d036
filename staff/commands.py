"""`flask staff`: staff accounts from the command line."""

import click
import sqlalchemy as sa

from core.db import commit
from core.errors import ValidationError
from extensions import db
from staff.models import Role
from staff.services import create_staff, partners

staff_cli = click.Group("staff", help="Manage staff accounts.")


@staff_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--partner", "partner_name", help="The organisation an organiser works for.")
def staff_create_command(email: str, role: str, password: str, partner_name: str | None):
    """Create a staff account."""
    partner_id = None
    if partner_name:
        table = partners()
        partner_id = db.session.scalar(sa.select(table.c.id).where(table.c.name == partner_name))
        if partner_id is None:
            raise click.BadParameter(f"no partner named {partner_name!r}", param_hint="--partner")
    try:
        user = create_staff(email, role=Role(role), password=password, partner_id=partner_id)
    except ValidationError as error:
        raise click.ClickException("; ".join(error.fields.values())) from None
    commit()
    click.echo(f"Created {user.role.value} account {user.email}.")
