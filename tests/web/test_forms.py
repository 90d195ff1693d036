"""The one way a page runs its service: commit, flash and redirect, or show the refusal."""

import pytest
import sqlalchemy as sa
from flask import get_flashed_messages
from wtforms import StringField

from core.audit import AuditEntry, record
from core.errors import DomainError, ValidationError
from extensions import db
from tests.conftest import NOW
from web.forms import ABOVE_FORM, Form, run_form_service


class NameForm(Form):
    name = StringField()


@pytest.fixture
def page(app):
    with app.test_request_context("/", method="POST"):
        yield NameForm(meta={"csrf": False})


def refuse(error: DomainError):
    def call():
        record("half_done", staff_id=None, subject="", now=NOW)
        raise error

    return call


def audit_entries() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))


def test_a_service_that_succeeds_is_committed_flashed_and_redirected_to(page):
    saved = []

    def call():
        record("done", staff_id=None, subject="", now=NOW)
        return 7

    response = run_form_service(
        page,
        call,
        success=lambda number: f"Saved {number}.",
        redirect_to=lambda number: f"/things/{number}",
        on_saved=saved.append,
    )
    assert response.status_code == 302 and response.location == "/things/7"
    assert get_flashed_messages(with_categories=True) == [("success", "Saved 7.")]
    assert saved == [7]
    db.session.rollback()  # nothing left to roll back: it was committed
    assert audit_entries() == 1


def test_field_errors_go_next_to_their_fields_and_nothing_half_done_stays(page):
    error = ValidationError({"name": "Give a name.", "elsewhere": "Something else."})
    assert run_form_service(page, refuse(error), success="Saved.", redirect_to="/") is None
    assert page.name.errors == ["Give a name."] and page.form_errors == ["Something else."]
    assert get_flashed_messages() == []
    assert audit_entries() == 0


def test_a_refusal_is_flashed_above_the_form_or_beside_a_field(page):
    refused = []
    full = DomainError("full", "The camp is full.")
    run_form_service(page, refuse(full), success="", redirect_to="/", on_refused=refused.append)
    assert get_flashed_messages(with_categories=True) == [("error", "The camp is full.")]
    assert refused == [full]
    run_form_service(page, refuse(full), success="", redirect_to="/", refusal=ABOVE_FORM)
    run_form_service(page, refuse(full), success="", redirect_to="/", refusal="name")
    assert page.form_errors == ["The camp is full."] and page.name.errors == ["The camp is full."]
    assert audit_entries() == 0


def test_without_a_form_every_refusal_is_flashed(app):
    with app.test_request_context("/", method="POST"):
        error = ValidationError({"name": "Give a name."})
        assert run_form_service(None, refuse(error), success="", redirect_to="/") is None
        assert get_flashed_messages(with_categories=True) == [("error", "Give a name.")]
