"""Idempotency-Key: the first answer to an API write, kept 24 hours for its repeats."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, g, request
from flask_babel import gettext as _
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime
from core.errors import DomainError
from extensions import db

IDEMPOTENCY_LIFETIME = timedelta(hours=24)


class KeyReused(DomainError):
    status = 422


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


class Scope(NamedTuple):
    """Where a key's record is found, and the key its answer is sealed with."""

    key_hash: str
    encryption: bytes


def _secret(purpose: bytes) -> bytes:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), purpose, hashlib.sha256).digest()


def _request_hash() -> str:
    return hmac.new(_secret(b"idempotency request"), request.get_data(), "sha256").hexdigest()


def scope(key: str) -> Scope:
    """The record's lookup hash and its encryption key, for this caller and request."""
    # The staff member behind the bearer token, checked by staff.decorators before any view.
    user = g.get("api_user")
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
    return Scope(lookup.hexdigest(), encryption)


def stored_answer(scope: Scope, *, now: datetime):
    """The first answer to this key, or None; the key with another body is refused."""
    row = db.session.scalar(
        sa.select(IdempotencyRecord).where(
            IdempotencyRecord.key_hash == scope.key_hash, IdempotencyRecord.expires_at > now
        )
    )
    if row is None:
        return None
    if not hmac.compare_digest(row.request_hash, _request_hash()):
        message = _("This Idempotency-Key was already used for another request.")
        raise KeyReused("idempotency_key_reused", message)
    nonce, sealed = row.answer[:12], row.answer[12:]
    body = AESGCM(scope.encryption).decrypt(nonce, sealed, scope.key_hash.encode())
    response = current_app.response_class(body, status=row.status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def about_booking(booking_id: int) -> None:
    """Tell the write's Idempotency-Key record which booking its answer describes."""
    g.idempotency_booking_id = booking_id


def keep_answer(scope: Scope, response, *, now: datetime) -> None:
    """Store the answer, sealed, in the transaction of the change it reports."""
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(scope.encryption).encrypt(nonce, response.get_data(), scope.key_hash.encode())
    # A record of this key that expired may still be there: the new answer replaces it.
    db.session.execute(
        sa.delete(IdempotencyRecord).where(IdempotencyRecord.key_hash == scope.key_hash)
    )
    db.session.add(
        IdempotencyRecord(
            key_hash=scope.key_hash,
            request_hash=_request_hash(),
            status=response.status_code,
            answer=nonce + sealed,
            booking_id=g.get("idempotency_booking_id"),
            created_at=now,
            expires_at=now + IDEMPOTENCY_LIFETIME,
        )
    )


def purge_idempotency_records(*, now: datetime) -> int:
    """Delete the records whose 24 hours are over."""
    result = db.session.execute(
        sa.delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= now)
    )
    return result.rowcount
