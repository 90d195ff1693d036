"""`flask backup`: a consistent copy of the SQLite database while the site runs, and a restore.

PostgreSQL has its own tools (pg_dump and pg_restore; see the README).
"""

import sqlite3
from pathlib import Path

import click
from sqlalchemy.engine import make_url

from extensions import db

backup_cli = click.Group("backup", help="Back up and restore the SQLite database.")


def _sqlite_path() -> Path:
    url = make_url(str(db.engine.url))
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException(
            "This database is not SQLite: use pg_dump and pg_restore (see the README)."
        )
    return Path(url.database)


def _copy(source: Path, target: Path) -> None:
    # SQLite's online backup copies a consistent snapshot page by page, even while the site
    # keeps writing; a plain file copy could catch a half-written transaction.
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as destination:
        origin.backup(destination)


@backup_cli.command("create")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def create_backup(target: Path):
    """Write a consistent copy of the database to TARGET."""
    if target.exists():
        raise click.ClickException(f"{target} exists: choose a new file.")
    _copy(_sqlite_path(), target)
    click.echo(f"Backed up to {target}.")


@backup_cli.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Replace the whole database with this backup?")
def restore_backup(source: Path):
    """Replace the database with the backup in SOURCE (stop the site first)."""
    with sqlite3.connect(source) as check:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise click.ClickException(f"{source} is damaged: nothing was restored.")
    db.engine.dispose()
    _copy(source, _sqlite_path())
    click.echo(f"Restored from {source}.")
