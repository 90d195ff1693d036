"""The API's bodies as pydantic models: one declaration for validation and for the OpenAPI
document, with the error messages of API.md in the request's language.

The field types below check as the API always has — text is text (never a number turned into
one), a whole number is never `true`, a date stays within the years we store — and raise
errors that carry their own translated message. pydantic's own errors (a missing field, an
object expected) are translated by type.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

import pydantic
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from core.bounds import FIRST_DATE, LAST_DATE, MAX_INTEGER
from core.errors import ValidationError

_REQUIRED = _l("This field is required.")
_TEXT = _l("This must be text.")
_OBJECT = _l("This must be an object.")
_BAD_CHARACTER = _l("This text contains a character that is not allowed.")
_WHOLE_NUMBER = _l("This must be a whole number.")
_TOO_LARGE = _l("This number is too large.")
_BOOLEAN = _l("This must be true or false.")

M = TypeVar("M", bound=pydantic.BaseModel)


class Body(pydantic.BaseModel):
    """A request body or query: unknown fields are ignored, as they always were."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)


class Answer(pydantic.BaseModel):
    """A response body: every field declared, so the document and the answer agree."""

    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Answer):
    code: str
    message: str
    #: Where each field error is, as a path: `participants.0.birth_date`.
    fields: dict[str, str] | None = None


class Error(Answer):
    """Every error: a stable code, a message in the request's language, and the fields."""

    error: ErrorDetail


def refuse(message) -> PydanticCustomError:
    """An error whose message is ours, translated when the error is answered."""
    return PydanticCustomError("tiltas", "{message}", {"message": message})


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def _field(check, python_type, schema: dict, *, required: bool):
    """A field type: `check` reads the raw JSON value; None and "" are "not given"."""

    def validate(value):
        if value is None or value == "":
            if required:
                raise refuse(_REQUIRED)
            return None
        return check(value)

    if required:
        return Annotated[python_type, BeforeValidator(validate), WithJsonSchema(schema)]
    return Annotated[
        python_type | None, BeforeValidator(validate), WithJsonSchema(_nullable(schema))
    ]


def text(max_length: int | None = 200, *, required: bool = False):
    """Text of at most max_length characters, never holding NUL."""
    too_long = _l("This text is too long: at most %(limit)d characters.", limit=max_length or 0)

    def check(value):
        if not isinstance(value, str):
            raise refuse(_TEXT)
        if max_length is not None and len(value) > max_length:
            raise refuse(too_long)
        if "\x00" in value:
            raise refuse(_BAD_CHARACTER)
        return value

    schema = {"type": "string"} | ({"maxLength": max_length} if max_length else {})
    return _field(check, str, schema, required=required)


def whole_number(*, required: bool = False):
    """A JSON integer (never a boolean, a fraction or a numeral in a string) our ids can hold."""

    def check(value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse(_WHOLE_NUMBER)
        if not -MAX_INTEGER <= value <= MAX_INTEGER:
            raise refuse(_TOO_LARGE)
        return value

    schema = {"type": "integer", "minimum": -MAX_INTEGER, "maximum": MAX_INTEGER}
    return _field(check, int, schema, required=required)


def choice(values: Iterable, *, required: bool = False):
    """One of the given values, as text."""
    allowed = [str(value) for value in values]
    message = _l("Choose one of: %(choices)s.", choices=", ".join(allowed))

    def check(value):
        if not isinstance(value, str) or value not in allowed:
            raise refuse(message)
        return value

    return _field(check, str, {"type": "string", "enum": allowed}, required=required)


def _in_range(day: date) -> None:
    # Year 1 with an offset, or 9999-12-31 plus a day, overflows: no date of ours is there.
    if not FIRST_DATE <= day <= LAST_DATE:
        raise refuse(
            _l(
                "Give a date between the years %(first)d and %(last)d.",
                first=FIRST_DATE.year,
                last=LAST_DATE.year,
            )
        )


def _iso(parse, max_length: int, example):
    """A check reading ISO 8601 text with parse, kept within the years we store."""

    def check(value):
        try:
            if not isinstance(value, str) or len(value) > max_length:
                raise ValueError(value)
            parsed = parse(value)
        except ValueError:
            raise refuse(example) from None
        _in_range(parsed.date() if isinstance(parsed, datetime) else parsed)
        return parsed

    return check


def moment(*, required: bool = False):
    """A date and time in ISO 8601; without an offset it is read in the venue's zone."""
    check = _iso(datetime.fromisoformat, 40, _l("Give a date and time such as 2027-07-05T10:00."))
    schema = {"type": "string", "format": "date-time", "maxLength": 40}
    return _field(check, datetime, schema, required=required)


def day(*, required: bool = False):
    """A date in ISO 8601 (2027-07-05)."""
    check = _iso(date.fromisoformat, 10, _l("Give a date such as 2027-07-05."))
    return _field(check, date, {"type": "string", "format": "date"}, required=required)


def page_number():
    """A page of a list, from the query: 1 up to 100,000."""
    message = _l("Give a page number from 1.")

    def check(value):
        if isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100_000:
            raise refuse(message)
        return value

    return Annotated[
        int,
        BeforeValidator(lambda value: 1 if value is None else check(value)),
        WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 100_000}),
    ]


#: An answer's date and time, as ISO 8601 with the offset of the place it happens.
Moment = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]


def _check_flag(value):
    if not isinstance(value, bool):
        raise refuse(_BOOLEAN)
    return value


#: true or false; left out (or null) it is false.
Flag = Annotated[bool, BeforeValidator(lambda v: False if v is None else _check_flag(v))]

#: What pydantic's own error types mean, in our words.
_BUILTIN = {
    "missing": _REQUIRED,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "dict_type": _OBJECT,
    "string_type": _TEXT,
    "int_type": _WHOLE_NUMBER,
    "bool_type": _BOOLEAN,
    # Only the language maps forbid unknown keys: an unknown key there is a language.
    "extra_forbidden": _l("This language is not supported."),
}


def _message(error: dict) -> str:
    if error["type"] == "tiltas":
        return str(error["ctx"]["message"])
    if error["type"] in _BUILTIN:
        return str(_BUILTIN[error["type"]])
    # A type of pydantic's that no field of ours lets through: say so plainly.
    return _("This value is not valid.")


def field_errors(error: pydantic.ValidationError, prefix: str = "") -> dict[str, str]:
    """pydantic's errors as API.md writes them: `participants.0.birth_date` → its message."""
    fields: dict[str, str] = {}
    for item in error.errors(include_url=False, include_input=False):
        path = prefix + ".".join(str(part) for part in item["loc"])
        fields.setdefault(path or "body", _message(item))
    return fields


def parse(model: type[M], data: Any, prefix: str = "") -> M:
    """Validate data into the model, or raise the 422 that lists every field's error."""
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as error:
        raise ValidationError(field_errors(error, prefix)) from None
