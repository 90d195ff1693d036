"""Staff pages for registrations: the roster, cancelling and promoting by hand."""

from datetime import timedelta

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from camps.ical import events_to_ical
from camps.models import Event, EventStatus, Room
from camps.views.public import ics_response
from core import audit
from core.db import commit, utcnow
from extensions import db
from registration import exports, reports, rights
from registration.bursts import BURST_SIZE, BURST_WINDOW, cancel_burst
from registration.checkin import attendance, gate_lists
from registration.models import Booking, Participant, Scan
from registration.retention import ERASURE_REASONS, erase_person
from registration.roster import event_roster
from registration.tickets import reissue_ticket
from registration.views.scan import check_in_event_or_404
from registration.waitlist import cancel_participants, promote_by_hand
from staff.decorators import staff_required
from staff.models import Role, StaffUser
from staff.services import rotate_calendar_token, user_for_calendar_token
from web.forms import date_arg, int_arg, run_form_service
from web.links import absolute_url
from web.locale import current_locale

bp = Blueprint("registration_staff", __name__, url_prefix="/staff")


def _managed_event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not current_user.can_manage_partner(event.partner_id):
        abort(404)
    return event


def _managed_participant(participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None or not current_user.can_manage_partner(participant.event.partner_id):
        abort(404)
    return participant


@bp.route("/events/<int:event_id>/roster")
@staff_required(Role.ORGANISER)
def roster(event_id: int):
    """Everyone registered: confirmed, offered, waiting in queue order, cancelled."""
    event = _managed_event(event_id)
    data = event_roster(event.id)
    return render_template(
        "staff/roster.html",
        event=event,
        groups=data.groups,
        positions=data.positions,
        SHEETS=exports.SHEETS,
        bursts=data.bursts,
        burst_of=data.burst_of,
        burst_size=BURST_SIZE,
        burst_minutes=int(BURST_WINDOW.total_seconds() // 60),
    )


@bp.route("/events/<int:event_id>/bursts/cancel", methods=["POST"])
@staff_required(Role.ORGANISER)
def cancel_burst_view(event_id: int):
    """Cancel every place of a burst of registrations from one source; the queue moves."""
    event = _managed_event(event_id)
    source = request.form.get("source", "")
    back = url_for("registration_staff.roster", event_id=event.id)
    done = run_form_service(
        None,
        lambda: cancel_burst(event.id, source[:64], now=utcnow()),
        success=lambda count: ngettext(
            "%(num)d registration of the burst is cancelled.",
            "%(num)d registrations of the burst are cancelled.",
            count,
        ),
        redirect_to=back,
    )
    return done or redirect(back)


def _download(export: str, title: str, headers: list[str], rows: list[list], filename: str):
    response = make_response(exports.to_file(export, title, headers, rows))
    response.mimetype = exports.FILE_TYPES[export]
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{export}"'
    return response


@bp.route("/events/<int:event_id>/sheets/<any(roster, kitchen, health, emergency, pickup):kind>")
@staff_required(Role.ORGANISER)
def sheet(event_id: int, kind: str):
    """One of the event's sheets on screen (printable), as CSV or as XLSX."""
    event = _managed_event(event_id)
    export = request.args.get("format")
    export = export if export in exports.FILE_TYPES else None
    table = exports.open_sheet(event, kind, viewer=current_user, now=utcnow(), export=export)
    commit()
    if export is not None:
        filename = f"tiltas-{kind}-{event.id}"
        response = _download(export, table.title, table.headers, table.rows, filename)
        response.headers["Cache-Control"] = "no-store"
        return response
    return render_template(
        "staff/sheet.html",
        event=event,
        kind=kind,
        title=table.title,
        headers=table.headers,
        rows=table.rows,
        kitchen=exports.kitchen(event) if kind == "kitchen" else None,
    )


def _on_roster(participant: Participant, call, success: str):
    """Run a roster button's service for one participant; back to the roster either way."""
    back = url_for("registration_staff.roster", event_id=participant.event_id)
    return run_form_service(None, call, success=success, redirect_to=back) or redirect(back)


@bp.route("/participants/<int:participant_id>/cancel", methods=["POST"])
@staff_required(Role.ORGANISER)
def cancel_participant(participant_id: int):
    """Cancel one person's place; the queue moves at once."""
    participant = _managed_participant(participant_id)
    return _on_roster(
        participant,
        lambda: cancel_participants(
            participant.booking_id, [participant.id], now=utcnow(), by="staff"
        ),
        _("The place is cancelled."),
    )


@bp.route("/participants/<int:participant_id>/promote", methods=["POST"])
@staff_required(Role.ORGANISER)
def promote_participant(participant_id: int):
    """Give a waiting person a free place, out of turn."""
    participant = _managed_participant(participant_id)
    return _on_roster(
        participant,
        lambda: promote_by_hand(participant.id, now=utcnow()),
        _("The place is confirmed."),
    )


@bp.route("/participants/<int:participant_id>/erase", methods=["GET", "POST"])
@staff_required(Role.ORGANISER)
def erase(participant_id: int):
    """Erase a person, with a reason, after a confirmation page."""
    participant = _managed_participant(participant_id)
    if request.method == "POST":
        reason = request.form.get("reason", "")
        if reason not in ERASURE_REASONS:
            abort(400)
        event_id = participant.event_id
        erase_person(participant.id, now=utcnow(), by_staff_id=current_user.id, reason=reason)
        commit()
        flash(_("The person's data are erased."), "success")
        return redirect(url_for("registration_staff.roster", event_id=event_id))
    return render_template("staff/erase.html", participant=participant, reasons=ERASURE_REASONS)


@bp.route("/bookings/<int:booking_id>/data.json")
@staff_required(Role.ORGANISER)
def family_data(booking_id: int):
    """A family's data for a family that cannot get a code by e-mail (audited)."""
    booking = db.session.get(Booking, booking_id)
    if booking is None or not current_user.can_manage_partner(booking.event.partner_id):
        abort(404)
    now = utcnow()
    data = rights.family_data(booking, now=now)
    audit.record(
        "data_export_staff", staff_id=current_user.id, subject=f"booking:{booking.id}", now=now
    )
    commit()
    return rights.download_response(booking, data)


@bp.route("/participants/<int:participant_id>/reissue", methods=["POST"])
@staff_required(Role.ORGANISER)
def reissue(participant_id: int):
    """Give a confirmed participant a new ticket code; the old one stops working."""
    participant = _managed_participant(participant_id)
    return _on_roster(
        participant,
        lambda: reissue_ticket(participant.id, now=utcnow()),
        _("A new ticket code is issued; the old one no longer works."),
    )


@bp.route("/events/<int:event_id>/gate")
@staff_required(Role.SCANNER, Role.ORGANISER)
def gate(event_id: int):
    """Live counts at the gate, who is on site, who has not arrived, attendance per day."""
    event = check_in_event_or_404(event_id)
    return render_template(
        "staff/gate.html", event=event, counts=attendance(event.id), lists=gate_lists(event)
    )


@bp.route("/events/<int:event_id>/checkin-sheet")
@staff_required(Role.SCANNER, Role.ORGANISER)
def checkin_sheet(event_id: int):
    """A paper check-in list for when every phone is dead: names, ages, a box per day."""
    event = check_in_event_or_404(event_id)
    zone = event.venue.zone
    first, last = event.starts_at.astimezone(zone).date(), event.ends_at.astimezone(zone).date()
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return render_template(
        "staff/checkin_sheet.html", event=event, people=gate_lists(event)["everyone"], days=days
    )


def staff_events(user: StaffUser) -> list[Event]:
    """The events a staff member organises or works at, not long over."""
    query = (
        sa.select(Event)
        .where(Event.ends_at > utcnow() - timedelta(days=30), Event.status != EventStatus.DRAFT)
        .options(selectinload(Event.texts), selectinload(Event.venue))
        .order_by(Event.starts_at)
    )
    if user.role == Role.ORGANISER:
        query = query.where(Event.partner_id == user.partner_id)
    elif user.role == Role.SCANNER:
        query = query.where(Event.id.in_(sa.select(Scan.event_id).filter_by(staff_id=user.id)))
    elif user.role == Role.FACILITY:
        query = query.where(Event.venue_id.in_(sa.select(Room.venue_id)))
    return list(db.session.scalars(query))


@bp.route("/calendar", methods=["GET", "POST"])
@staff_required(Role.SCANNER, Role.FACILITY, Role.ORGANISER)
def calendar_page():
    """The private calendar feed of the events this staff member works at."""
    link = None
    if request.method == "POST":
        token = rotate_calendar_token(current_user)
        commit()
        link = absolute_url("registration_staff.calendar_feed", token=token)
        flash(_("Your new feed link is below. The old one no longer works."), "success")
    return render_template("staff/calendar.html", link=link, events=staff_events(current_user))


@bp.route("/calendar/<token>.ics")
def calendar_feed(token: str):
    """A staff member's own feed: found by its secret, never by a login."""
    user = user_for_calendar_token(token)
    if user is None:
        abort(404)
    events = staff_events(user)
    urls = {event.id: absolute_url("camps.event_detail", event_id=event.id) for event in events}
    body = events_to_ical(events, name=_("Tiltas: my events"), locale=current_locale(), urls=urls)
    response = ics_response(body, "tiltas-staff.ics")
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/reports")
@staff_required(Role.ORGANISER)
def programme_report_page():
    """The programme's indicators for a period: page with charts, CSV and XLSX."""
    partners = reports.report_partners(current_user)
    allowed = {partner.id for partner in partners}
    asked = (int_arg(value) for value in request.args.getlist("partner"))
    chosen = [i for i in asked if i in allowed] or sorted(allowed)
    first, last = date_arg(request.args.get("from")), date_arg(request.args.get("to"))
    today = utcnow().date()
    latest = None
    if not (first and last):  # the report opens on a period that has data
        latest = reports.latest_event_with_people(
            chosen, before=today.replace(year=today.year + 1, month=1, day=1)
        )
    start, end = reports.report_period(first, last, today=today, latest=latest)
    if not start < end:
        abort(400)
    report = reports.programme_report(chosen, start, end)
    export = request.args.get("format")
    if export in exports.FILE_TYPES:
        return _download(export, "report", *report.table(), "tiltas-report")
    return render_template(
        "staff/report.html",
        report=report,
        partners=partners,
        chosen=chosen,
        start=start,
        last=end - timedelta(days=1),
        shown=reports.shown,
        charts=reports.charts(report),
    )
