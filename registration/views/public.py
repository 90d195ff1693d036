"""Registering on the site: a family or a young adult, or someone by a street worker."""

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from camps.views.public import event_or_404
from core.db import utcnow
from extensions import client_address, limiter
from registration.eligibility import MAX_PARTICIPANTS
from registration.forms import RegistrationForm
from registration.models import ParticipantStatus
from registration.privacy import current_notice
from registration.services import register
from registration.views.booking import bp, grant_booking
from staff.decorators import staff_required
from staff.models import Role
from web.forms import ABOVE_FORM, run_form_service
from web.locale import current_locale


def _is_staff() -> bool:
    """Staff logged in, or calling with a token, register for others: never rate-limited."""
    if current_user.is_authenticated:
        return True
    return request.path.startswith("/api/") and bool(request.headers.get("Authorization"))


def _registered(response) -> bool:
    # Only registrations that were taken count: a form sent back with errors costs nothing.
    return response.status_code in (201, 302)


#: One limit for the page and the API, per client address, shared by every app server
#: through the rate-limit storage (REGISTRATION_RATE_LIMIT, README).
registration_limit = limiter.shared_limit(
    lambda: current_app.config["REGISTRATION_RATE_LIMIT"],
    scope="public-registrations",
    methods=["POST"],
    exempt_when=_is_staff,
    deduct_when=_registered,
)


def registration_page(event, form, *, on_behalf: bool):
    """Show the form, add a row, or register: shared by families and staff."""
    if request.method == "POST" and "add_participant" in request.form:
        if len(form.participants) < MAX_PARTICIPANTS:
            form.participants.append_entry()
        return _form_page(event, form, on_behalf)
    if not form.is_submitted():
        return _form_page(event, form, on_behalf)
    valid = form.validate()
    # Every mistake at once, the event's rules too: not one more round trip for each.
    if not form.check_all(event, today=utcnow().date(), on_behalf=on_behalf) or not valid:
        return _form_page(event, form, on_behalf)
    if form.leave_empty.data:
        # The field nobody sees was filled in: a program, or a browser filling in too much.
        form.form_errors.append(
            _("This form looks as if a program filled it in. Please send it again yourself.")
        )
        form.leave_empty.data = ""
        return _form_page(event, form, on_behalf)
    target = "registration.print_booking" if on_behalf else "registration.booking"
    saved = run_form_service(
        form,
        lambda: register(
            event.id,
            form.to_data(),
            now=utcnow(),
            staff=current_user if on_behalf else None,
            source=None if on_behalf else client_address(),
        ),
        success=_saved_message,
        tone=lambda registered: "notice" if _waits(registered[0]) else "success",
        redirect_to=lambda registered: url_for(target, booking_id=registered[0].id),
        refusal=ABOVE_FORM,
        on_saved=lambda registered: grant_booking(*registered),
    )
    return saved or _form_page(event, form, on_behalf)


def _waits(booking) -> bool:
    return any(p.status == ParticipantStatus.WAITLISTED for p in booking.participants)


def _saved_message(registered) -> str:
    """Saved, and what it means: a place, or none yet (the booking's headline says which)."""
    booking, _token = registered
    if _waits(booking):
        return _("Your registration is saved, but there is no free place yet.")
    return _("Thank you: your registration is saved.")


def _form_page(event, form, on_behalf: bool):
    notice = current_notice()
    # Always the current version, also when the family sent an older one back.
    form.privacy_version.data, form.privacy_version.raw_data = notice.version, None
    return render_template(
        "registration/register.html",
        event=event,
        form=form,
        privacy_notice=notice,
        on_behalf=on_behalf,
        max_participants=MAX_PARTICIPANTS,
    )


@bp.route("/events/<int:event_id>/register", methods=["GET", "POST"])
@registration_limit
def register_view(event_id: int):
    """Register a family, or a young adult, for an event."""
    event = event_or_404(event_id)
    form = RegistrationForm(locale=current_locale())
    return registration_page(event, form, on_behalf=False)


@bp.route("/staff/events/<int:event_id>/register", methods=["GET", "POST"])
@staff_required(Role.ORGANISER)
def register_on_behalf(event_id: int):
    """Register someone on their behalf (street and social workers); no e-mail needed."""
    event = event_or_404(event_id)
    if not current_user.can_manage_partner(event.partner_id):
        abort(404)  # another partner's event: not theirs to register people for
    form = RegistrationForm(locale=current_locale())
    return registration_page(event, form, on_behalf=True)
