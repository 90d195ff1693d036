"""The gate's scanner page: phone-first, camera or USB scanner, and it keeps working offline."""

from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, render_template, request, send_file
from flask_login import current_user

from camps.models import Event, EventStatus
from core.db import commit, utcnow
from extensions import db
from registration.checkin import can_check_in
from staff.decorators import staff_required
from staff.models import Role
from staff.services import issue_api_token
from web.forms import int_arg
from web.locale import current_locale

bp = Blueprint("scan", __name__, url_prefix="/staff/scan")

#: Front-end packages come from npm (package.json), never copied into the repository.
VENDOR = {"jsQR.js": "jsqr/dist/jsQR.js"}


def check_in_event_or_404(event_id: int) -> Event:
    """An event the staff member may check people in at; else not found."""
    event = db.session.get(Event, event_id)
    if event is None or not can_check_in(current_user, event):
        abort(404)
    return event


def _events_to_scan() -> list[Event]:
    """Events the staff member may check in at, today's and the next days' first."""
    now = utcnow()
    query = (
        sa.select(Event)
        .where(
            Event.ends_at > now - timedelta(days=1),
            # A cancelled event stays here, so a child arriving anyway hears "cancelled".
            Event.status.in_((EventStatus.PUBLISHED, EventStatus.CANCELLED)),
        )
        .order_by(Event.starts_at)
        .limit(50)
    )
    return [event for event in db.session.scalars(query) if can_check_in(current_user, event)]


@bp.route("")
@staff_required(Role.SCANNER, Role.ORGANISER)
def scanner():
    """Pick an event, then scan: camera, USB scanner, typed code or name."""
    event_id = int_arg(request.args.get("event"))
    if event_id is None:
        return render_template("staff/scan_pick.html", events=_events_to_scan(), now=utcnow())
    event = check_in_event_or_404(event_id)
    first_day, last_day = event_days(event)
    today = utcnow().astimezone(event.venue.zone).date()
    return render_template(
        "staff/scan.html",
        event=event,
        locale=current_locale(),
        first_day=first_day,
        last_day=last_day,
        running_today=first_day <= today <= last_day,
    )


def event_days(event: Event) -> tuple[date, date]:
    """The first and last day of the event at its venue (one ending at midnight: the day before)."""
    zone = event.venue.zone
    last = event.ends_at - timedelta(microseconds=1)
    return event.starts_at.astimezone(zone).date(), max(last, event.starts_at).astimezone(
        zone
    ).date()


@bp.route("/token", methods=["POST"])
@staff_required(Role.SCANNER, Role.ORGANISER)
def token():
    """A bearer token for the scanner's API calls, kept on the device for offline use."""
    token, row = issue_api_token(current_user, now=utcnow(), login_token=current_user.session_token)
    commit()
    return {"token": token, "expires_at": row.expires_at.isoformat()}


@bp.route("/sw.js")
def service_worker():
    """The scanner's service worker, served under /staff/scan so it may control the page."""
    response = current_app.send_static_file("js/scanner-sw.js")
    response.headers["Service-Worker-Allowed"] = "/staff/scan"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/vendor/<name>")
def vendor(name: str):
    """A front-end package file installed by npm."""
    if name not in VENDOR:
        abort(404)
    path = Path(current_app.root_path) / "node_modules" / VENDOR[name]
    if not path.exists():
        abort(404)
    return send_file(path, mimetype="text/javascript", max_age=86400)
