"""Events through the JSON API."""

from datetime import timedelta

import pytest

from camps.models import EventStatus
from core.db import utcnow
from staff.models import Role
from tests.conftest import api_token


def _soon(days=30):
    return (utcnow() + timedelta(days=days)).replace(tzinfo=None, microsecond=0)


@pytest.fixture
def organiser(make_staff, make_partner):
    return make_staff(
        Role.ORGANISER, partner=make_partner(name="Alytaus miesto bendruomenės centras")
    )


@pytest.fixture
def headers(client, organiser):
    return api_token(client, organiser)


def body(**changes):
    values = {
        "kind": "survival_camp",
        "title": {"en": "Survival camp", "lt": "Išgyvenimo stovykla"},
        "description": {"en": "Five days in the forest."},
        "starts_at": "2027-07-05T10:00",
        "ends_at": "2027-07-09T16:00",
        "timezone": "Europe/Vilnius",
        "venue": {"name": "Dzūkija forest camp", "country": "LT"},
        "capacity": 30,
        "min_age": 10,
        "max_age": 17,
        "status": "published",
    }
    values.update(changes)
    return values


def test_list_events_is_public_and_paginated(client, make_event, make_venue):
    venue = make_venue()
    for day in range(23):
        make_event(venue=venue, starts_at=_soon(5 + day))
    first = client.get("/api/v1/events").json
    assert len(first["events"]) == 20 and first["page"] == 1 and first["pages"] == 2
    starts = [event["starts_at"] for event in first["events"]]
    assert starts == sorted(starts)
    assert len(client.get("/api/v1/events?page=2").json["events"]) == 3


def test_list_events_filters_by_kind_and_first_day(client, make_event):
    make_event(kind="workshop", starts_at=_soon(10))
    make_event(starts_at=_soon(40))
    day = _soon(40).date().isoformat()
    assert [e["kind"] for e in client.get("/api/v1/events?kind=workshop").json["events"]] == [
        "workshop"
    ]
    only = client.get(f"/api/v1/events?from={day}&to={day}").json["events"]
    assert len(only) == 1 and only[0]["kind"] == "survival_camp"


@pytest.mark.parametrize(
    "query", ["kind=party", "from=yesterday", "to=2027-02-30", "page=0", "page=x"]
)
def test_list_events_rejects_bad_parameters(client, query):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation"


def test_event_json_shape(client, make_event, make_venue):
    event = make_event(
        venue=make_venue(name="Antazavė", timezone="Europe/Vilnius"),
        texts={"en": {"title": "Social camp"}, "lv": {"title": "Sociālā nometne"}},
        min_age=None,
    )
    data = client.get(f"/api/v1/events/{event.id}?lang=lv").json
    assert data["title"] == "Sociālā nometne"
    assert data["starts_at"] == "2027-07-05T10:00:00+03:00"
    assert data["timezone"] == "Europe/Vilnius"
    assert data["venue"]["name"] == "Antazavė" and data["venue"]["country"] == "LT"
    assert data["capacity"] == 30 and data["places_left"] == 30 and data["waitlist_length"] == 0
    assert data["min_age"] is None
    assert data["status"] == "published"
    assert data["url"] == f"https://tiltas.test/events/{event.id}"
    assert data["ical_url"] == f"https://tiltas.test/events/{event.id}.ics"


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_list_gives_each_event_as_reading_it_alone_does(
    client, make_event, make_registration, lang
):
    english = {"title": "Lake camp", "summary": "Canoes.", "description": "Bring boots."}
    make_event(starts_at=_soon(10), texts={"en": english, "lv": {"title": "Ezera nometne"}})
    full = make_event(starts_at=_soon(20), capacity=1, min_age=10, max_age=14)
    make_registration(full, now=utcnow())
    make_registration(full, now=utcnow())  # waits
    listed = client.get(f"/api/v1/events?lang={lang}").json["events"]
    assert [client.get(f"/api/v1/events/{e['id']}?lang={lang}").json for e in listed] == listed
    assert listed[0]["languages"] == ["en", "lv"] and listed[0]["description"] == "Bring boots."
    assert listed[1]["places_left"] == 0 and listed[1]["waitlist_length"] == 1


def test_draft_is_hidden_from_the_public_and_other_partners(client, make_event, make_staff):
    event = make_event(status=EventStatus.DRAFT)
    assert client.get(f"/api/v1/events/{event.id}").status_code == 404
    stranger = make_staff(Role.ORGANISER)
    assert (
        client.get(f"/api/v1/events/{event.id}", headers=api_token(client, stranger)).status_code
        == 404
    )
    owner = make_staff(Role.ORGANISER, partner=event.partner)
    assert (
        client.get(f"/api/v1/events/{event.id}", headers=api_token(client, owner)).status_code
        == 200
    )


def test_organiser_creates_an_event_for_their_partner(client, organiser, headers):
    response = client.post("/api/v1/events", json=body(), headers=headers)
    assert response.status_code == 201, response.json
    data = response.json
    assert data["organiser"]["name"] == organiser.partner.name
    assert data["starts_at"] == "2027-07-05T10:00:00+03:00"
    assert data["venue"]["name"] == "Dzūkija forest camp"
    assert response.headers["Location"] == data["url"]
    assert client.get(f"/api/v1/events/{data['id']}?lang=lt").json["title"] == "Išgyvenimo stovykla"


def test_create_accepts_times_with_an_offset(client, headers):
    response = client.post(
        "/api/v1/events",
        json=body(starts_at="2027-07-05T07:00:00Z", ends_at="2027-07-09T16:00:00+03:00"),
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json["starts_at"] == "2027-07-05T10:00:00+03:00"


def test_create_ignores_unknown_fields(client, headers):
    response = client.post(
        "/api/v1/events", json=body(seats_taken=30, sequence=99, places_left=0), headers=headers
    )
    assert response.status_code == 201
    assert response.json["places_left"] == 30


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "2027-07-05T09:00"}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": -1}, "capacity"),
        ({"capacity": 1.5}, "capacity"),
        ({"capacity": "30"}, "capacity"),
        ({"capacity": True}, "capacity"),
        ({"min_age": 15, "max_age": 12}, "max_age"),
        ({"timezone": "Europe/Atlantis"}, "timezone"),
        ({"title": {"lt": "Tik lietuviškai"}}, "title.en"),
        ({"title": {"en": "x" * 10_000}}, "title.en"),
        ({"title": "Not an object"}, "title"),
        ({"kind": "party"}, "kind"),
        ({"starts_at": "next Tuesday"}, "starts_at"),
        ({"starts_at": None}, "starts_at"),
        ({"venue": None}, "venue"),
        ({"venue": {"name": "Camp", "country": "XX"}}, "venue.country"),
        ({"status": "cancelled"}, "status"),
        ({"waitlist": "lottery"}, "waitlist"),
    ],
)
def test_create_rejects_bad_input_with_field_errors(client, headers, changes, field):
    response = client.post("/api/v1/events", json=body(**changes), headers=headers)
    assert response.status_code == 422, response.json
    error = response.json["error"]
    assert error["code"] == "validation"
    assert field in error["fields"], error
    assert client.get("/api/v1/events").json["events"] == []


@pytest.mark.parametrize(
    ("data", "content_type"),
    [("{not json", "application/json"), ("[1, 2]", "application/json"), ("a=b", "text/plain")],
)
def test_malformed_body_is_a_400(client, headers, data, content_type):
    response = client.post("/api/v1/events", data=data, content_type=content_type, headers=headers)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_body_over_the_limit_is_a_413(client, headers):
    response = client.post(
        "/api/v1/events", json=body(description={"en": "x" * 2_000_000}), headers=headers
    )
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


def test_writes_need_a_token_and_a_role(client, make_staff):
    assert client.post("/api/v1/events", json=body()).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    response = client.post("/api/v1/events", json=body(), headers=bad)
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"
    scanner = make_staff(Role.SCANNER)
    response = client.post("/api/v1/events", json=body(), headers=api_token(client, scanner))
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"


def test_admin_must_name_the_partner(client, make_staff, make_partner):
    admin = make_staff(Role.ADMIN)
    headers = api_token(client, admin)
    assert (
        "partner_id"
        in client.post("/api/v1/events", json=body(), headers=headers).json["error"]["fields"]
    )
    partner = make_partner()
    response = client.post("/api/v1/events", json=body(partner_id=partner.id), headers=headers)
    assert response.status_code == 201 and response.json["organiser"]["id"] == partner.id


def test_patch_changes_fields_and_keeps_the_rest(client, headers):
    created = client.post("/api/v1/events", json=body(), headers=headers).json
    response = client.patch(
        f"/api/v1/events/{created['id']}",
        json={"capacity": 40, "title": {"pl": "Obóz przetrwania"}},
        headers=headers,
    )
    assert response.status_code == 200, response.json
    data = response.json
    assert data["capacity"] == 40 and data["title"] == "Survival camp"
    assert data["min_age"] == 10 and data["starts_at"] == created["starts_at"]
    assert client.get(f"/api/v1/events/{created['id']}?lang=pl").json["title"] == "Obóz przetrwania"


def test_patch_status_cancels_and_then_refuses_changes(client, headers):
    created = client.post("/api/v1/events", json=body(), headers=headers).json
    url = f"/api/v1/events/{created['id']}"
    assert (
        client.patch(url, json={"status": "cancelled"}, headers=headers).json["status"]
        == "cancelled"
    )
    response = client.patch(url, json={"capacity": 50}, headers=headers)
    assert response.status_code == 409 and response.json["error"]["code"] == "event_cancelled"


def test_patch_another_partners_event_is_not_found(client, make_event, headers):
    event = make_event()
    response = client.patch(f"/api/v1/events/{event.id}", json={"capacity": 5}, headers=headers)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_patch_bad_input_is_a_422_and_changes_nothing(client, headers):
    created = client.post("/api/v1/events", json=body(), headers=headers).json
    url = f"/api/v1/events/{created['id']}"
    response = client.patch(url, json={"capacity": 10, "max_age": 5}, headers=headers)
    assert response.status_code == 422
    assert client.get(url).json["capacity"] == 30


def test_errors_are_in_the_requests_language(client, headers):
    response = client.post("/api/v1/events?lang=de", json=body(capacity=0), headers=headers)
    assert response.status_code == 422
    assert (
        response.json["error"]["fields"]["capacity"]
        != "The capacity must be a whole number from 1 to 10000."
    )


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    response = client.delete("/api/v1/events")
    assert response.status_code == 405


def test_token_login_gives_the_same_answer_for_unknown_email_and_wrong_password(client, organiser):
    wrong = client.post(
        "/api/v1/auth/token", json={"email": organiser.email, "password": "nope nope nope"}
    )
    unknown = client.post(
        "/api/v1/auth/token", json={"email": "who@tiltas.example", "password": "nope nope nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json == unknown.json


def test_token_response(client, organiser):
    data = client.post(
        "/api/v1/auth/token",
        json={"email": organiser.email.upper(), "password": "correct horse battery"},
    ).json
    assert data["role"] == "organiser" and len(data["token"]) >= 40 and data["expires_at"]
