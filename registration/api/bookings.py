"""Registrations and bookings through the JSON API."""

from flask import Blueprint, request
from flask_babel import gettext as _

from camps.api.events import event_json
from camps.models import Event
from core.bounds import MAX_INTEGER
from core.db import utcnow
from core.errors import ValidationError
from core.languages import LANGUAGES
from extensions import client_address, csrf, db
from registration.models import (
    Booking,
    ConsentKind,
    Gender,
    ParticipantStatus,
    SiblingMode,
    Ticket,
    waitlist_position,
)
from registration.privacy import current_notice
from registration.services import (
    MAX_PARTICIPANTS,
    ParticipantData,
    RegistrationData,
    booking_for_token,
    register,
)
from registration.tickets import valid_tickets
from registration.views.public import registration_limit
from registration.waitlist import accept_offer, cancel_participants
from staff.decorators import api_user
from staff.models import Role
from web.idempotency import about_booking
from web.jsonapi import ApiError, Fields, json_body, write
from web.links import absolute_url
from web.locale import current_locale

bp = Blueprint("registration_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def _ticket_json(ticket: Ticket | None) -> dict | None:
    if ticket is None:
        return None
    return {
        "code": ticket.code,
        "qr_png_url": absolute_url("registration.ticket_png", code=ticket.code),
        "qr_svg_url": absolute_url("registration.ticket_svg", code=ticket.code),
    }


def booking_json(booking: Booking, token: str, *, with_event=False) -> dict:
    tickets = valid_tickets(booking)
    position = waitlist_position(booking)
    data = {
        "reference": booking.reference,
        "booking_url": absolute_url("registration.open_booking", token=token),
        "booking_token": token,
        "status": booking.status,
        "participants": [
            {
                "id": p.id,
                "first_name": p.first_name,
                "last_name": p.last_name,
                "status": p.status.value,
                "waitlist_position": position if p.status == ParticipantStatus.WAITLISTED else None,
                "offer_expires_at": p.offer_expires_at.astimezone(
                    booking.event.venue.zone
                ).isoformat()
                if p.offer_expires_at
                else None,
                "attention": p.attention,
                "ticket": _ticket_json(tickets.get(p.id)),
            }
            for p in booking.participants
        ],
    }
    if with_event:
        data["event"] = event_json(booking.event, current_locale())
    return data


def person_accessible(fields: Fields) -> bool:
    value = fields.body.get("needs_accessible_room", False)
    if not isinstance(value, bool):
        fields.errors[fields.prefix + "needs_accessible_room"] = _("This must be true or false.")
        return False
    return value


def _read_person(fields: Fields) -> ParticipantData:
    return ParticipantData(
        first_name=fields.string("first_name", required=True, max_length=100) or "",
        last_name=fields.string("last_name", required=True, max_length=100) or "",
        birth_date=fields.date("birth_date", required=True),
        gender=fields.choice("gender", [g.value for g in Gender]),
        dietary=fields.string("dietary", max_length=500) or "",
        health_notes=fields.string("health_notes", max_length=2000) or "",
        email=fields.string("email", max_length=254),
        phone=fields.string("phone", max_length=40),
        needs_accessible_room=person_accessible(fields),
    )


def _read_registration(body: dict) -> RegistrationData:
    fields = Fields(body)
    guardian = fields.object("guardian") or {}
    guardian_fields = Fields(guardian, prefix="guardian.")
    people = body.get("participants")
    if not isinstance(people, list) or not people:
        fields.errors["participants"] = _("Add at least one participant.")
        people = []
    elif len(people) > MAX_PARTICIPANTS:
        fields.errors["participants"] = _(
            "One booking can hold at most %(max)d people.", max=MAX_PARTICIPANTS
        )
        people = []
    participants = []
    for index, person in enumerate(people):
        if not isinstance(person, dict):
            fields.errors[f"participants.{index}"] = _("This must be an object.")
            continue
        person_fields = Fields(person, prefix=f"participants.{index}.")
        participants.append(_read_person(person_fields))
        fields.errors.update(person_fields.errors)
    consents = fields.object("consents") or {}
    emergency = Fields(fields.object("emergency") or {}, prefix="emergency.")
    data = RegistrationData(
        participants=participants,
        contact_name=guardian_fields.string("name", max_length=200) or "",
        contact_email=guardian_fields.string("email", max_length=254),
        contact_phone=guardian_fields.string("phone", max_length=40),
        locale=guardian_fields.choice("locale", list(LANGUAGES)) or current_locale(),
        country=guardian_fields.string("country", max_length=2),
        emergency_name=emergency.string("name", max_length=200) or "",
        emergency_phone=emergency.string("phone", max_length=40) or "",
        pickup_adults=fields.string("pickup_adults", max_length=500) or "",
        consents={kind: consents.get(kind) is True for kind in ConsentKind if kind in consents},
        sibling_mode=SiblingMode(
            fields.choice("siblings", [m.value for m in SiblingMode]) or SiblingMode.TOGETHER
        ),
        privacy_version=fields.integer("privacy_version"),
    )
    fields.errors.update(guardian_fields.errors)
    fields.errors.update(emergency.errors)
    fields.check()
    return data


@bp.post("/events/<int:event_id>/registrations")
@registration_limit
@write
def post_registration(event_id: int):
    """Register a family; a staff token makes it an on-behalf registration."""
    staff = api_user()
    if staff is not None and not staff.has_role(Role.ORGANISER):
        raise ApiError(403, "forbidden", _("Your role may not do this."))
    if staff is not None:
        event = db.session.get(Event, event_id)
        if event is None or not staff.can_manage_partner(event.partner_id):
            raise ApiError(404, "not_found", _("Not found."))
    data = _read_registration(json_body())
    now = utcnow()
    booking, token = register(
        event_id, data, now=now, staff=staff, source=None if staff else client_address()
    )
    about_booking(booking.id)
    return booking_json(booking, token), 201


@bp.get("/privacy")
def get_privacy():
    """The current privacy notice in the request's language."""
    notice = current_notice()
    locale = current_locale() if current_locale() in notice.texts else "en"
    return {
        "version": notice.version,
        "published_at": notice.published_at.isoformat() if notice.published_at else None,
        "language": locale,
        "text": notice.text(locale),
    }


def _booking(token: str) -> Booking:
    booking = booking_for_token(token)
    if booking is None:
        raise ApiError(404, "not_found", _("Not found."))
    return booking


@bp.get("/bookings/<token>")
def get_booking(token: str):
    """A booking, with its event."""
    response = booking_json(_booking(token), token, with_event=True)
    return response, 200, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@bp.post("/bookings/<token>/cancel")
@write
def post_cancel(token: str):
    """Cancel some or all of a booking's places."""
    booking = _booking(token)
    body = json_body() if request.get_data(cache=True) else {}
    ids = body.get("participant_ids")
    if ids is not None and (
        not isinstance(ids, list)
        or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 < i <= MAX_INTEGER for i in ids
        )
    ):
        raise ValidationError({"participant_ids": _("Give a list of participant ids.")})
    about_booking(booking.id)
    cancel_participants(booking.id, ids, now=utcnow())
    db.session.flush()
    return booking_json(booking, token, with_event=True)


@bp.post("/bookings/<token>/accept")
@write
def post_accept(token: str):
    """Accept the places offered to a booking, before the deadline."""
    booking = _booking(token)
    about_booking(booking.id)
    accept_offer(booking.id, now=utcnow())
    db.session.flush()
    return booking_json(booking, token, with_event=True)
