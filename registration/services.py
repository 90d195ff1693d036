"""Registering, cancelling and the waiting list. Services flush; the caller commits.

The waiting list, in short (README: "Places and the waiting list"):

- Families queue in the order their registration was taken (`Booking.id`, given out under the
  event's lock, so it is the order the lock let them in). People waiting
  count against free places, so while anyone waits a newcomer waits too, behind them.
- A family registering "together" gets places for all of its members or for none; "any" takes
  the places there are and leaves the rest of the family waiting at the same place in the queue.
- Freed places (a cancellation, a capacity increase, an expired offer) go to the head of the
  queue in the same transaction. A "together" family at the head that does not fit blocks the
  queue: nobody behind it is promoted past it, and the places stay free until it fits or
  staff promote someone by hand. Nobody is ever skipped.
- `auto` events confirm promoted people at once; `offer` events offer the places until a
  deadline, after which the offer lapses and passes to the next family.
"""

import dataclasses
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from auth import StaffUser, hash_token
from camps.models import Event, EventStatus, WaitlistMode
from camps.services import capacity_raised, event_cancelled, lock_event
from errors import DomainError, NotFound, ValidationError
from extensions import db
from i18n import LANGUAGES
from registration import emails
from registration.models import (
    ACTIVE,
    HOLDS_SEAT,
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

#: The most people one booking may hold: a large family, not a school class.
MAX_PARTICIPANTS = 10
ADULT_AGE = 18
#: The version of the consent texts shown on the form and in the API documentation.
CONSENT_TEXT_VERSION = "2026-11"
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


@dataclasses.dataclass
class RegistrationData:
    participants: list[ParticipantData]
    #: The guardian, or for an adult registering alone, themselves.
    contact_name: str = ""
    contact_email: str | None = None
    contact_phone: str | None = None
    locale: str = "en"
    emergency_name: str = ""
    emergency_phone: str = ""
    consents: dict[str, bool] = dataclasses.field(default_factory=dict)
    sibling_mode: SiblingMode = SiblingMode.TOGETHER


# --- input ---------------------------------------------------------------------------------


def _text(
    value: str | None, field: str, limit: int, errors: dict, *, required=False, lines=False
) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("This field is required.")
    elif "\x00" in value or (not lines and ("\n" in value or "\r" in value)):
        errors[field] = _("This text contains a character that is not allowed.")
    elif len(value) > limit:
        errors[field] = _("This text is too long: at most %(limit)d characters.", limit=limit)
    return value


def clean_email(value: str | None, field: str, errors: dict) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > LIMITS["email"] or any(ch in value for ch in "\r\n\x00"):
        errors[field] = _("Give a valid e-mail address.")
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        errors[field] = _("Give a valid e-mail address.")
        return None


def _clean(data: RegistrationData, *, event: Event, today: date) -> dict:
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
        first = _text(
            person.first_name, prefix + "first_name", LIMITS["name"], errors, required=True
        )
        last = _text(person.last_name, prefix + "last_name", LIMITS["name"], errors, required=True)
        birth = person.birth_date
        if birth is None:
            errors[prefix + "birth_date"] = _("This field is required.")
        elif birth > today or birth.year < 1900:
            errors[prefix + "birth_date"] = _("Give a real date of birth.")
        if person.gender not in (None, "", *Gender):
            errors[prefix + "gender"] = _("Not a valid choice.")
        dietary = _text(person.dietary, prefix + "dietary", LIMITS["dietary"], errors, lines=True)
        health = _text(
            person.health_notes, prefix + "health_notes", LIMITS["health_notes"], errors, lines=True
        )
        if health and not event.asks_health_notes:
            errors[prefix + "health_notes"] = _("This event does not collect health notes.")
        people.append(
            {
                "first_name": first,
                "last_name": last,
                "birth_date": birth,
                "gender": Gender(person.gender) if person.gender else None,
                "dietary": dietary,
                "health_notes": health,
                "email": clean_email(person.email, prefix + "email", errors),
                "phone": _text(person.phone, prefix + "phone", LIMITS["phone"], errors) or None,
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
        "contact_name": _text(data.contact_name, "guardian.name", LIMITS["contact_name"], errors),
        "contact_email": clean_email(data.contact_email, "guardian.email", errors),
        "contact_phone": _text(data.contact_phone, "guardian.phone", LIMITS["phone"], errors)
        or None,
        "emergency_name": _text(
            data.emergency_name, "emergency.name", LIMITS["contact_name"], errors
        ),
        "emergency_phone": _text(data.emergency_phone, "emergency.phone", LIMITS["phone"], errors),
    }
    if data.locale not in LANGUAGES:
        errors["guardian.locale"] = _("This language is not supported.")
    if not data.consents.get(ConsentKind.DATA_PROCESSING):
        errors["consents.data_processing"] = _("We need your consent to process these data.")
    if errors:
        raise ValidationError(errors)
    return {"people": people, "contact": contact}


def _check_rules(clean: dict, data: RegistrationData, event: Event, *, on_behalf: bool) -> None:
    """Eligibility on the event's first day, guardians for minors, consents for health notes."""
    people, contact = clean["people"], clean["contact"]
    first_day = event.starts_on
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


# --- the queue -----------------------------------------------------------------------------


def _set_status(event: Event, participant: Participant, status: ParticipantStatus, now) -> None:
    """Move a participant and keep the event's counters in step (the event row is locked)."""
    old = participant.status
    if old in HOLDS_SEAT:
        event.seats_taken -= 1
    elif old == ParticipantStatus.WAITLISTED:
        event.waitlist_count -= 1
    if status in HOLDS_SEAT:
        event.seats_taken += 1
    elif status == ParticipantStatus.WAITLISTED:
        event.waitlist_count += 1
    participant.status = status
    if status == ParticipantStatus.CONFIRMED:
        participant.confirmed_at = now
        participant.offer_expires_at = None
    elif status == ParticipantStatus.OFFERED:
        participant.offer_expires_at = now + timedelta(hours=event.offer_hours)
    elif status == ParticipantStatus.CANCELLED:
        participant.cancelled_at = now
    event.touch(now)


def _waiting_families(event: Event) -> list[tuple[Booking, list[Participant]]]:
    """Families with people waiting, first in the queue first."""
    rows = db.session.scalars(
        sa.select(Participant)
        .join(Participant.booking)
        .where(Participant.event_id == event.id, Participant.status == ParticipantStatus.WAITLISTED)
        .order_by(Booking.id, Participant.id)
    )
    families: dict[int, tuple[Booking, list[Participant]]] = {}
    for participant in rows:
        families.setdefault(participant.booking_id, (participant.booking, []))[1].append(
            participant
        )
    return list(families.values())


def _seat(event: Event, people: list[Participant], mode: SiblingMode, free: int) -> list:
    """Who of a family at the head of the queue gets a place now."""
    if mode == SiblingMode.TOGETHER:
        return people if len(people) <= free else []
    return people[:free]


def promote(event: Event, *, now: datetime) -> list[Booking]:
    """Give free places to the head of the queue; return the families that got some.

    Call with the event locked. Stops at the first family that cannot be seated, so nobody
    is ever promoted past someone waiting longer.
    """
    free = event.capacity - event.seats_taken
    promoted = []
    status = (
        ParticipantStatus.OFFERED
        if event.waitlist_mode == WaitlistMode.OFFER
        else ParticipantStatus.CONFIRMED
    )
    for booking, people in _waiting_families(event):
        if free <= 0:
            break
        seated = _seat(event, people, booking.sibling_mode, free)
        if not seated:
            break
        for participant in seated:
            _set_status(event, participant, status, now)
        free -= len(seated)
        promoted.append(booking)
        if len(seated) < len(people):
            break
    for booking in promoted:
        kind = "offer" if status == ParticipantStatus.OFFERED else "promoted"
        emails.queue_booking_mail(booking, kind, now=now)
    return promoted


def expire_offers(event: Event, *, now: datetime) -> int:
    """Let lapsed offers go and pass the places on. Call with the event locked."""
    lapsed = db.session.scalars(
        sa.select(Participant).where(
            Participant.event_id == event.id,
            Participant.status == ParticipantStatus.OFFERED,
            Participant.offer_expires_at <= now,
        )
    ).all()
    for participant in lapsed:
        _set_status(event, participant, ParticipantStatus.CANCELLED, now)
        participant.cancel_reason = "offer_expired"
    for booking in {p.booking for p in lapsed}:
        emails.queue_booking_mail(booking, "offer_expired", now=now)
    if lapsed:
        promote(event, now=now)
    return len(lapsed)


def _locked_open_event(event_id: int, *, now: datetime) -> Event:
    event = lock_event(event_id)
    if event is None or event.status == EventStatus.DRAFT:
        raise NotFound("not_found", _("Not found."))
    expire_offers(event, now=now)
    return event


# --- registering ---------------------------------------------------------------------------


def _new_reference() -> str:
    # 32^8 ≈ 10^12 references: the unique constraint guards the (never seen) collision.
    return "TLT-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))


def register(
    event_id: int, data: RegistrationData, *, now: datetime, staff: StaffUser | None = None
) -> tuple[Booking, str]:
    """Register a family for an event: places if they are free, else the waiting list.

    Returns the booking and its link's secret, which is stored only as a hash.
    """
    event = db.session.get(Event, event_id)
    if event is None or event.status == EventStatus.DRAFT:
        raise NotFound("not_found", _("Not found."))
    clean = _clean(data, event=event, today=now.date())
    event = _locked_open_event(event_id, now=now)
    if event.status == EventStatus.CANCELLED:
        raise DomainError("event_cancelled", _("This event is cancelled."))
    if not event.is_registration_open(now):
        raise DomainError("registration_closed", _("Registration for this event is closed."))
    _check_rules(clean, data, event, on_behalf=staff is not None)
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
        emergency_name=contact["emergency_name"] or contact["contact_name"],
        emergency_phone=contact["emergency_phone"] or (contact["contact_phone"] or ""),
        sibling_mode=data.sibling_mode,
        created_by_id=staff.id if staff else None,
        created_at=now,
    )
    db.session.add(booking)
    people = []
    for person, key in zip(clean["people"], keys, strict=True):
        person = {k: v for k, v in person.items() if k != "age"}
        people.append(Participant(booking=booking, event=event, person_key=key, **person))
    # Only a family with nobody ahead of it may take free places at once.
    free = event.capacity - event.seats_taken if event.waitlist_count == 0 else 0
    seated = _seat(event, people, data.sibling_mode, free)
    for participant in people:
        participant.status = ParticipantStatus.WAITLISTED
        event.waitlist_count += 1
        if participant in seated:
            _set_status(event, participant, ParticipantStatus.CONFIRMED, now)
    db.session.add_all(people)
    for kind in ConsentKind:
        if kind in data.consents:
            booking.consents.append(
                Consent(
                    kind=kind,
                    granted=bool(data.consents[kind]),
                    text_version=CONSENT_TEXT_VERSION,
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


def cancel_participants(
    booking: Booking, participant_ids: list[int] | None, *, now: datetime, by: str = "family"
) -> list[Participant]:
    """Cancel some or all of a booking's places; freed places go to the queue at once."""
    event = _locked_open_event(booking.event_id, now=now)
    db.session.refresh(booking)
    chosen = [
        p
        for p in booking.participants
        if p.status in ACTIVE and (participant_ids is None or p.id in participant_ids)
    ]
    if participant_ids is not None:
        known = {p.id for p in booking.participants}
        if set(participant_ids) - known:
            raise NotFound("not_found", _("Not found."))
    if not chosen:
        raise DomainError("nothing_to_cancel", _("There is no active place to cancel."))
    for participant in chosen:
        _set_status(event, participant, ParticipantStatus.CANCELLED, now)
        participant.cancel_reason = by
    db.session.flush()
    emails.queue_booking_mail(booking, "cancelled", now=now)
    promote(event, now=now)
    return chosen


def accept_offer(booking: Booking, *, now: datetime) -> list[Participant]:
    """Accept the places offered to a family, before the deadline."""
    event = _locked_open_event(booking.event_id, now=now)
    db.session.refresh(booking)
    offered = [p for p in booking.participants if p.status == ParticipantStatus.OFFERED]
    if not offered:
        lapsed = any(p.cancel_reason == "offer_expired" for p in booking.participants)
        if lapsed:
            raise DomainError("offer_expired", _("The offer has expired."))
        raise DomainError("no_offer", _("There is no place on offer for this booking."))
    for participant in offered:
        _set_status(event, participant, ParticipantStatus.CONFIRMED, now)
    db.session.flush()
    emails.queue_booking_mail(booking, "confirmed", now=now)
    return offered


def promote_by_hand(participant: Participant, *, now: datetime) -> None:
    """Staff confirm someone waiting, out of turn, if a place is free."""
    event = _locked_open_event(participant.event_id, now=now)
    db.session.refresh(participant)
    if participant.status != ParticipantStatus.WAITLISTED:
        raise DomainError("not_waiting", _("This person is not on the waiting list."))
    if event.capacity - event.seats_taken < 1:
        raise DomainError("event_full", _("There is no free place."))
    _set_status(event, participant, ParticipantStatus.CONFIRMED, now)
    db.session.flush()
    emails.queue_booking_mail(participant.booking, "promoted", now=now)


def expire_all_offers(*, now: datetime) -> int:
    """For cron: let every lapsed offer go, one event (and one lock) at a time."""
    event_ids = db.session.scalars(
        sa.select(Participant.event_id)
        .where(Participant.status == ParticipantStatus.OFFERED, Participant.offer_expires_at <= now)
        .distinct()
    ).all()
    count = 0
    for event_id in sorted(event_ids):
        count += expire_offers(lock_event(event_id), now=now)
    return count


@capacity_raised.connect
def _serve_the_queue(event: Event, *, now: datetime) -> None:
    promote(event, now=now)


@event_cancelled.connect
def _tell_the_families(event: Event, *, now: datetime) -> None:
    bookings = db.session.scalars(
        sa.select(Booking)
        .join(Participant, Participant.booking_id == Booking.id)
        .where(Booking.event_id == event.id, Participant.status.in_(ACTIVE))
        .distinct()
    )
    for booking in bookings:
        emails.queue_booking_mail(booking, "event_cancelled", now=now)
