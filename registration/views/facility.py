"""Staff pages for the facility: the occupancy board, today's arrivals and departures."""

import functools
from datetime import timedelta

import sqlalchemy as sa
from babel.dates import format_date, format_skeleton
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
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from camps.facility import (
    add_closure,
    add_room,
    closures_of,
    facility_beds,
    is_facility,
    remove_closure,
)
from camps.forms import ClosureForm, RoomForm
from camps.models import Bed, Event, Room, Venue
from core.db import commit, utcnow
from extensions import db
from registration.allocation import allocate_beds
from registration.exports import to_csv
from registration.forms import GuestStayForm
from registration.models import Participant, Stay, StayPurpose, StayStatus
from registration.occupancy import bed_night_report, occupancy_board, report_table
from registration.stays import Guest, book_stay, change_stay, move_stay
from staff.decorators import staff_required
from staff.models import Role
from web.forms import choices, date_arg, int_arg, run_form_service

bp = Blueprint("facility", __name__, url_prefix="/staff/facility")

SPANS = {"week": 7, "month": 30, "quarter": 90}


def _facility(venue_id: int) -> Venue:
    venue = db.session.get(Venue, venue_id)
    if venue is None or not is_facility(venue.id):
        abort(404)
    return venue


@bp.route("")
@staff_required(Role.FACILITY)
def index():
    """The facilities; with one, straight to its board."""
    venues = db.session.scalars(
        sa.select(Venue).where(Venue.id.in_(sa.select(Room.venue_id))).order_by(Venue.name)
    ).all()
    if len(venues) == 1:
        return redirect(url_for("facility.board", venue_id=venues[0].id))
    return render_template("staff/facilities.html", venues=venues)


@bp.route("/<int:venue_id>/board")
@staff_required(Role.FACILITY)
def board(venue_id: int):
    """Beds down the side, nights across: who sleeps where, closures, free beds per night."""
    venue = _facility(venue_id)
    span = request.args.get("span", "month")
    now = utcnow()
    start = date_arg(request.args.get("start")) or now.astimezone(venue.zone).date()
    data = occupancy_board(venue.id, start, SPANS.get(span, 30), now=now)
    locale = get_locale()
    # Each night's heading: a short weekday over the day and month, as the language writes them.
    heads = [
        (
            night,
            format_date(night, "EEEEEE", locale=locale),
            format_skeleton("MMdd", night, locale=locale),
        )
        for night in data.nights
    ]
    # The legend: each camp whose beds are on the board, by its colour (one query, always).
    shown = {cell.stay.event_id for _bed, cells in data.rows for cell in cells if cell.stay}
    programmes = (
        db.session.scalars(
            sa.select(Event)
            .where(Event.id.in_(shown - {None}))
            .options(joinedload(Event.texts))
            .order_by(Event.starts_at, Event.id)
        )
        .unique()
        .all()
    )
    return render_template(
        "staff/board.html",
        venue=venue,
        heads=heads,
        programmes=programmes,
        guests=StayPurpose.TEMPORARY_STAY,
        camps=data.camps,
        rows=data.rows,
        free=data.free,
        nights=data.nights,
        start=start,
        span=span,
        previous=data.previous,
        following=data.following,
    )


@bp.route("/<int:venue_id>/today")
@staff_required(Role.FACILITY)
def today(venue_id: int):
    """Today's arrivals and departures, to check in and out."""
    venue = _facility(venue_id)
    day = utcnow().astimezone(venue.zone).date()
    beds = {bed.id: bed for bed in facility_beds(venue.id)}
    stays = db.session.scalars(
        sa.select(Stay)
        .where(
            Stay.bed_id.in_(beds),
            Stay.status.in_([StayStatus.PLANNED, StayStatus.CHECKED_IN]),
            sa.or_(Stay.arrives_on == day, Stay.departs_on == day),
        )
        .options(joinedload(Stay.participant).joinedload(Participant.event).joinedload(Event.venue))
        .order_by(Stay.arrives_on, Stay.id)
    ).all()
    return render_template(
        "staff/facility_today.html",
        venue=venue,
        day=day,
        beds=beds,
        arrivals=[s for s in stays if s.arrives_on == day],
        departures=[s for s in stays if s.departs_on == day],
    )


@bp.route("/<int:venue_id>/stays/new", methods=["GET", "POST"])
@staff_required(Role.FACILITY)
def new_stay(venue_id: int):
    """Book a bed for a guest on a temporary stay."""
    venue = _facility(venue_id)
    form = GuestStayForm()
    form.bed_id.choices = choices(
        (bed.id, f"{bed.label} ({bed.room.kind.title})") for bed in facility_beds(venue.id)
    )
    if form.validate_on_submit():
        saved = run_form_service(
            form,
            lambda: book_stay(
                bed_id=form.bed_id.data,
                arrives_on=form.arrives_on.data,
                departs_on=form.departs_on.data,
                purpose=StayPurpose.TEMPORARY_STAY,
                guest=Guest(
                    form.first_name.data or "", form.last_name.data or "", form.birth_date.data
                ),
                referred_by=form.referred_by.data or "",
                now=utcnow(),
            ),
            success=_("Saved."),
            redirect_to=lambda stay: url_for("facility.stay_page", stay_id=stay.id),
            refusal="bed_id",
        )
        if saved:
            return saved
    return render_template("staff/stay_form.html", venue=venue, form=form)


@bp.route("/stays/<int:stay_id>", methods=["GET", "POST"])
@staff_required(Role.FACILITY)
def stay_page(stay_id: int):
    """One stay: who, which bed, which nights; move it to another bed."""
    stay = db.get_or_404(Stay, stay_id)
    bed = db.session.get(Bed, stay.bed_id)
    beds = facility_beds(bed.room.venue_id)
    if request.method == "POST":
        target = request.form.get("bed_id", type=int)
        if target not in {b.id for b in beds}:
            abort(400)
        moved = run_form_service(
            None,
            lambda: move_stay(stay.id, target, now=utcnow()),
            success=_("Saved."),
            redirect_to=url_for("facility.stay_page", stay_id=stay.id),
        )
        if moved:
            return moved
    return render_template("staff/stay.html", stay=stay, bed=bed, beds=beds)


@bp.route("/stays/<int:stay_id>/<any(check_in, check_out, cancel):action>", methods=["POST"])
@staff_required(Role.FACILITY)
def stay_action(stay_id: int, action: str):
    """Check a stay in or out, or cancel it."""
    stay = db.get_or_404(Stay, stay_id)
    venue_id = db.session.get(Bed, stay.bed_id).room.venue_id
    back = url_for("facility.today", venue_id=venue_id)
    done = run_form_service(
        None,
        lambda: change_stay(stay.id, action, now=utcnow()),
        success=_("Saved."),
        redirect_to=back,
    )
    return done or redirect(back)


@bp.route("/events/<int:event_id>/allocate", methods=["GET", "POST"])
@staff_required(Role.FACILITY)
def allocate(event_id: int):
    """Place a camp's confirmed participants in beds; list who could not be placed and why."""
    event = db.get_or_404(Event, event_id)
    _facility(event.venue_id)
    result = None
    if request.method == "POST":
        result = allocate_beds(event, now=utcnow())
        commit()
        placed = len(result.placed)
        flash(
            ngettext("%(num)d person placed in a bed.", "%(num)d people placed in beds.", placed),
            "success",
        )
    return render_template("staff/allocate.html", event=event, result=result)


@bp.route("/<int:venue_id>/report")
@staff_required(Role.FACILITY)
def report(venue_id: int):
    """Bed-nights and occupancy by month, programme and purpose: table, chart and CSV."""
    venue = _facility(venue_id)
    today = utcnow().astimezone(venue.zone).date()
    start, last = date_arg(request.args.get("from")), date_arg(request.args.get("to"))
    if start and last:
        end = last + timedelta(days=1)
    else:
        start = today.replace(day=1)
        end = (start + timedelta(days=366)).replace(day=1)
    if not start < end <= start + timedelta(days=800):
        abort(400)
    data = bed_night_report(venue.id, start, end)
    if request.args.get("format") == "csv":
        response = make_response(to_csv(*report_table(data)))
        response.mimetype = "text/csv"
        response.headers["Content-Disposition"] = f'attachment; filename="bed-nights-{start}.csv"'
        return response
    return render_template(
        "staff/facility_report.html",
        venue=venue,
        report=data,
        start=start,
        last=end - timedelta(days=1),
    )


@bp.route("/<int:venue_id>/rooms", methods=["GET", "POST"])
@staff_required(Role.FACILITY)
def rooms(venue_id: int):
    """Rooms and beds; add a room; close a room or a bed for some nights, or open it again."""
    venue = db.get_or_404(Venue, venue_id)
    room_form, closure_form = RoomForm(prefix="room"), ClosureForm(prefix="closure")
    beds = facility_beds(venue.id)
    closure_form.fill_targets(beds)
    back = url_for("facility.rooms", venue_id=venue.id)
    save = functools.partial(run_form_service, success=_("Saved."), redirect_to=back)
    saved = None
    if "room-submit" in request.form and room_form.validate_on_submit():
        saved = save(room_form, lambda: add_room(venue, **room_form.to_data()))
    if not saved and "closure-submit" in request.form and closure_form.validate_on_submit():
        saved = save(closure_form, lambda: add_closure(**closure_form.to_data()))
    if not saved and "remove-closure" in request.form:
        closure_id = int_arg(request.form.get("remove-closure"), 0, low=0)
        saved = save(None, lambda: remove_closure(closure_id)) or redirect(back)
    return saved or render_template(
        "staff/rooms.html",
        venue=venue,
        beds=beds,
        closures=closures_of(beds),
        room_form=room_form,
        closure_form=closure_form,
    )
