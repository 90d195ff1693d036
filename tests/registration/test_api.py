"""Registrations and bookings through the JSON API, exactly as API.md describes them."""

import pytest
import sqlalchemy as sa

from camps.models import WaitlistMode
from extensions import db
from registration.models import Booking, Participant
from staff.models import Role
from tests.conftest import api_token


def body(*births, **changes):
    data = {
        "guardian": {
            "name": "Ona Kazlauskienė",
            "email": "ona@example.lt",
            "phone": "+37060000000",
            "locale": "lt",
        },
        "participants": [
            {
                "first_name": f"Vaikas{i}",
                "last_name": "Kazlauskas",
                "birth_date": born,
                "gender": "female",
                "dietary": "vegetarian",
            }
            for i, born in enumerate(births or ["2014-05-01"])
        ],
        "consents": {
            "data_processing": True,
            "guardian": True,
            "health_data": False,
            "photos": False,
        },
        "siblings": "together",
    }
    data.update(changes)
    return data


def post(client, event, data, **kwargs):
    return client.post(f"/api/v1/events/{event.id}/registrations", json=data, **kwargs)


def test_registration_answers_as_the_contract_says(client, make_event):
    event = make_event(capacity=2)
    response = post(client, event, body("2014-05-01", "2016-02-29"))
    assert response.status_code == 201, response.json
    data = response.json
    assert data["reference"].startswith("TLT-") and data["status"] == "confirmed"
    assert data["booking_url"].startswith("https://tiltas.test/b/")
    assert len(data["booking_token"]) >= 40
    assert [p["status"] for p in data["participants"]] == ["confirmed", "confirmed"]
    assert all(p["waitlist_position"] is None for p in data["participants"])
    assert all(isinstance(p["id"], int) for p in data["participants"])

    waiting = post(client, event, body("2013-01-01")).json
    assert waiting["status"] == "waitlisted"
    assert waiting["participants"][0]["waitlist_position"] == 1
    event_json = client.get(f"/api/v1/events/{event.id}").json
    assert event_json["places_left"] == 0 and event_json["waitlist_length"] == 1


def test_booking_can_be_read_cancelled_and_promotes_the_queue(client, make_event):
    event = make_event(capacity=1)
    first = post(client, event, body()).json
    second = post(client, event, body("2013-03-03")).json
    booking = client.get(f"/api/v1/bookings/{first['booking_token']}")
    assert booking.status_code == 200
    assert booking.headers["Cache-Control"] == "no-store"
    assert booking.json["event"]["id"] == event.id
    cancelled = client.post(f"/api/v1/bookings/{first['booking_token']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json["participants"][0]["status"] == "cancelled"
    promoted = client.get(f"/api/v1/bookings/{second['booking_token']}").json
    assert promoted["participants"][0]["status"] == "confirmed"


def test_cancel_only_the_chosen_participants(client, make_event):
    event = make_event(capacity=5)
    data = post(client, event, body("2014-05-01", "2015-05-01")).json
    _keep, drop = data["participants"]
    response = client.post(
        f"/api/v1/bookings/{data['booking_token']}/cancel", json={"participant_ids": [drop["id"]]}
    )
    assert [p["status"] for p in response.json["participants"]] == ["confirmed", "cancelled"]
    other = post(client, event, body("2012-01-01")).json
    foreign = client.post(
        f"/api/v1/bookings/{data['booking_token']}/cancel",
        json={"participant_ids": [other["participants"][0]["id"]]},
    )
    assert foreign.status_code == 404


def test_offer_is_accepted_through_the_api(client, make_event):
    event = make_event(capacity=1, waitlist_mode=WaitlistMode.OFFER)
    first = post(client, event, body()).json
    second = post(client, event, body("2013-03-03")).json
    client.post(f"/api/v1/bookings/{first['booking_token']}/cancel")
    offered = client.get(f"/api/v1/bookings/{second['booking_token']}").json
    assert offered["participants"][0]["status"] == "offered"
    assert offered["participants"][0]["offer_expires_at"].endswith("+02:00")  # winter
    accepted = client.post(f"/api/v1/bookings/{second['booking_token']}/accept")
    assert accepted.status_code == 200
    assert accepted.json["participants"][0]["status"] == "confirmed"
    again = client.post(f"/api/v1/bookings/{second['booking_token']}/accept")
    assert again.status_code == 409 and again.json["error"]["code"] == "no_offer"


def test_another_token_is_not_found(client, make_event):
    event = make_event()
    token = post(client, event, body()).json["booking_token"]
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x", "a" * 500):
        response = client.get(f"/api/v1/bookings/{bad}")
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"guardian": None}, 422, "guardian_required"),
        ({"consents": {"data_processing": True}}, 422, "consent_required"),
        (
            {
                "participants": [
                    {
                        "first_name": "A",
                        "last_name": "B",
                        "birth_date": "2014-01-01",
                        "health_notes": "Epilepsy",
                    }
                ]
            },
            422,
            "consent_required",
        ),
        (
            {"participants": [{"first_name": "A", "last_name": "B", "birth_date": "1990-01-01"}]},
            422,
            "not_eligible",
        ),
        ({"participants": []}, 422, "validation"),
        ({"participants": "three"}, 422, "validation"),
        (
            {"participants": [{"first_name": "A", "last_name": "B", "birth_date": "2014-13-01"}]},
            422,
            "validation",
        ),
        (
            {
                "participants": [
                    {"first_name": "A\u0000", "last_name": "B", "birth_date": "2014-01-01"}
                ]
            },
            422,
            "validation",
        ),
        (
            {
                "participants": [{"first_name": "A", "last_name": "B", "birth_date": "2014-01-01"}]
                * 11
            },
            422,
            "validation",
        ),
        (
            {"guardian": {"name": "Ona", "email": "ona@example.lt\r\nBcc: x@example.lt"}},
            422,
            "validation",
        ),
        ({"siblings": "never"}, 422, "validation"),
    ],
)
def test_registration_errors_have_their_codes(client, make_event, changes, status, code):
    event = make_event(min_age=8, max_age=17)
    response = post(client, event, body(**changes))
    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == code
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_already_registered_is_a_conflict(client, make_event):
    event = make_event()
    assert post(client, event, body()).status_code == 201
    again = post(client, event, body())
    assert again.status_code == 409 and again.json["error"]["code"] == "already_registered"


def test_closed_and_cancelled_events_are_conflicts(client, make_event, make_staff):
    from datetime import datetime

    closed = make_event(
        registration_closes_at=datetime(2026, 1, 1, 0, 0),
        registration_opens_at=datetime(2025, 12, 1, 0, 0),
    )
    response = post(client, closed, body())
    assert response.status_code == 409 and response.json["error"]["code"] == "registration_closed"
    event = make_event()
    owner = make_staff(Role.ORGANISER, partner=event.partner)
    client.patch(
        f"/api/v1/events/{event.id}", json={"status": "cancelled"}, headers=api_token(client, owner)
    )
    response = post(client, event, body())
    assert response.status_code == 409 and response.json["error"]["code"] == "event_cancelled"


def test_unknown_fields_are_ignored_never_applied(client, make_event):
    event = make_event(capacity=1)
    post(client, event, body())
    data = body("2013-03-03", status="confirmed", waitlist_position=1)
    data["participants"][0].update(status="confirmed", waitlist_position=1, id=1)
    response = post(client, event, data)
    assert response.status_code == 201
    assert response.json["participants"][0]["status"] == "waitlisted"


def test_idempotency_key_returns_the_first_answer_and_writes_nothing_new(client, make_event):
    event = make_event()
    headers = {"Idempotency-Key": "family-42-attempt"}
    first = post(client, event, body(), headers=headers)
    second = post(client, event, body(), headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json == second.json
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 1
    other = post(client, event, body("2012-02-02"), headers={"Idempotency-Key": "another"})
    assert other.status_code == 201
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 2


def test_staff_token_of_another_partner_cannot_register_on_behalf(client, make_event, make_staff):
    event = make_event()
    data = body()
    data["guardian"] = {"name": "Rasa Petraitienė"}
    response = post(client, event, data, headers=api_token(client, make_staff(Role.ORGANISER)))
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0


def test_staff_token_registers_on_behalf_without_an_email(client, make_event, make_staff):
    event = make_event()
    worker = make_staff(Role.ORGANISER, partner=event.partner)
    data = body()
    data["guardian"] = {"name": "Rasa Petraitienė"}
    response = post(client, event, data, headers=api_token(client, worker))
    assert response.status_code == 201, response.json
    booking = db.session.scalar(sa.select(Booking))
    assert booking.created_by_id == worker.id and booking.contact_email is None
    public = post(
        client,
        event,
        {
            **data,
            "participants": [{"first_name": "X", "last_name": "Y", "birth_date": "2013-01-01"}],
        },
    )
    assert public.status_code == 422  # a family on its own leaves a way to reach it


def test_scanner_token_may_not_register(client, make_event, make_staff):
    event = make_event()
    scanner = make_staff(Role.SCANNER)
    response = post(client, event, body(), headers=api_token(client, scanner))
    assert response.status_code == 403


def test_draft_event_is_not_found(client, make_event):
    event = make_event(status="draft")
    assert post(client, event, body()).status_code == 404


def test_twenty_megabytes_is_refused_as_too_large(client, make_event):
    event = make_event()
    response = client.post(
        f"/api/v1/events/{event.id}/registrations",
        data=b'{"x": "' + b"a" * 20_000_000 + b'"}',
        content_type="application/json",
    )
    assert response.status_code == 413 and response.json["error"]["code"] == "too_large"


def test_names_in_any_script_round_trip_exactly(client, make_event):
    event = make_event()
    names = [
        ("Žemyna", "Šarūnė"),
        ("Łucja", "Źdźbło"),
        ("Ģirts", "Ķēniņš"),
        ("Řehoř", "Ďoubalík"),
        ("Jürgen", "Weiß"),
        ("Z\u030cemyna", "<script>=HYPERLINK()</script>"),
    ]
    data = body(*["2014-05-01"] * len(names))
    for person, (first, last) in zip(data["participants"], names, strict=True):
        person.update(first_name=first, last_name=last)
    response = post(client, event, data)
    assert response.status_code == 201, response.json
    stored = db.session.scalars(sa.select(Participant).order_by(Participant.id)).all()
    assert [(p.first_name, p.last_name) for p in stored] == names
    fetched = client.get(f"/api/v1/bookings/{response.json['booking_token']}").json
    assert [(p["first_name"], p["last_name"]) for p in fetched["participants"]] == names


def test_a_registration_writes_its_rows_in_one_go_and_reads_nothing_back(
    client, make_event, count_queries
):
    event = make_event(capacity=10)
    body = {
        "guardian": {"name": "Ona Kazlauskienė", "phone": "+37060000000"},
        "participants": [
            {"first_name": f"Vaikas{i}", "last_name": "Kazlauskas", "birth_date": "2014-05-01"}
            for i in range(3)
        ],
        "consents": {"data_processing": True, "guardian": True},
    }
    with count_queries() as statements:
        response = client.post(f"/api/v1/events/{event.id}/registrations", json=body)
    assert response.status_code == 201
    assert [p["ticket"] is not None for p in response.json["participants"]] == [True] * 3
    written = [s.split()[2] for s in statements if s.startswith("INSERT")]
    # The rows others point to by the unit of work, the rest a table in one statement each.
    assert written.count("consent") == 1 and written.count("ticket") == 1, written
    assert written.count("participant") <= 3 and len(written) <= 7, written
    first_write = next(i for i, s in enumerate(statements) if s.startswith("INSERT"))
    reads_back = [
        s
        for s in statements[first_write:]
        if s.startswith("SELECT") and any(f"FROM {t} " in s for t in ("booking", "participant"))
    ]
    assert reads_back == [], "the answer is built from what was written, not read back"
