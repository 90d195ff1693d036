"""Staff pages for events, partners and venues."""

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from camps.forms import EventForm, PartnerForm, VenueForm
from camps.models import Event, EventStatus, Partner, Venue
from camps.services import change_status, save_event, save_partner, save_venue
from core.db import utcnow
from extensions import db
from staff.decorators import staff_required
from staff.models import Role
from web.forms import ABOVE_FORM, run_form_service

bp = Blueprint("camps_staff", __name__, url_prefix="/staff")


def _own_partners() -> list[Partner]:
    query = sa.select(Partner).order_by(Partner.name)
    if current_user.role != Role.ADMIN:
        query = query.filter_by(id=current_user.partner_id)
    return list(db.session.scalars(query))


def _managed_event(event_id: int) -> Event:
    event = db.session.scalar(
        sa.select(Event)
        .filter_by(id=event_id)
        .options(joinedload(Event.venue), joinedload(Event.partner), selectinload(Event.texts))
    )
    # Another partner's event answers like a missing one.
    if event is None or not current_user.can_manage_partner(event.partner_id):
        abort(404)
    return event


@bp.route("/")
@staff_required(Role.ORGANISER)
def events():
    """The events this staff member manages, soonest first."""
    query = (
        sa.select(Event)
        .options(joinedload(Event.venue), joinedload(Event.partner), selectinload(Event.texts))
        .order_by(Event.starts_at.desc())
    )
    if current_user.role != Role.ADMIN:
        query = query.filter_by(partner_id=current_user.partner_id)
    return render_template("staff/events.html", events=db.session.scalars(query).all())


@bp.route("/events/new", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@staff_required(Role.ORGANISER)
def event_edit(event_id: int | None = None):
    """Create an event or change one, with its texts in every language."""
    event = _managed_event(event_id) if event_id else None
    form = EventForm(obj=event)
    form.fill_choices(_own_partners())
    if event is not None and request.method == "GET":
        form.fill_from(event)
    if form.validate_on_submit():
        data = form.to_data()
        if not current_user.can_manage_partner(data.partner.id):
            abort(403)
        saved = run_form_service(
            form,
            lambda: save_event(
                event and event.id, data, now=utcnow(), expected_sequence=form.sequence.data
            ),
            success=_("The event is saved."),
            redirect_to=url_for("camps_staff.events"),
            refusal=ABOVE_FORM,
            on_refused=lambda error: form.keep_typed(error, event),
        )
        if saved:
            return saved
    return render_template("staff/event_form.html", form=form, event=event)


@bp.route("/events/<int:event_id>/cancel")
@staff_required(Role.ORGANISER)
def event_cancel(event_id: int):
    """Ask before cancelling an event."""
    return render_template("staff/event_cancel.html", event=_managed_event(event_id))


@bp.route("/events/<int:event_id>/status", methods=["POST"])
@staff_required(Role.ORGANISER)
def event_status(event_id: int):
    """Publish, unpublish or cancel an event."""
    event = _managed_event(event_id)
    status = request.form.get("status")
    if status not in set(EventStatus):
        abort(400)
    back = url_for("camps_staff.events")
    done = run_form_service(
        None,
        lambda: change_status(event.id, EventStatus(status), now=utcnow()),
        success=lambda changed: _("The event is now: %(status)s.", status=changed.status.title),
        redirect_to=back,
    )
    return done or redirect(back)


@bp.route("/partners")
@staff_required(Role.ADMIN)
def partners():
    """Partner organisations."""
    rows = db.session.scalars(sa.select(Partner).order_by(Partner.name))
    return render_template("staff/partners.html", partners=rows)


@bp.route("/partners/new", methods=["GET", "POST"])
@bp.route("/partners/<int:partner_id>", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def partner_edit(partner_id: int | None = None):
    """Create or rename a partner organisation."""
    partner = db.get_or_404(Partner, partner_id) if partner_id else None
    form = PartnerForm(obj=partner)
    if form.validate_on_submit():
        saved = run_form_service(
            form,
            lambda: save_partner(partner, name=form.name.data, country=form.country.data),
            success=_("The partner is saved."),
            redirect_to=url_for("camps_staff.partners"),
        )
        if saved:
            return saved
    return render_template("staff/partner_form.html", form=form, partner=partner)


@bp.route("/venues")
@staff_required(Role.ADMIN)
def venues():
    """Venues and their time zones."""
    rows = db.session.scalars(sa.select(Venue).order_by(Venue.country, Venue.name))
    return render_template("staff/venues.html", venues=rows)


@bp.route("/venues/new", methods=["GET", "POST"])
@bp.route("/venues/<int:venue_id>", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def venue_edit(venue_id: int | None = None):
    """Create or change a venue."""
    venue = db.get_or_404(Venue, venue_id) if venue_id else None
    form = VenueForm(obj=venue)
    if form.validate_on_submit():
        saved = run_form_service(
            form,
            lambda: save_venue(
                venue,
                name=form.name.data,
                address=form.address.data or "",
                country=form.country.data,
                timezone=form.timezone.data.strip(),
            ),
            success=_("The venue is saved."),
            redirect_to=url_for("camps_staff.venues"),
        )
        if saved:
            return saved
    return render_template("staff/venue_form.html", form=form, venue=venue)
