"""The OpenAPI document describes every API route that exists, and the answers match it."""

import jsonschema
import pytest
from referencing import Registry, Resource

from staff.models import Role
from tests.conftest import api_token


def _flask_path(rule) -> str:
    return rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")


def test_booking_answers_match_their_schema(client, make_event, validate):
    event = make_event(capacity=1)
    body = {
        "guardian": {"name": "Ona", "email": "ona@example.lt"},
        "participants": [{"first_name": "A", "last_name": "B", "birth_date": "2014-01-01"}],
        "consents": {"data_processing": True, "guardian": True},
    }
    created = client.post(f"/api/v1/events/{event.id}/registrations", json=body).json
    validate("Booking", created)
    token = created["booking_token"]
    validate("Booking", client.get(f"/api/v1/bookings/{token}").json)
    validate("Booking", client.post(f"/api/v1/bookings/{token}/cancel").json)
    validate("Error", client.post(f"/api/v1/bookings/{token}/accept").json)


def test_document_lists_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = _flask_path(rule)
        assert path in document["paths"], path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in document["paths"][path], (method, path)
    routes = {_flask_path(rule) for rule in app.url_map.iter_rules()}
    assert set(document["paths"]) <= routes


def _validator(client, name):
    document = client.get("/api/v1/openapi.json").json
    registry = Registry().with_resource("urn:tiltas", Resource.opaque(document))
    schema = {"$ref": f"urn:tiltas#/components/schemas/{name}"}
    return jsonschema.Draft202012Validator(schema, registry=registry)


@pytest.fixture
def validate(client):
    def check(name, instance):
        _validator(client, name).validate(instance)

    return check


def test_answers_match_their_schemas(client, make_event, make_staff, validate):
    event = make_event()
    with pytest.raises(jsonschema.ValidationError):
        validate("Event", {"id": "seven"})
    validate("EventPage", client.get("/api/v1/events").json)
    validate("Event", client.get(f"/api/v1/events/{event.id}").json)
    validate("Error", client.get("/api/v1/events/0").json)
    validate("Error", client.get("/api/v1/events?kind=x").json)
    user = make_staff(Role.ORGANISER)
    response = client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": "correct horse battery"}
    )
    validate("Token", response.json)
    headers = api_token(client, user)
    created = client.post(
        "/api/v1/events",
        headers=headers,
        json={
            "kind": "workshop",
            "title": {"en": "Expert workshop"},
            "starts_at": "2027-05-20T09:00",
            "ends_at": "2027-05-20T16:00",
            "timezone": "Europe/Prague",
            "venue": {"name": "ACoRD CZ", "country": "CZ"},
            "capacity": 25,
        },
    )
    assert created.status_code == 201
    validate("Event", created.json)
