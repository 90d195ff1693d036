"""Staff pages for registrations: the roster, cancelling and promoting by hand."""

from datetime import timedelta

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from auth import Role, staff_required
from camps.models import Event
from errors import DomainError
from extensions import commit, db, utcnow
from registration.checkin import attendance, can_check_in, gate_lists
from registration.models import Booking, Participant, ParticipantStatus, waitlist_positions
from registration.tickets import reissue_ticket
from registration.waitlist import cancel_participants, promote_by_hand

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
    bookings = db.session.scalars(
        sa.select(Booking)
        .filter_by(event_id=event.id)
        .options(selectinload(Booking.participants))
        .order_by(Booking.id)
    ).all()
    positions = waitlist_positions(event.id)
    groups = {status: [] for status in ParticipantStatus}
    for booking in bookings:
        for participant in booking.participants:
            groups[participant.status].append(participant)
    return render_template("staff/roster.html", event=event, groups=groups, positions=positions)


@bp.route("/participants/<int:participant_id>/cancel", methods=["POST"])
@staff_required(Role.ORGANISER)
def cancel_participant(participant_id: int):
    """Cancel one person's place; the queue moves at once."""
    participant = _managed_participant(participant_id)
    try:
        cancel_participants(participant.booking, [participant.id], now=utcnow(), by="staff")
    except DomainError as error:
        flash(error.message, "error")
    else:
        commit()
        flash(_("The place is cancelled."), "success")
    return redirect(url_for("registration_staff.roster", event_id=participant.event_id))


@bp.route("/participants/<int:participant_id>/promote", methods=["POST"])
@staff_required(Role.ORGANISER)
def promote_participant(participant_id: int):
    """Give a waiting person a free place, out of turn."""
    participant = _managed_participant(participant_id)
    try:
        promote_by_hand(participant, now=utcnow())
    except DomainError as error:
        flash(error.message, "error")
    else:
        commit()
        flash(_("The place is confirmed."), "success")
    return redirect(url_for("registration_staff.roster", event_id=participant.event_id))


@bp.route("/participants/<int:participant_id>/reissue", methods=["POST"])
@staff_required(Role.ORGANISER)
def reissue(participant_id: int):
    """Give a confirmed participant a new ticket code; the old one stops working."""
    participant = _managed_participant(participant_id)
    if participant.status != ParticipantStatus.CONFIRMED:
        abort(409)
    reissue_ticket(participant, now=utcnow())
    commit()
    flash(_("A new ticket code is issued; the old one no longer works."), "success")
    return redirect(url_for("registration_staff.roster", event_id=participant.event_id))


@bp.route("/events/<int:event_id>/gate")
@staff_required(Role.SCANNER, Role.ORGANISER)
def gate(event_id: int):
    """Live counts at the gate, who is on site, who has not arrived, attendance per day."""
    event = db.session.get(Event, event_id)
    if event is None or not can_check_in(current_user, event):
        abort(404)
    return render_template(
        "staff/gate.html", event=event, counts=attendance(event.id), lists=gate_lists(event)
    )


@bp.route("/events/<int:event_id>/checkin-sheet")
@staff_required(Role.SCANNER, Role.ORGANISER)
def checkin_sheet(event_id: int):
    """A paper check-in list for when every phone is dead: names, ages, a box per day."""
    event = db.session.get(Event, event_id)
    if event is None or not can_check_in(current_user, event):
        abort(404)
    zone = event.venue.zone
    first, last = event.starts_at.astimezone(zone).date(), event.ends_at.astimezone(zone).date()
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return render_template(
        "staff/checkin_sheet.html", event=event, people=gate_lists(event)["everyone"], days=days
    )
