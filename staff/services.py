"""Staff accounts: logging in, login sessions the server can end, API tokens."""

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from core import audit
from core.db import commit
from core.errors import ValidationError
from core.locking import lock_name
from core.text import clean_email
from extensions import db
from staff.models import ApiToken, Role, StaffSession, StaffUser, hash_token

API_TOKEN_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10


# A real hash to check against when the e-mail is unknown, so both answers take as long.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


def authenticate(email: str, password: str) -> StaffUser | None:
    """The enabled account with these credentials, or None: the same for every failure."""
    user = db.session.scalar(sa.select(StaffUser).filter_by(email=email.strip().lower()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_enabled:
        return None
    return user


def start_session(user: StaffUser) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(StaffSession(token_hash=hash_token(token), user=user))
    user.session_token = token
    return token


def _session_id(token: str | None) -> int | None:
    if not token:
        return None
    return db.session.scalar(sa.select(StaffSession.id).filter_by(token_hash=hash_token(token)))


def end_session(token: str | None) -> None:
    """End a login and revoke the tokens its pages were given (the scanner's, for one)."""
    session_id = _session_id(token)
    if session_id is not None:
        end_session_row(db.session.get(StaffSession, session_id))


def issue_api_token(
    user: StaffUser, *, now: datetime, login_token: str | None = None
) -> tuple[str, ApiToken]:
    """A bearer token; one given to a logged-in page lives no longer than that login."""
    token = secrets.token_urlsafe(32)
    row = ApiToken(
        token_hash=hash_token(token),
        user=user,
        session_id=_session_id(login_token),
        created_at=now,
        expires_at=now + API_TOKEN_LIFETIME,
    )
    db.session.add(row)
    return token, row


def keep_alive(session_row: StaffSession, now: datetime) -> bool:
    """Whether a login may go on; refresh its last use, or end it when it is too old or idle.

    Committed here, at the door, because most requests only read and would never commit it.
    """
    config = current_app.config
    too_old = now - session_row.created_at > timedelta(hours=config["SESSION_MAX_HOURS"])
    idle = now - session_row.last_seen_at > timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    if too_old or idle:
        end_session_row(session_row)
        commit()
        return False
    if now - session_row.last_seen_at > timedelta(minutes=1):
        session_row.last_seen_at = now
        commit()
    return True


def end_session_row(session_row: StaffSession) -> None:
    db.session.execute(sa.delete(ApiToken).filter_by(session_id=session_row.id))
    db.session.delete(session_row)


def rotate_calendar_token(user: StaffUser) -> str:
    """A new secret for the staff member's calendar feed; the old link stops working."""
    token = secrets.token_urlsafe(32)
    user.calendar_token_hash = hash_token(token)
    return token


def user_for_calendar_token(token: str) -> StaffUser | None:
    if not token or len(token) > 100:
        return None
    user = db.session.scalar(sa.select(StaffUser).filter_by(calendar_token_hash=hash_token(token)))
    return user if user is not None and user.is_enabled else None


def partners() -> sa.Table:
    """The partner organisations' table, by name: staff sits below the domain packages."""
    return db.metadata.tables["partner"]


def _check_partner(role: Role, partner_id: int | None, errors: dict[str, str]) -> None:
    if partner_id is not None:
        table = partners()
        found = db.session.scalar(sa.select(table.c.id).where(table.c.id == partner_id))
        if found is None:
            errors["partner"] = _("Choose a partner organisation from the list.")
            return
    if role == Role.ORGANISER and partner_id is None:
        errors["partner"] = _("An organiser must work for a partner organisation.")


def _check_password(password: str, errors: dict[str, str]) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = _(
            "The password must be at least %(count)d characters long.", count=MIN_PASSWORD_LENGTH
        )


def create_staff(
    email: str, *, role: Role, password: str, partner_id: int | None = None
) -> StaffUser:
    """Create a staff account; organisers must work for a partner."""
    errors: dict[str, str] = {}
    email = (clean_email(email, "email", errors) or "").lower()
    if not email:
        errors.setdefault("email", _("Give a valid e-mail address."))
    else:
        # Two admins creating the same address at once: the second one is told it exists.
        lock_name(f"staff {email}")
        if db.session.scalar(sa.select(StaffUser.id).filter_by(email=email)) is not None:
            errors["email"] = _("An account with this e-mail address already exists.")
    _check_password(password, errors)
    _check_partner(role, partner_id, errors)
    if errors:
        raise ValidationError(errors)
    user = StaffUser(
        email=email,
        password_hash=generate_password_hash(password),
        role=role,
        partner_id=partner_id,
    )
    db.session.add(user)
    db.session.flush()
    return user


def update_staff(
    user: StaffUser, *, role: Role, partner_id: int | None, is_enabled: bool, password: str = ""
) -> None:
    """Change an account's role, partner or state; disabling it ends its sessions and tokens."""
    errors: dict[str, str] = {}
    if password:
        _check_password(password, errors)
    _check_partner(role, partner_id, errors)
    if errors:
        raise ValidationError(errors)
    if password:
        user.password_hash = generate_password_hash(password)
    user.role, user.partner_id, user.is_enabled = role, partner_id, is_enabled
    if not is_enabled or password:
        db.session.execute(sa.delete(StaffSession).filter_by(user_id=user.id))
        db.session.execute(sa.delete(ApiToken).filter_by(user_id=user.id))


def save_staff(
    user: StaffUser | None,
    *,
    email: str = "",
    role: Role,
    partner_id: int | None,
    is_enabled: bool = True,
    password: str = "",
    by: StaffUser,
    now: datetime,
) -> StaffUser:
    """Create a staff account, or change one; a changed role goes into the audit log."""
    if user is None:
        return create_staff(email, role=role, password=password, partner_id=partner_id)
    role_changed = user.role != role
    update_staff(user, role=role, partner_id=partner_id, is_enabled=is_enabled, password=password)
    if role_changed:
        audit.record("role_changed", staff_id=by.id, subject=f"staff:{user.id}", now=now)
    return user
