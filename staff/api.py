"""The API's token door: an e-mail and password for a bearer token."""

from datetime import datetime
from typing import Literal

from flask import Blueprint
from flask_babel import gettext as _

from core.db import commit, utcnow
from extensions import csrf, limiter
from staff.decorators import check_token
from staff.services import authenticate, issue_api_token
from web.jsonapi import ApiError, endpoint, json_body
from web.schemas import Answer, Body, parse, text

bp = Blueprint("staff_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.before_app_request(check_token)


class TokenRequest(Body):
    email: text(254, required=True)
    password: text(required=True)


class Token(Answer):
    token: str
    role: Literal["admin", "organiser", "facility", "scanner"]
    expires_at: datetime


@bp.post("/auth/token")
@limiter.limit("10 per minute; 50 per hour")
@endpoint(body=TokenRequest, answers={200: Token}, errors=(400, 401, 422), bearer=False)
def token():
    """Exchange an e-mail and password for a bearer token."""
    request = parse(TokenRequest, json_body())
    user = authenticate(request.email, request.password)
    if user is None:
        raise ApiError(401, "unauthorized", _("Wrong e-mail address or password."))
    token, row = issue_api_token(user, now=utcnow())
    commit()
    return Token(token=token, role=user.role.value, expires_at=row.expires_at).model_dump(
        mode="json"
    )
