"""Who is asking: the logged-in staff member of a page, the bearer of an API token."""

import functools
from datetime import datetime

import sqlalchemy as sa
from flask import abort, g, request
from flask_babel import gettext as _
from flask_login import current_user

from core.db import utcnow
from extensions import db, login
from staff.models import ApiToken, Role, StaffSession, StaffUser, hash_token
from staff.services import keep_alive
from web.jsonapi import ApiError, is_api_request


@login.user_loader
def load_user(token: str) -> StaffUser | None:
    session_row = db.session.scalar(
        sa.select(StaffSession)
        .filter_by(token_hash=hash_token(token))
        .options(sa.orm.joinedload(StaffSession.user))
    )
    if session_row is None or not keep_alive(session_row, utcnow()):
        return None
    session_row.user.session_token = token
    return session_row.user


def staff_required(*roles: Role):
    """Let in logged-in staff holding one of the roles (admins always)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login.unauthorized()
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


#: The bearer, its token and the login a scanner page's token lives by: one indexed lookup,
#: built once (it runs before every API request).
_BEARER = (
    sa.select(StaffUser, ApiToken.expires_at, ApiToken.session_id, StaffSession)
    .join(ApiToken, ApiToken.user_id == StaffUser.id)
    .outerjoin(StaffSession, StaffSession.id == ApiToken.session_id)
    .where(ApiToken.token_hash == sa.bindparam("token_hash"))
)


def _user_for_token(token: str, *, now: datetime) -> StaffUser | None:
    """The enabled staff member behind an unexpired token, or None.

    Nothing is written on the way, but for a scanner page's token: its login's last use,
    at most once a minute (keep_alive).
    """
    row = db.session.execute(_BEARER, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    user, expires_at, session_id, login_row = row
    if expires_at <= now or not user.is_enabled:
        return None
    # A scanner page's token lives as long as its login: not after it ended or lapsed.
    # Scanning counts as using the login, so a busy gate is never logged out mid-camp.
    if session_id is not None and (login_row is None or not keep_alive(login_row, now)):
        return None
    return user


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
                user = _user_for_token(token.strip(), now=utcnow())
            if user is None:
                raise ApiError(401, "unauthorized", _("The token is missing, wrong or expired."))
            g.api_user = user
    return g.api_user


def check_token():
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
