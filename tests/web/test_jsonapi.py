"""The API's shared rules: Idempotency-Key belongs to its caller; bodies that are not data."""

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from bench.load import call
from core.db import commit, utcnow
from extensions import db
from registration.models import Booking
from registration.retention import erase_person
from staff.models import Role
from tests.conftest import api_token, at_once
from tests.registration.test_api import body, post
from web.idempotency import IdempotencyRecord

KEY = {"Idempotency-Key": "1"}


def test_idempotency_key_of_one_family_never_opens_anothers_booking(client, make_event):
    event = make_event()
    first = post(client, event, body(), headers=KEY)
    stranger = body("2012-02-02")
    stranger["guardian"] = {"name": "Jonas Petraitis", "email": "jonas@example.lt"}
    stranger["participants"][0]["first_name"] = "Tomas"
    second = post(client, event, stranger, headers=KEY)
    assert first.status_code == second.status_code == 201
    assert second.json["reference"] != first.json["reference"]
    assert "Vaikas0" not in second.text and first.json["booking_token"] not in second.text
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 2


def test_idempotency_key_of_a_staff_member_is_theirs_alone(client, make_event, make_staff):
    event = make_event()
    staff = [make_staff(Role.ORGANISER, partner=event.partner) for _n in range(2)]
    data = body()
    data["guardian"] = {"name": "Rasa Petraitienė"}
    mine = post(client, event, data, headers={**KEY, **api_token(client, staff[0])})
    again = post(client, event, data, headers={**KEY, **api_token(client, staff[0])})
    theirs = post(client, event, data, headers={**KEY, **api_token(client, staff[1])})
    assert mine.json == again.json  # a fresh token of the same person: the first answer
    assert theirs.status_code == 409 and theirs.json["error"]["code"] == "already_registered"


def test_a_stored_answer_is_encrypted_and_its_key_only_hashed(client, make_event):
    event = make_event()
    first = post(client, event, body(), headers={"Idempotency-Key": "family-42-attempt"})
    record = db.session.scalars(sa.select(IdempotencyRecord)).one()
    stored = record.answer + record.key_hash.encode()
    for secret in (first.json["booking_token"], "Vaikas0", "Kazlauskas", "family-42-attempt"):
        assert secret.encode() not in stored
    assert record.booking_id == db.session.scalars(sa.select(Booking.id)).one()


def test_a_stored_answer_expires_after_24_hours(client, make_event, runner):
    event = make_event()
    post(client, event, body(), headers=KEY)
    record = db.session.scalars(sa.select(IdempotencyRecord)).one()
    record.expires_at = utcnow() - timedelta(seconds=1)
    commit()
    repeat = post(client, event, body(), headers=KEY)
    # Not replayed: the repeat is a new request, and the same child is already registered.
    assert repeat.status_code == 409 and repeat.json["error"]["code"] == "already_registered"
    record = db.session.scalars(sa.select(IdempotencyRecord)).one()
    record.expires_at = utcnow() - timedelta(seconds=1)
    commit()
    result = runner.invoke(args=["retention", "run"])
    assert "1 stored answer(s) deleted" in result.output
    assert db.session.scalar(sa.select(sa.func.count(IdempotencyRecord.id))) == 0


def test_a_stored_answer_goes_with_an_erased_booking(client, make_event):
    event = make_event()
    post(client, event, body(), headers=KEY)
    booking = db.session.scalars(sa.select(Booking)).one()
    erase_person(booking.participants[0].id, now=utcnow(), by_staff_id=None, reason="duplicate")
    commit()
    assert db.session.scalar(sa.select(sa.func.count(IdempotencyRecord.id))) == 0


@pytest.mark.parametrize(
    "data",
    [
        "[" * 5000 + "]" * 5000,
        "{" + '"a":{' * 3000 + "}" * 3001,
        json.dumps({"guardian": {"name": "x"}})[:-1] + ', "note": "\\ud800"}',
    ],
    ids=["deep list", "deep object", "lone surrogate"],
)
def test_bodies_that_are_not_data_are_a_400(client, make_event, data):
    event = make_event()
    response = client.post(
        f"/api/v1/events/{event.id}/registrations",
        data=data,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_a_repeat_racing_the_first_gets_the_first_answer(app, make_event, server):
    """A phone on a flaky line sends its registration again before the first answer came."""
    event = make_event()
    path = f"/api/v1/events/{event.id}/registrations"
    with server() as port:
        for n in range(3):
            data = body("2014-05-01")
            data["participants"][0]["first_name"] = f"Race{n}"
            headers = {"Idempotency-Key": f"phone-{n}"}
            answers = at_once(*[lambda d=data, h=headers: call(port, "POST", path, d, h)] * 4)
            assert [status for status, _answer in answers] == [201] * 4, answers
            assert len({answer["reference"] for _status, answer in answers}) == 1


def test_a_key_used_again_with_another_body_is_refused(client, make_event, make_staff):
    event = make_event()
    headers = {**KEY, **api_token(client, make_staff(Role.ORGANISER, partner=event.partner))}
    data = body()
    data["guardian"] = {"name": "Rasa Petraitienė"}
    assert post(client, event, data, headers=headers).status_code == 201
    data["participants"][0]["first_name"] = "Kitas"
    reused = post(client, event, data, headers=headers)
    assert reused.status_code == 422 and reused.json["error"]["code"] == "idempotency_key_reused"
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 1
