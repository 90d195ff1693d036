"""Registrations and bookings through the JSON API."""

from flask import Blueprint, request
from flask_babel import gettext as _

from camps.api.events import event_json
from camps.models import Event
from core.db import utcnow
from extensions import client_address, csrf, db
from registration.api import schemas
from registration.eligibility import ParticipantData, RegistrationData
from registration.models import (
    Booking,
    ConsentKind,
    ParticipantStatus,
    SiblingMode,
    Ticket,
    waitlist_position,
)
from registration.privacy import current_notice
from registration.services import booking_for_token, register
from registration.tickets import valid_tickets
from registration.views.public import registration_limit
from registration.waitlist import accept_offer, cancel_participants
from staff.decorators import api_user
from staff.models import Role
from web.idempotency import about_booking
from web.jsonapi import AnswerAfterCommit, ApiError, endpoint, json_body, write
from web.links import absolute_url
from web.locale import current_locale
from web.schemas import parse

bp = Blueprint("registration_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def _ticket(ticket: Ticket | None) -> schemas.Ticket | None:
    if ticket is None:
        return None
    return schemas.Ticket(
        code=ticket.code,
        qr_png_url=absolute_url("registration.ticket_png", code=ticket.code),
        qr_svg_url=absolute_url("registration.ticket_svg", code=ticket.code),
    )


def booking_json(booking: Booking, token: str, *, with_event=False) -> dict:
    tickets = valid_tickets(booking)
    position = waitlist_position(booking)
    zone = booking.event.venue.zone
    answer = schemas.Booking(
        reference=booking.reference,
        booking_url=absolute_url("registration.open_booking", token=token),
        booking_token=token,
        status=booking.status,
        participants=[
            schemas.BookedPerson(
                id=p.id,
                first_name=p.first_name,
                last_name=p.last_name,
                status=p.status.value,
                waitlist_position=position if p.status == ParticipantStatus.WAITLISTED else None,
                offer_expires_at=p.offer_expires_at.astimezone(zone).isoformat()
                if p.offer_expires_at
                else None,
                attention=p.attention,
                ticket=_ticket(tickets.get(p.id)),
            )
            for p in booking.participants
        ],
        event=event_json(booking.event, current_locale()) if with_event else None,
    )
    return answer.model_dump(exclude=None if with_event else {"event"})


def _person(person: schemas.Person) -> ParticipantData:
    return ParticipantData(
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        gender=person.gender,
        dietary=person.dietary or "",
        health_notes=person.health_notes or "",
        email=person.email,
        phone=person.phone,
        needs_accessible_room=person.needs_accessible_room,
    )


def _registration(body: dict) -> RegistrationData:
    data = parse(schemas.RegistrationInput, body)
    guardian = data.guardian or schemas.Guardian()
    emergency = data.emergency or schemas.Emergency()
    consents = data.consents
    given = consents.model_fields_set if consents else set()
    return RegistrationData(
        participants=[_person(person) for person in data.participants],
        contact_name=guardian.name or "",
        contact_email=guardian.email,
        contact_phone=guardian.phone,
        locale=guardian.locale or current_locale(),
        country=guardian.country,
        emergency_name=emergency.name or "",
        emergency_phone=emergency.phone or "",
        pickup_adults=data.pickup_adults or "",
        consents={kind: getattr(consents, kind) is True for kind in ConsentKind if kind in given},
        sibling_mode=SiblingMode(data.siblings or SiblingMode.TOGETHER),
        privacy_version=data.privacy_version,
    )


@bp.post("/events/<int:event_id>/registrations")
@registration_limit
@write
@endpoint(
    summary="Register a family (a staff token: on someone's behalf, no e-mail needed)",
    description="422 consent_required when a consent is missing; 429 past the public"
    " registrations allowed per client address (REGISTRATION_RATE_LIMIT), never for a staff"
    " token.",
    body=schemas.RegistrationInput,
    answers={201: schemas.Booking},
    errors=(400, 401, 403, 404, 409, 422),
)
def post_registration(event_id: int):
    """Register a family; a staff token makes it an on-behalf registration."""
    staff = api_user()
    if staff is not None and not staff.has_role(Role.ORGANISER):
        raise ApiError(403, "forbidden", _("Your role may not do this."))
    if staff is not None:
        event = db.session.get(Event, event_id)
        if event is None or not staff.can_manage_partner(event.partner_id):
            raise ApiError(404, "not_found", _("Not found."))
    data = _registration(json_body())
    now = utcnow()
    booking, token = register(
        event_id, data, now=now, staff=staff, source=None if staff else client_address()
    )
    about_booking(booking.id)
    return AnswerAfterCommit(lambda: (booking_json(booking, token), 201))


@bp.get("/privacy")
@endpoint(
    summary="The current privacy notice, whose version registrations consent to",
    answers={200: schemas.PrivacyNotice},
    bearer=False,
)
def get_privacy():
    """The current privacy notice in the request's language."""
    notice = current_notice()
    locale = current_locale() if current_locale() in notice.texts else "en"
    return schemas.PrivacyNotice(
        version=notice.version,
        published_at=notice.published_at.isoformat() if notice.published_at else None,
        language=locale,
        text=notice.text(locale),
    ).model_dump()


def _booking(token: str) -> Booking:
    booking = booking_for_token(token)
    if booking is None:
        raise ApiError(404, "not_found", _("Not found."))
    return booking


@bp.get("/bookings/<token>")
@endpoint(answers={200: schemas.Booking}, errors=(404,), bearer=False)
def get_booking(token: str):
    """A booking, with its event."""
    response = booking_json(_booking(token), token, with_event=True)
    return response, 200, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@bp.post("/bookings/<token>/cancel")
@write
@endpoint(
    summary="Cancel some (participant_ids) or all places; the queue moves at once",
    body=schemas.CancelInput,
    body_required=False,
    answers={200: schemas.Booking},
    errors=(400, 404, 409, 422),
    bearer=False,
)
def post_cancel(token: str):
    """Cancel some or all of a booking's places."""
    booking = _booking(token)
    body = json_body() if request.get_data(cache=True) else {}
    ids = parse(schemas.CancelInput, body).participant_ids
    about_booking(booking.id)
    cancel_participants(booking.id, ids, now=utcnow())
    db.session.flush()
    return booking_json(booking, token, with_event=True)


@bp.post("/bookings/<token>/accept")
@write
@endpoint(
    summary="Accept the places offered to the booking, before the deadline",
    answers={200: schemas.Booking},
    errors=(404, 409),
    bearer=False,
)
def post_accept(token: str):
    """Accept the places offered to a booking, before the deadline."""
    booking = _booking(token)
    about_booking(booking.id)
    accept_offer(booking.id, now=utcnow())
    db.session.flush()
    return booking_json(booking, token, with_event=True)
