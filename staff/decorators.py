"""Who is asking: the logged-in staff member of a page, the bearer of an API token."""

import functools

import sqlalchemy as sa
from flask import abort, g, request
from flask_babel import gettext as _
from flask_login import current_user

from core.db import utcnow
from extensions import db, login
from staff.models import Role, StaffSession, StaffUser, hash_token
from staff.services import keep_alive, user_for_api_token
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
