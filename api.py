"""The JSON API's shared parts: one error shape, bearer tokens, body parsing, the token door."""

import functools
import hashlib
import hmac
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Blueprint, current_app, g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.exceptions import HTTPException

from auth import Role, StaffUser, authenticate, issue_api_token, user_for_api_token
from core.db import commit, rollback
from core.locking import lock_name
from errors import DomainError, ValidationError
from extensions import UTCDateTime, csrf, db, limiter, utcnow
from openapi import document
from webforms import FIRST_DATE, LAST_DATE, MAX_INTEGER

bp = Blueprint("api", __name__, url_prefix="/api/v1")

csrf.exempt(bp)

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


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    body = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    response = jsonify(body)
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


def api_user() -> StaffUser | None:
    """The staff member behind the bearer token; a bad token is a 401, none is anonymous."""
    if "api_user" not in g:
        header = request.headers.get("Authorization", "")
        if not header:
            g.api_user = None
        else:
            scheme, _sep, token = header.partition(" ")
            user = None
            if scheme.lower() == "bearer" and token.strip():
                user = user_for_api_token(token.strip(), now=utcnow())
            if user is None:
                raise ApiError(401, "unauthorized", _("The token is missing, wrong or expired."))
            g.api_user = user
    return g.api_user


@bp.before_app_request
def _check_token():
    # A bad token is refused everywhere, also where no token is needed.
    if is_api_request():
        api_user()


def require_role(*roles: Role):
    """Let in bearers of a token for one of the roles (admins always)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            user = api_user()
            if user is None:
                raise ApiError(401, "unauthorized", _("Log in first: send a valid token."))
            if not user.has_role(*roles):
                raise ApiError(403, "forbidden", _("Your role may not do this."))
            return view(*args, **kwargs)

        return wrapped

    return decorator


IDEMPOTENCY_LIFETIME = timedelta(hours=24)


class IdempotencyRecord(db.Model):
    """The first answer to a write sent with an Idempotency-Key, returned for its repeats.

    Only an HMAC of the key (with its caller, the route and, for the public, the body) is
    stored, and the answer — it may hold children's names and a booking's secret — is
    encrypted under a key derived from the Idempotency-Key: the database alone opens neither.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: HMAC of the request's body: the same key with another body is a mistake, not a repeat.
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[int]
    #: AES-GCM: a 12-byte nonce, then the ciphertext of the answer's JSON.
    answer: Mapped[bytes] = mapped_column(sa.LargeBinary)
    #: The booking the answer is about: erasing its people deletes the record.
    booking_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("booking.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def _secret(purpose: bytes) -> bytes:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), purpose, hashlib.sha256).digest()


def _request_hash() -> str:
    return hmac.new(_secret(b"idempotency request"), request.get_data(), "sha256").hexdigest()


def _idempotency_scope(key: str) -> tuple[str, bytes]:
    """The record's lookup hash and its encryption key, for this caller and request."""
    user = api_user()
    # A staff token owns its keys; a public caller's key counts only with the same body, so
    # a stranger who guesses "1" never meets a family's booking.
    owner = (
        f"staff {user.id}" if user else "public " + hashlib.sha256(request.get_data()).hexdigest()
    )
    scope = f"{owner} {request.method} {request.path}".encode()
    lookup = hmac.new(_secret(b"idempotency lookup"), scope + b"\0" + key.encode(), "sha256")
    encryption = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=_secret(b"idempotency"), info=scope
    ).derive(key.encode())
    return lookup.hexdigest(), encryption


def _stored_answer(key_hash: str, encryption: bytes, *, now: datetime):
    row = db.session.scalar(
        sa.select(IdempotencyRecord).where(
            IdempotencyRecord.key_hash == key_hash, IdempotencyRecord.expires_at > now
        )
    )
    if row is None:
        return None
    if not hmac.compare_digest(row.request_hash, _request_hash()):
        message = _("This Idempotency-Key was already used for another request.")
        raise ApiError(422, "idempotency_key_reused", message)
    body = AESGCM(encryption).decrypt(row.answer[:12], row.answer[12:], key_hash.encode())
    response = current_app.response_class(body, status=row.status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def about_booking(booking_id: int) -> None:
    """Tell the write's Idempotency-Key record which booking its answer describes."""
    g.idempotency_booking_id = booking_id


def write(view):
    """An API write: one commit for the whole request, and Idempotency-Key honoured.

    The first answer to a key is stored in the same transaction as the change it reports,
    so a repeat, even one racing the first, returns that answer and writes nothing new.
    """

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 200 or "\x00" in key:
            message = _("The Idempotency-Key is not valid: at most 200 characters.")
            raise ApiError(400, "bad_request", message)
        now = utcnow()
        scope = _idempotency_scope(key) if key else None
        if scope:
            # A repeat racing the first waits for it here, then replays its answer.
            lock_name(f"idempotency {scope[0]}")
            stored = _stored_answer(*scope, now=now)
            if stored is not None:
                return stored
        response = current_app.make_response(view(*args, **kwargs))
        if scope and 200 <= response.status_code < 300:
            key_hash, encryption = scope
            nonce = secrets.token_bytes(12)
            sealed = AESGCM(encryption).encrypt(nonce, response.get_data(), key_hash.encode())
            # A record of this key that expired may still be there: the new answer replaces it.
            db.session.execute(
                sa.delete(IdempotencyRecord).where(IdempotencyRecord.key_hash == key_hash)
            )
            db.session.add(
                IdempotencyRecord(
                    key_hash=key_hash,
                    request_hash=_request_hash(),
                    status=response.status_code,
                    answer=nonce + sealed,
                    booking_id=g.get("idempotency_booking_id"),
                    created_at=now,
                    expires_at=now + IDEMPOTENCY_LIFETIME,
                )
            )
        try:
            commit()
        except sa.exc.IntegrityError:
            rollback()
            stored = _stored_answer(*scope, now=now) if scope else None
            if stored is None:
                raise
            return stored
        return response

    return wrapped


def purge_idempotency_records(*, now: datetime) -> int:
    """Delete the records whose 24 hours are over."""
    result = db.session.execute(
        sa.delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= now)
    )
    return result.rowcount


class Fields:
    """Typed reads from a JSON object, gathering every field error before answering."""

    def __init__(self, body: dict, prefix: str = ""):
        self.body, self.prefix, self.errors = body, prefix, {}

    def _fail(self, name: str, message: str) -> None:
        self.errors[self.prefix + name] = message

    def has(self, name: str) -> bool:
        return name in self.body

    def string(self, name: str, *, required=False, max_length=200) -> str | None:
        value = self.body.get(name)
        if value is None or value == "":
            if required:
                self._fail(name, _("This field is required."))
            return None
        if not isinstance(value, str):
            self._fail(name, _("This must be text."))
        elif len(value) > max_length:
            self._fail(
                name, _("This text is too long: at most %(limit)d characters.", limit=max_length)
            )
        elif "\x00" in value:
            self._fail(name, _("This text contains a character that is not allowed."))
        else:
            return value
        return None

    def integer(self, name: str, *, required=False) -> int | None:
        value = self.body.get(name)
        if value is None:
            if required:
                self._fail(name, _("This field is required."))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._fail(name, _("This must be a whole number."))
            return None
        if not -MAX_INTEGER <= value <= MAX_INTEGER:
            self._fail(name, _("This number is too large."))
            return None
        return value

    def choice(self, name: str, choices, *, required=False):
        value = self.body.get(name)
        if value is None:
            if required:
                self._fail(name, _("This field is required."))
            return None
        if not isinstance(value, str) or value not in {str(c) for c in choices}:
            self._fail(
                name, _("Choose one of: %(choices)s.", choices=", ".join(str(c) for c in choices))
            )
            return None
        return value

    def datetime(self, name: str, *, required=False) -> datetime | None:
        value = self.string(name, required=required, max_length=40)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self._fail(name, _("Give a date and time such as 2027-07-05T10:00."))
            return None
        return moment if self._in_range(name, moment.date()) else None

    def date(self, name: str, *, required=False) -> date | None:
        value = self.string(name, required=required, max_length=10)
        if value is None:
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self._fail(name, _("Give a date such as 2027-07-05."))
            return None
        return day if self._in_range(name, day) else None

    def _in_range(self, name: str, day: date) -> bool:
        # Year 1 with an offset, or 9999-12-31 plus a day, overflows: no date of ours is there.
        if FIRST_DATE <= day <= LAST_DATE:
            return True
        self._fail(
            name,
            _(
                "Give a date between the years %(first)d and %(last)d.",
                first=FIRST_DATE.year,
                last=LAST_DATE.year,
            ),
        )
        return False

    def object(self, name: str, *, required=False) -> dict | None:
        value = self.body.get(name)
        if value is None:
            if required:
                self._fail(name, _("This field is required."))
            return None
        if not isinstance(value, dict):
            self._fail(name, _("This must be an object."))
            return None
        return value

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


@bp.post("/auth/token")
@limiter.limit("10 per minute; 50 per hour")
def token():
    """Exchange an e-mail and password for a bearer token."""
    fields = Fields(json_body())
    email = fields.string("email", required=True, max_length=254)
    password = fields.string("password", required=True)
    fields.check()
    user = authenticate(email, password)
    if user is None:
        raise ApiError(401, "unauthorized", _("Wrong e-mail address or password."))
    token, row = issue_api_token(user, now=utcnow())
    commit()
    return {"token": token, "role": user.role.value, "expires_at": row.expires_at.isoformat()}


@bp.get("/openapi.json")
def openapi_document():
    """The whole API as OpenAPI 3."""
    return jsonify(document())
