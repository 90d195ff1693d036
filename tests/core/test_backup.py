"""A consistent SQLite backup while the site writes, and a restore that brings it back."""

import threading

import pytest
import sqlalchemy as sa

from camps.models import Partner
from core.db import commit
from extensions import db


def test_backup_while_writing_and_restore(app, runner, make_partner, tmp_path):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL is backed up with pg_dump (README)")
    make_partner(name="Gmina Miasto Ełk", country="PL")
    stop = threading.Event()

    def keep_writing():
        with app.app_context():
            number = 0
            while not stop.is_set():
                db.session.add(Partner(name=f"Busy {number}", country="LT"))
                commit()
                number += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        result = runner.invoke(args=["backup", "create", str(tmp_path / "copy.sqlite3")])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    copied = sa.create_engine(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    with copied.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        names = set(connection.exec_driver_sql("SELECT name FROM partner").scalars())
    copied.dispose()
    assert "Gmina Miasto Ełk" in names

    db.session.execute(sa.delete(Partner))
    commit()
    result = runner.invoke(args=["backup", "restore", str(tmp_path / "copy.sqlite3"), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert set(db.session.scalars(sa.select(Partner.name))) == names


def test_backup_refuses_to_overwrite(app, runner, tmp_path):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL is backed up with pg_dump (README)")
    (tmp_path / "taken").write_text("x")
    result = runner.invoke(args=["backup", "create", str(tmp_path / "taken")])
    assert result.exit_code != 0 and "exists" in result.output
