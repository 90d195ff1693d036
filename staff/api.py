"""The API's token door: an e-mail and password for a bearer token."""

from flask import Blueprint
from flask_babel import gettext as _

from core.db import commit, utcnow
from extensions import csrf, limiter
from staff.decorators import check_token
from staff.services import authenticate, issue_api_token
from web.jsonapi import ApiError, Fields, json_body

bp = Blueprint("staff_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.before_app_request(check_token)


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
