"""Request bodies read by the schemas: the API's error paths and messages, in its language."""

import pytest
from flask_babel import force_locale

from camps.models import EventKind
from core.errors import ValidationError
from registration.api.schemas import RegistrationInput
from web.openapi import document
from web.schemas import Body, choice, day, parse, text, whole_number


class Sample(Body):
    name: text(10, required=True)
    count: whole_number() = None
    kind: choice(["a", "b"]) = None
    on: day() = None


def _errors(data, model=Sample) -> dict:
    with pytest.raises(ValidationError) as caught:
        parse(model, data)
    return caught.value.fields


def test_field_errors_name_the_path_to_the_field(app):
    body = {"participants": [{"first_name": "Ona", "last_name": "K", "birth_date": "soon"}]}
    errors = _errors(body, RegistrationInput)
    assert errors == {"participants.0.birth_date": "Give a date such as 2027-07-05."}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "name", "This field is required."),
        ({"name": ""}, "name", "This field is required."),
        ({"name": 5}, "name", "This must be text."),
        ({"name": "x" * 11}, "name", "This text is too long: at most 10 characters."),
        ({"name": "a\x00b"}, "name", "This text contains a character that is not allowed."),
        ({"name": "a", "count": True}, "count", "This must be a whole number."),
        ({"name": "a", "count": "3"}, "count", "This must be a whole number."),
        ({"name": "a", "count": 2**40}, "count", "This number is too large."),
        ({"name": "a", "kind": "c"}, "kind", "Choose one of: a, b."),
        ({"name": "a", "on": "0001-01-01"}, "on", "Give a date between the years 1800 and 2199."),
    ],
)
def test_each_kind_of_bad_value_gets_its_message(app, data, field, message):
    assert _errors(data) == {field: message}


def test_every_error_is_gathered_before_answering(app):
    assert set(_errors({"count": "x", "kind": 1})) == {"name", "count", "kind"}


def test_messages_are_in_the_requests_language(app):
    with app.test_request_context(), force_locale("lt"):
        assert _errors({})["name"] != "This field is required."


def test_good_values_are_read(app):
    data = parse(Sample, {"name": "Ona", "count": 3, "kind": "a", "on": "2027-07-05", "x": 1})
    assert (data.name, data.count, data.kind, data.on.isoformat()) == ("Ona", 3, "a", "2027-07-05")


def test_the_document_is_written_by_the_schemas_that_check(app):
    schemas = document(app)["components"]["schemas"]
    assert schemas["EventInput"]["properties"]["kind"]["enum"] == [k.value for k in EventKind]
    assert "title" not in schemas["EventInput"]["required"]
    assert set(schemas["EventInput"]["required"]) == {"kind", "starts_at", "ends_at", "capacity"}
    assert schemas["Person"]["properties"]["first_name"]["maxLength"] == 100
