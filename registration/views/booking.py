"""The booking link and the family's booking page: tickets, calendars, cancelling, accepting
an offer, the family's data. Registering (registration.views.public) adds to this blueprint."""

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from camps.ical import events_to_ical
from camps.views.public import ics_response
from core import audit
from core.db import commit, utcnow
from core.errors import DomainError, ValidationError
from extensions import db, limiter
from registration import emails, rights
from registration.forms import ResendForm
from registration.models import Booking, ParticipantStatus, waitlist_position
from registration.retention import erase_person
from registration.services import booking_for_token, bookings_for_email
from registration.tickets import qr_png, qr_svg, ticket_exists, valid_tickets
from registration.waitlist import accept_offer, cancel_participants
from web.forms import int_arg, run_form_service
from web.links import absolute_url
from web.locale import current_locale

#: Registering and the booking pages: one blueprint, its endpoints named registration.*.
bp = Blueprint("registration", __name__)

#: The session maps the bookings this browser opened to their link's secret.
SESSION_KEY = "bookings"


def _private(response):
    """Booking pages: never cached, never leaked through a Referer."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def grant_booking(booking: Booking, token: str) -> None:
    """Let this browser open the booking from now on, without its link."""
    bookings = dict(session.get(SESSION_KEY, {}))
    bookings[str(booking.id)] = token
    session[SESSION_KEY] = bookings


def _own_booking(booking_id: int) -> tuple[Booking, str | None]:
    """A booking this browser opened, or one the staff member manages; else not found."""
    token = session.get(SESSION_KEY, {}).get(str(booking_id))
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        abort(404)
    if token is not None:
        return booking, token
    if current_user.is_authenticated and current_user.can_manage_partner(booking.event.partner_id):
        return booking, None
    abort(404)


@bp.route("/b/<token>")
def open_booking(token: str):
    """Swap the link's secret for this browser's session, then drop it from the address."""
    booking = booking_for_token(token)
    if booking is None:
        abort(404)
    grant_booking(booking, token)
    return _private(redirect(url_for("registration.booking", booking_id=booking.id)))


@bp.route("/booking/<int:booking_id>/link.png")
def booking_link_qr(booking_id: int):
    """The booking link as a QR code, to show on a phone: only for the browser that holds the
    link already (the code is the secret itself), and never kept in a cache."""
    _booking, token = _own_booking(booking_id)
    if token is None:
        abort(404)
    response = _private(qr_png(absolute_url("registration.open_booking", token=token), box_size=6))
    response.mimetype = "image/png"
    return response


@bp.route("/booking/<int:booking_id>/new-link", methods=["POST"])
def new_booking_link(booking_id: int):
    """Staff give a family that has no e-mail its link again: a new one (older ones still work),
    shown on the page to print or show."""
    booking, _token = _own_booking(booking_id)
    if not _manages(booking):
        abort(404)
    now = utcnow()
    token = emails.new_link(booking, now=now)
    audit.record(
        "booking_link_issued", staff_id=current_user.id, subject=f"booking:{booking.id}", now=now
    )
    commit()
    # Shown once, in this answer: the staff browser keeps no family link in its session (a
    # shared office laptop must not open the family's pages after the staff login ends).
    return _booking_page("registration/print.html", booking.id, token=token)


def _booking_page(template: str, booking_id: int, *, token: str | None = None):
    booking, held = _own_booking(booking_id)
    token = token or held
    return _private(
        render_template(
            template,
            booking=booking,
            event=booking.event,
            tickets=valid_tickets(booking),
            position=waitlist_position(booking),
            link=absolute_url("registration.open_booking", token=token) if token else None,
            feed=absolute_url("registration.booking_calendar", token=token) if token else None,
            manages=_manages(booking),
        )
    )


def _manages(booking: Booking) -> bool:
    """Whether the staff member looking may give the family a new link."""
    return current_user.is_authenticated and current_user.can_manage_partner(
        booking.event.partner_id
    )


@bp.route("/booking/<int:booking_id>")
def booking(booking_id: int):
    """The family's booking: who has a place, who waits, offers to accept."""
    return _booking_page("registration/booking.html", booking_id)


@bp.route("/booking/<int:booking_id>/print")
def print_booking(booking_id: int):
    """A page to print or show and hand over: the booking's details and its link."""
    return _booking_page("registration/print.html", booking_id)


@bp.route("/booking/<int:booking_id>/tickets")
def ticket_sheet(booking_id: int):
    """The booking's tickets on A4, in the family's language, to print and bring along."""
    booking, _token = _own_booking(booking_id)
    with force_locale(booking.locale):
        return _private(
            render_template(
                "registration/tickets.html",
                booking=booking,
                event=booking.event,
                tickets=valid_tickets(booking),
                locale=booking.locale,
            )
        )


@bp.route("/booking/<int:booking_id>/cancel", methods=["GET", "POST"])
def cancel_booking(booking_id: int):
    """Ask which places to cancel, then cancel them (POST only)."""
    booking, _token = _own_booking(booking_id)
    active = [p for p in booking.participants if p.status != ParticipantStatus.CANCELLED]
    if request.method == "POST":
        chosen = [i for i in map(int_arg, request.form.getlist("participant")) if i]
        if not chosen:
            flash(_("Choose whose place to cancel."), "error")
        else:
            cancelled = run_form_service(
                None,
                lambda: cancel_participants(booking.id, chosen, now=utcnow()),
                success=_("The places are cancelled."),
                redirect_to=url_for("registration.booking", booking_id=booking.id),
            )
            if cancelled:
                return cancelled
    return _private(
        render_template(
            "registration/cancel.html", booking=booking, event=booking.event, active=active
        )
    )


@bp.route("/booking/<int:booking_id>/erase", methods=["GET", "POST"])
def erase_booking(booking_id: int):
    """Erase the family's data: chosen people, after a confirmation page."""
    booking, _token = _own_booking(booking_id)
    people = [p for p in booking.participants if p.anonymised_at is None]
    if request.method == "POST":
        chosen = {i for i in map(int_arg, request.form.getlist("participant")) if i}
        # Staff who manage the booking may act here for the family: the log names them.
        staff_id = current_user.id if _manages(booking) else None
        for person in people:
            if person.id in chosen:
                erase_person(person.id, now=utcnow(), by_staff_id=staff_id, reason="family_request")
        commit()
        flash(_("The chosen people's data are erased."), "success")
        return redirect(url_for("registration.booking", booking_id=booking.id))
    return _private(render_template("registration/erase.html", booking=booking, people=people))


@bp.route("/booking/<int:booking_id>/data", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def download_data(booking_id: int):
    """The family's data as JSON, once a fresh one-time code sent by e-mail is entered."""
    booking, _token = _own_booking(booking_id)
    error = None
    if request.method == "POST":
        now = utcnow()
        try:
            if request.form.get("action") == "send":
                rights.send_code(booking, now=now)
                commit()
                flash(
                    _("We have sent a code to %(email)s.", email=booking.contact_email), "success"
                )
                return redirect(url_for("registration.download_data", booking_id=booking.id))
            rights.use_code(booking, request.form.get("code", ""), now=now)
        except ValidationError as refused:
            commit()  # a wrong try counts
            error = refused.fields["code"]
        except DomainError as refused:
            error = refused.message
        else:
            data = rights.family_data(booking, now=now)
            commit()
            return rights.download_response(booking, data)
    return _private(
        render_template("registration/data.html", booking=booking, error=error),
    )


@bp.route("/booking/<int:booking_id>/accept", methods=["POST"])
def accept_booking(booking_id: int):
    """Accept the places offered to the family."""
    booking, _token = _own_booking(booking_id)
    try:
        accept_offer(booking.id, now=utcnow())
    except DomainError as error:
        commit()  # a lapsed offer was passed on: keep that
        flash(error.message, "error")
    else:
        commit()
        flash(_("Your place is confirmed."), "success")
    return redirect(url_for("registration.booking", booking_id=booking.id))


@bp.route("/booking/<int:booking_id>/calendar.ics")
def booking_calendar_download(booking_id: int):
    """The booking's event as a calendar file."""
    booking, _token = _own_booking(booking_id)
    return _private(_ics(booking))


@bp.route("/b/<token>/calendar.ics")
def booking_calendar(token: str):
    """The booking's own feed, to subscribe to: the event only, no personal data."""
    booking = booking_for_token(token)
    if booking is None:
        abort(404)
    return _private(_ics(booking))


def _ics(booking: Booking):
    event = booking.event
    locale = current_locale()
    body = events_to_ical(
        [event],
        name=event.text("title", locale),
        locale=locale,
        urls={event.id: absolute_url("camps.event_detail", event_id=event.id)},
    )
    return ics_response(body, f"tiltas-{booking.reference}.ics")


def _ticket_image(code: str, render, mimetype: str):
    if not code.isalnum() or len(code) > 64 or not ticket_exists(code):
        abort(404)
    response = make_response(render(code))
    response.mimetype = mimetype
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/t/<code>.png")
def ticket_png(code: str):
    """A ticket's QR code as PNG (the code is the ticket: no other data in it)."""
    return _ticket_image(code, qr_png, "image/png")


@bp.route("/t/<code>.svg")
def ticket_svg(code: str):
    """A ticket's QR code as SVG."""
    return _ticket_image(code, qr_svg, "image/svg+xml")


@bp.route("/booking/resend", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def resend_link():
    """E-mail the booking links for an address; the answer never tells if it is known."""
    form = ResendForm()
    if form.validate_on_submit():
        now = utcnow()
        for booking in bookings_for_email(form.email.data or "", now=now):
            emails.queue_booking_mail(booking, "link", now=now)
        commit()
        flash(_("If we have bookings for this address, we have sent their links to it."), "success")
        return redirect(url_for("registration.resend_link"))
    return render_template("registration/resend.html", form=form)
