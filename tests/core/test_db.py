"""The one commit helper: nothing else commits, and what waits for a commit runs after it."""

import ast
import fcntl
from pathlib import Path

import pytest

from camps.models import EventStatus, Partner
from core.db import StrayCommit, after_commit, commit, rollback
from core.locking import lock_row
from extensions import db
from registration.models import OutboxMail
from tests.conftest import login

ROOT = Path(__file__).resolve().parents[2]


def test_a_commit_outside_the_helper_is_refused(app):
    db.session.add(Partner(name="Stray", country="LT"))
    with pytest.raises(StrayCommit):
        db.session.commit()
    db.session.rollback()


def test_nothing_in_the_code_base_commits_but_the_helper():
    committing = set()
    for path in ROOT.glob("**/*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in (".venv", "node_modules", "migrations", "tests"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "commit"
                and not (
                    isinstance(node.func.value, ast.Name) and node.func.value.id == "connection"
                )
            ):
                committing.add(str(relative))
    assert committing == {"core/db.py"}


def test_after_commit_work_runs_once_the_change_is_committed(app):
    ran = []
    after_commit(lambda: ran.append("sent"))
    assert ran == []
    commit()
    assert ran == ["sent"]
    commit()
    assert ran == ["sent"]  # once


def test_failing_after_commit_work_keeps_the_commit(app, make_partner):
    def broken():
        raise RuntimeError("the mail server fell over")

    partner = make_partner(name="Kept")
    partner.country = "PL"
    after_commit(broken)
    commit()
    db.session.expire_all()
    assert db.session.get(Partner, partner.id).country == "PL"


def test_families_hear_of_a_cancelled_camp_at_once_from_the_staff_page(
    client, make_event, make_registration, make_staff
):
    event = make_event()
    make_registration(event, email="ona@example.lt")
    login(client, make_staff(partner=event.partner))
    response = client.post(f"/staff/events/{event.id}/status", data={"status": "cancelled"})
    assert response.status_code == 302
    db.session.expire_all()
    mail = db.session.query(OutboxMail).filter_by(kind="event_cancelled").one()
    # Sent right after the commit (written to the outbox folder), not left for the cron job.
    assert mail.sent_at is not None
    assert db.session.get(type(event), event.id).status == EventStatus.CANCELLED


@pytest.mark.parametrize("end", [commit, rollback])
def test_a_sqlite_writer_queues_on_the_lock_file_and_lets_the_next_in_when_done(
    app, make_partner, end
):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL has row locks: its writers do not queue on a file")
    partner = make_partner()
    other = open(f"{db.engine.url.database}.writers", "a+b")  # noqa: SIM115 (another writer)
    try:
        lock_row(Partner, partner.id)
        with pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        end()
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
        fcntl.flock(other, fcntl.LOCK_UN)
    finally:
        other.close()
