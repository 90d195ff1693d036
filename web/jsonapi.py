"""The JSON API's shared parts: one error shape, body parsing, the declarations the OpenAPI
document is made from, and the write decorator."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import pydantic
import sqlalchemy as sa
from flask import current_app, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from core.db import commit, rollback, utcnow
from core.errors import DomainError
from core.locking import lock_name
from web import idempotency
from web.schemas import Error, ErrorDetail

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "bad_request",
    422: "validation",
    429: "rate_limited",
    503: "busy",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(code)
        self.status, self.code, self.message, self.fields = status, code, message, fields


@dataclass(frozen=True)
class Endpoint:
    """What an API view reads and answers, for the OpenAPI document."""

    summary: str
    description: str | None = None
    body: type[pydantic.BaseModel] | None = None
    body_required: bool = True
    query: type[pydantic.BaseModel] | None = None
    #: Status → the model of its body (None: the Error body; text: no body, so described).
    answers: dict[int, type[pydantic.BaseModel] | str | None] = field(default_factory=dict)
    #: The error answers it may give, beside those every endpoint may (405, 413, 429).
    errors: tuple[int, ...] = ()
    #: Whether a bearer token is needed (True), may be sent (None) or is not read (False).
    bearer: bool | None = None


def endpoint(**doc):
    """Declare a view's bodies; the OpenAPI document is generated from these declarations."""

    def decorator(view):
        view.api = Endpoint(summary=doc.pop("summary", None) or _summary(view), **doc)
        return view

    return decorator


def _summary(view) -> str:
    return (view.__doc__ or view.__name__).strip().splitlines()[0].rstrip(".")


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    error = Error(error=ErrorDetail(code=code, message=message, fields=fields or None))
    response = jsonify(error.model_dump(exclude_none=True))
    response.status_code = status
    return response


def http_error_response(error: HTTPException):
    """The API's answer to an HTTP error raised anywhere under /api/."""
    messages = {
        400: _("The request could not be read."),
        401: _("Log in first: send a valid token."),
        403: _("Your role may not do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        429: _("Too many requests: wait a moment and try again."),
    }
    status = error.code or 500
    response = error_response(
        status, HTTP_CODES.get(status, "error"), messages.get(status, error.description or "")
    )
    if status == 429:
        response.headers["Retry-After"] = error.get_response().headers.get("Retry-After", "60")
    return response


def api_error_response(error: ApiError):
    return error_response(error.status, error.code, error.message, error.fields)


def domain_error_response(error: DomainError):
    return error_response(error.status, error.code, error.message, error.fields)


#: No body of ours nests deeper than a registration's participants; deeper is an attack.
MAX_JSON_DEPTH = 20


def json_body() -> dict:
    """The request's JSON object, or a 400 that says why."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # thousands of nested brackets
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", _("The body must be a JSON object."))
    _check_json(body)
    return body


def _check_json(body) -> None:
    """Refuse bodies nested too deep, or with text no database can store (lone surrogates)."""
    pending = [(body, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise ApiError(400, "bad_request", _("The body is nested too deeply."))
        if isinstance(value, dict):
            pending.extend((key, depth) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and not _is_text(value):
            raise ApiError(400, "bad_request", _("The body holds characters that are not text."))


def _is_text(value: str) -> bool:
    try:
        value.encode()
    except UnicodeEncodeError:  # a lone surrogate such as "\ud800"
        return False
    return True


@dataclass(frozen=True)
class AnswerAfterCommit:
    """A write's answer that may be built once the change is committed, out of its locks.

    The objects keep what they were given (the commit does not expire them), so the answer
    reads back nothing that was just written. With an Idempotency-Key it is built before the
    commit, since it is stored with the change.
    """

    build: Callable[[], object]


def write(view):
    """An API write: one commit for the whole request, and Idempotency-Key honoured.

    The first answer to a key is stored in the same transaction as the change it reports,
    so a repeat, even one racing the first, returns that answer and writes nothing new.
    """

    view.idempotent = True

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 200 or "\x00" in key:
            message = _("The Idempotency-Key is not valid: at most 200 characters.")
            raise ApiError(400, "bad_request", message)
        now = utcnow()
        scope = idempotency.scope(key) if key else None
        if scope:
            # A repeat racing the first waits for it here, then replays its answer.
            lock_name(f"idempotency {scope.key_hash}")
            stored = idempotency.stored_answer(scope, now=now)
            if stored is not None:
                return stored
        answer = view(*args, **kwargs)
        if isinstance(answer, AnswerAfterCommit) and not scope:
            # Nothing to store with the change: commit first, write the answer after it.
            commit(expire=False)
            return current_app.make_response(answer.build())
        if isinstance(answer, AnswerAfterCommit):
            answer = answer.build()
        response = current_app.make_response(answer)
        if scope and 200 <= response.status_code < 300:
            idempotency.keep_answer(scope, response, now=now)
        try:
            commit()
        except sa.exc.IntegrityError:
            rollback()
            stored = idempotency.stored_answer(scope, now=now) if scope else None
            if stored is None:
                raise
            return stored
        return response

    return wrapped
