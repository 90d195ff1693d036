"""Odd input through every door never answers 500: every page, form and API route is tried.

Digits that are not ASCII, numbers beyond the databases' integers, the calendar's edges,
bytes that are not UTF-8, NUL, very long text — in every query parameter, form field and
JSON field the app reads.
"""

import urllib.parse

import pytest
import wtforms
from flask_wtf import FlaskForm

from tests.conftest import TEST_DATABASE_URL, open_database
from tests.test_access import ACCESS, world  # noqa: F401 (the fixture)


@pytest.fixture(params=["postgresql" if TEST_DATABASE_URL else "sqlite"])
def database(request, tmp_path):
    """One database only: these sweeps are long, and PostgreSQL is the stricter of the two."""
    return open_database(request, tmp_path)


ODD = [
    "²",
    "٣",
    "99999999999999999999",
    "-5",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59",
    "\x00",
    "\ufffd\u202e\u200b",
    "x" * 3000,
]
#: Raw query bytes that are not UTF-8, or that decode to what no database stores.
RAW = ["%ED%A0%80", "%FF%FE", "%00", "%C0%AF"]
PARAMETERS = [
    "page", "age", "kind", "month", "country", "start", "span", "from", "to", "staff",
    "action", "partner", "event", "format", "lang", "next", "code",
]  # fmt: skip
ROUTES = [rule for rules in ACCESS.values() for rule in rules]


def _first_allowed(rule):
    order = ("admin", "organiser", "facility", "scanner", "family", "anonymous")
    return next((role for role in order if role in rule.allowed), "anonymous")


def _queries():
    for value in ODD:
        yield urllib.parse.urlencode(dict.fromkeys(PARAMETERS, value))
    for raw in RAW:
        yield "&".join(f"{name}={raw}" for name in PARAMETERS)


def test_every_page_survives_odd_query_parameters(world):  # noqa: F811
    failures = []
    for rule in ROUTES:
        if rule.method != "GET":
            continue
        role = _first_allowed(rule)
        path = rule.path.format(**world.values).split("?")[0]
        for query in _queries():
            client = world.client(role) if not path.startswith("/api/") else world.app.test_client()
            headers = world.headers(role) if path.startswith("/api/") else {}
            response = client.get(f"{path}?{query}", headers=headers)
            if response.status_code >= 500:
                failures.append((path, query[:60], response.status_code))
    assert not failures, failures


def _form_field_names(app) -> set[str]:
    """Every field name any page form reads, nested names included."""
    names = set()
    with app.test_request_context():
        pending = list(FlaskForm.__subclasses__())
        classes = set()
        while pending:
            cls = pending.pop()
            classes.add(cls)
            pending.extend(cls.__subclasses__())
        for cls in classes:
            try:
                form = cls(meta={"csrf": False})
            except TypeError:
                continue
            stack = list(form)
            while stack:
                field = stack.pop()
                if isinstance(field, wtforms.FormField):
                    stack.extend(field.form)
                elif isinstance(field, wtforms.FieldList):
                    stack.extend(field.entries)
                else:
                    names.add(field.name)
    return names | {"participant", "status", "reason", "source", "bed_id", "remove-closure"}


def test_every_form_survives_odd_values_in_every_field(world):  # noqa: F811
    names = _form_field_names(world.app)
    failures = []
    for rule in ROUTES:
        if rule.method != "POST" or rule.path.startswith("/api/"):
            continue
        role = _first_allowed(rule)
        path = rule.path.format(**world.values)
        for value in ODD:
            form = dict.fromkeys(names, value)
            # The forms' buttons: add a child, add a room, close a bed, send a code.
            form.update({"room-submit": "1", "closure-submit": "1", "action": "send"})
            response = world.client(role).post(path, data=form)
            if response.status_code >= 500:
                failures.append((path, value[:30], response.status_code))
    assert not failures, failures


API_FIELDS = [
    "capacity", "min_age", "max_age", "offer_hours", "partner_id", "venue_id", "event_id",
    "bed_id", "room_id", "participant_id", "starts_at", "ends_at", "registration_opens_at",
    "registration_closes_at", "starts_on", "ends_on", "arrives_on", "departs_on", "scanned_at",
    "code", "nonce", "direction", "status", "kind", "timezone", "purpose", "reason",
]  # fmt: skip
API_ODD = [
    10**30,
    -(10**30),
    1.5e308,
    "0001-01-01T00:00:00+05:00",
    "9999-12-31",
    "9999-12-31T23:59:59-05:00",
    "²",
    [],
    {},
]


def test_every_api_write_survives_odd_values_in_every_field(world):  # noqa: F811
    failures = []
    for rule in ROUTES:
        if rule.method not in ("POST", "PATCH") or not rule.path.startswith("/api/"):
            continue
        role = _first_allowed(rule)
        path = rule.path.format(**world.values)
        for value in API_ODD:
            body = dict.fromkeys(API_FIELDS, value)
            body["items"] = [dict.fromkeys(API_FIELDS, value)]
            body["participants"] = [{"birth_date": value, "first_name": value}]
            body["guest"] = {"first_name": "Ieva", "last_name": "J", "birth_date": value}
            # The API reads every field before it answers, so one body tries them all.
            response = world.app.test_client().open(
                path, method=rule.method, json=body, headers=world.headers(role)
            )
            if response.status_code >= 500:
                failures.append((path, repr(value)[:40], response.status_code))
    assert not failures, failures
