"""Registering: the form's rules, eligibility, consents, and the new booking.

The waiting list's rules live in registration.waitlist. Services flush; the caller commits.
"""

import dataclasses
import hmac
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from camps.models import Event, EventStatus
from camps.services import country_codes
from core.errors import DomainError, NotFound, ValidationError
from core.languages import LANGUAGES
from core.text import clean_email, clean_text
from extensions import db
from registration import emails
from registration.models import (
    ACTIVE,
    Booking,
    BookingLink,
    Consent,
    ConsentKind,
    Gender,
    Participant,
    ParticipantStatus,
    SiblingMode,
    age_on,
    person_key,
)
from registration.privacy import current_notice
from registration.waitlist import locked_open_event, seat_family, set_status
from staff.models import StaffUser, hash_token

#: The most people one booking may hold: a large family, not a school class.
MAX_PARTICIPANTS = 10
ADULT_AGE = 18
LIMITS = {
    "name": 100,
    "contact_name": 200,
    "phone": 40,
    "email": 254,
    "dietary": 500,
    "health_notes": 2000,
}
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclasses.dataclass
class ParticipantData:
    first_name: str
    last_name: str
    birth_date: date | None
    gender: str | None = None
    dietary: str = ""
    health_notes: str = ""
    email: str | None = None
    phone: str | None = None
    needs_accessible_room: bool = False


@dataclasses.dataclass
class RegistrationData:
    participants: list[ParticipantData]
    #: The guardian, or for an adult registering alone, themselves.
    contact_name: str = ""
    contact_email: str | None = None
    contact_phone: str | None = None
    locale: str = "en"
    #: Country of residence (ISO code), for the programme's reports; optional.
    country: str | None = None
    emergency_name: str = ""
    emergency_phone: str = ""
    #: Other adults who may collect the children, by name.
    pickup_adults: str = ""
    consents: dict[str, bool] = dataclasses.field(default_factory=dict)
    sibling_mode: SiblingMode = SiblingMode.TOGETHER
    #: The privacy notice version the family was shown; None: the current one.
    privacy_version: int | None = None


# --- input ---------------------------------------------------------------------------------


def _clean(data: RegistrationData, *, today: date) -> dict:
    """Check every field and rule of the input; raise one ValidationError with all of them."""
    errors: dict[str, str] = {}
    if not data.participants:
        errors["participants"] = _("Add at least one participant.")
    elif len(data.participants) > MAX_PARTICIPANTS:
        errors["participants"] = _(
            "One booking can hold at most %(max)d people.", max=MAX_PARTICIPANTS
        )
    people = []
    for index, person in enumerate(data.participants[:MAX_PARTICIPANTS]):
        prefix = f"participants.{index}."
        first = clean_text(
            person.first_name, prefix + "first_name", LIMITS["name"], errors, required=True
        )
        last = clean_text(
            person.last_name, prefix + "last_name", LIMITS["name"], errors, required=True
        )
        birth = person.birth_date
        if birth is None:
            errors[prefix + "birth_date"] = _("This field is required.")
        elif birth > today or birth.year < 1900:
            errors[prefix + "birth_date"] = _("Give a real date of birth.")
        if person.gender not in (None, "", *Gender):
            errors[prefix + "gender"] = _("Not a valid choice.")
        dietary = clean_text(
            person.dietary, prefix + "dietary", LIMITS["dietary"], errors, lines=True
        )
        health = clean_text(
            person.health_notes, prefix + "health_notes", LIMITS["health_notes"], errors, lines=True
        )
        people.append(
            {
                "first_name": first,
                "last_name": last,
                "birth_date": birth,
                "gender": Gender(person.gender) if person.gender else None,
                "dietary": dietary,
                "health_notes": health,
                "email": clean_email(person.email, prefix + "email", errors),
                "phone": clean_text(person.phone, prefix + "phone", LIMITS["phone"], errors)
                or None,
                "needs_accessible_room": bool(person.needs_accessible_room),
            }
        )
    keys = [
        person_key(p["first_name"], p["last_name"], p["birth_date"])
        for p in people
        if p["birth_date"] and p["first_name"] and p["last_name"]
    ]
    if len(keys) != len(set(keys)):
        errors["participants"] = _("The same person is listed twice.")
    contact = {
        "contact_name": clean_text(
            data.contact_name, "guardian.name", LIMITS["contact_name"], errors
        ),
        "contact_email": clean_email(data.contact_email, "guardian.email", errors),
        "contact_phone": clean_text(data.contact_phone, "guardian.phone", LIMITS["phone"], errors)
        or None,
        "emergency_name": clean_text(
            data.emergency_name, "emergency.name", LIMITS["contact_name"], errors
        ),
        "emergency_phone": clean_text(
            data.emergency_phone, "emergency.phone", LIMITS["phone"], errors
        ),
        "pickup_adults": clean_text(data.pickup_adults, "pickup_adults", LIMITS["dietary"], errors),
    }
    if data.locale not in LANGUAGES:
        errors["guardian.locale"] = _("This language is not supported.")
    if data.country and data.country.upper() not in country_codes():
        errors["guardian.country"] = _("Choose a country.")
    if not data.consents.get(ConsentKind.DATA_PROCESSING):
        errors["consents.data_processing"] = _("We need your consent to process these data.")
    if errors:
        # API.md: a missing consent is consent_required, whatever else is wrong with the form.
        code = "consent_required" if "consents.data_processing" in errors else "validation"
        raise ValidationError(errors, code=code)
    return {"people": people, "contact": contact}


def _check_rules(clean: dict, data: RegistrationData, event: Event, *, on_behalf: bool) -> None:
    """Eligibility on the event's first day, guardians for minors, consents for health notes."""
    people, contact = clean["people"], clean["contact"]
    first_day = event.starts_on
    # Read under the lock: an organiser may have stopped collecting them a moment ago.
    if not event.asks_health_notes:
        refused = {
            f"participants.{index}.health_notes": _("This event does not collect health notes.")
            for index, person in enumerate(people)
            if person["health_notes"]
        }
        if refused:
            raise ValidationError(refused)
    for index, person in enumerate(people):
        age = age_on(person["birth_date"], first_day)
        person["age"] = age
        too_young = event.min_age is not None and age < event.min_age
        too_old = event.max_age is not None and age > event.max_age
        if too_young or too_old:
            raise ValidationError(
                {f"participants.{index}.birth_date": _not_eligible_message(event, age)},
                code="not_eligible",
            )
    minors = any(person["age"] < ADULT_AGE for person in people)
    if minors:
        if not contact["contact_name"]:
            raise ValidationError(
                {"guardian.name": _("A parent or guardian must register a participant under 18.")},
                code="guardian_required",
            )
        if not data.consents.get(ConsentKind.GUARDIAN):
            raise ValidationError(
                {
                    "consents.guardian": _(
                        "A parent or guardian must agree for a minor to take part."
                    )
                },
                code="consent_required",
            )
    elif not contact["contact_name"]:
        # An adult registering alone is their own contact.
        adult = people[0]
        contact["contact_name"] = f"{adult['first_name']} {adult['last_name']}"
        contact["contact_email"] = contact["contact_email"] or adult["email"]
        contact["contact_phone"] = contact["contact_phone"] or adult["phone"]
    if any(person["health_notes"] for person in people) and not data.consents.get(
        ConsentKind.HEALTH_DATA
    ):
        raise ValidationError(
            {"consents.health_data": _("Health notes need your explicit consent to store them.")},
            code="consent_required",
        )
    if not on_behalf and not (contact["contact_email"] or contact["contact_phone"]):
        raise ValidationError(
            {"guardian.email": _("Give an e-mail address or a phone number so we can reach you.")}
        )
    contact["is_guardian"] = minors


def _not_eligible_message(event: Event, age: int) -> str:
    if event.min_age is not None and event.max_age is not None:
        return _(
            "This event is for ages %(min)d–%(max)d; on its first day this person is %(age)d.",
            min=event.min_age,
            max=event.max_age,
            age=age,
        )
    if event.min_age is not None:
        return _(
            "This event is for ages %(min)d and over; on its first day this person is %(age)d.",
            min=event.min_age,
            age=age,
        )
    return _(
        "This event is for ages up to %(max)d; on its first day this person is %(age)d.",
        max=event.max_age,
        age=age,
    )


# --- registering ---------------------------------------------------------------------------


def _new_reference() -> str:
    # 32^8 ≈ 10^12 references: the unique constraint guards the (never seen) collision.
    return "TLT-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))


def source_hash(address: str | None) -> str | None:
    """What a registration keeps of the address it came from: a keyed hash, never the address."""
    if not address:
        return None
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"registration source " + address.encode(), "sha256").hexdigest()


def register(
    event_id: int,
    data: RegistrationData,
    *,
    now: datetime,
    staff: StaffUser | None = None,
    source: str | None = None,
) -> tuple[Booking, str]:
    """Register a family for an event: places if they are free, else the waiting list.

    `source` is the client address of a public registration (kept only as a keyed hash).
    Returns the booking and its link's secret, which is stored only as a hash.
    """
    event = db.session.get(Event, event_id)
    if event is None or event.status == EventStatus.DRAFT:
        raise NotFound("not_found", _("Not found."))
    clean = _clean(data, today=now.date())
    event = locked_open_event(event_id, now=now)
    if event.status == EventStatus.CANCELLED:
        raise DomainError("event_cancelled", _("This event is cancelled."))
    if not event.is_registration_open(now):
        raise DomainError("registration_closed", _("Registration for this event is closed."))
    _check_rules(clean, data, event, on_behalf=staff is not None)
    privacy_version = current_notice().version
    if data.privacy_version is not None and data.privacy_version != privacy_version:
        raise ValidationError(
            {
                "privacy_version": _(
                    "The privacy notice changed while you were filling in the form. Please read "
                    "the new version and send the form again."
                )
            },
            code="privacy_changed",
        )
    keys = [person_key(p["first_name"], p["last_name"], p["birth_date"]) for p in clean["people"]]
    taken = db.session.scalars(
        sa.select(Participant.person_key).where(
            Participant.event_id == event.id,
            Participant.person_key.in_(keys),
            Participant.status.in_(ACTIVE),
        )
    ).all()
    if taken:
        names = ", ".join(
            f"{person['first_name']} {person['last_name']}"
            for person, key in zip(clean["people"], keys, strict=True)
            if key in taken
        )
        raise DomainError(
            "already_registered",
            _("%(names)s already has a place or waits for one at this event.", names=names),
        )
    contact = clean["contact"]
    booking = Booking(
        event=event,
        reference=_new_reference(),
        contact_name=contact["contact_name"],
        contact_email=contact["contact_email"],
        contact_phone=contact["contact_phone"],
        is_guardian=contact["is_guardian"],
        locale=data.locale,
        country=data.country.upper() if data.country else None,
        pickup_adults=contact["pickup_adults"],
        emergency_name=contact["emergency_name"] or contact["contact_name"],
        emergency_phone=contact["emergency_phone"] or (contact["contact_phone"] or ""),
        sibling_mode=data.sibling_mode,
        created_by_id=staff.id if staff else None,
        source_hash=None if staff else source_hash(source),
        created_at=now,
    )
    db.session.add(booking)
    # Only a family with nobody ahead of it may take free places at once.
    free = event.capacity - event.seats_taken if event.waitlist_count == 0 else 0
    people = []
    for person, key in zip(clean["people"], keys, strict=True):
        person = {k: v for k, v in person.items() if k != "age"}
        people.append(
            Participant(
                booking=booking,
                event=event,
                person_key=key,
                status=ParticipantStatus.WAITLISTED,
                **person,
            )
        )
        event.waitlist_count += 1
    seated = seat_family(event, people, data.sibling_mode, free)
    db.session.add_all(people)
    for participant in seated:
        set_status(event, participant, ParticipantStatus.CONFIRMED, now)
    for kind in ConsentKind:
        if kind in data.consents:
            booking.consents.append(
                Consent(
                    kind=kind,
                    granted=bool(data.consents[kind]),
                    text_version=str(privacy_version),
                    given_by=(staff.email if staff else contact["contact_name"]),
                    given_at=now,
                )
            )
    event.touch(now)
    db.session.flush()
    token = emails.new_link(booking, now=now)
    emails.queue_booking_mail(booking, "registered", now=now, token=token)
    return booking, token


def booking_for_token(token: str) -> Booking | None:
    """The booking a link's secret opens, or None: any other secret finds nothing."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(
        sa.select(Booking)
        .join(BookingLink, BookingLink.booking_id == Booking.id)
        .where(BookingLink.token_hash == hash_token(token))
    )


def bookings_for_email(email: str, *, now: datetime) -> list[Booking]:
    """The bookings of upcoming events whose contact is this address."""
    errors: dict = {}
    address = clean_email(email, "email", errors)
    if address is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Booking)
            .join(Booking.event)
            .where(Booking.contact_email == address, Event.ends_at > now)
            .order_by(Event.starts_at)
        )
    )
