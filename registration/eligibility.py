"""Who may register, with what: the registration's data, the rules of its fields, and
eligibility on the event's first day, guardians for minors, consents.

Pure checks of the input against the event: registration.services registers.
"""

import dataclasses
from datetime import date

from flask_babel import gettext as _

from camps.models import Event
from camps.services import country_codes
from core.errors import ValidationError
from core.languages import LANGUAGES
from core.text import clean_email, clean_name, clean_text
from registration.models import (
    ADULT_AGE,
    ConsentKind,
    Gender,
    SiblingMode,
    age_on,
    person_key,
)

#: The most people one booking may hold: a large family, not a school class.
MAX_PARTICIPANTS = 10
LIMITS = {
    "contact_name": 200,
    "phone": 40,
    "dietary": 500,
    "health_notes": 2000,
    "pickup_adults": 500,
}


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


def clean_registration(data: RegistrationData, *, today: date) -> dict:
    """Check every field and rule of the input; raise one ValidationError with all of them."""
    clean, errors = collect_registration(data, today=today)
    if errors:
        # API.md: a missing consent is consent_required, whatever else is wrong with the form.
        code = "consent_required" if "consents.data_processing" in errors else "validation"
        raise ValidationError(errors, code=code)
    return clean


def collect_registration(data: RegistrationData, *, today: date) -> tuple[dict, dict[str, str]]:
    """The input's cleaned values, and what is wrong with each field (empty: nothing)."""
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
        first = clean_name(person.first_name, prefix + "first_name", errors)
        last = clean_name(person.last_name, prefix + "last_name", errors)
        birth = person.birth_date
        check_birth_date(birth, prefix + "birth_date", errors, today=today)
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
        "pickup_adults": clean_text(
            data.pickup_adults, "pickup_adults", LIMITS["pickup_adults"], errors
        ),
    }
    if data.locale not in LANGUAGES:
        errors["guardian.locale"] = _("This language is not supported.")
    if data.country and data.country.upper() not in country_codes():
        errors["guardian.country"] = _("Choose a country.")
    if not data.consents.get(ConsentKind.DATA_PROCESSING):
        errors["consents.data_processing"] = _("We need your consent to process these data.")
    return {"people": people, "contact": contact}, errors


def check_birth_date(birth: date | None, field: str, errors: dict, *, today: date) -> None:
    """A date of birth is required, and real: not in the future, not before 1900."""
    if birth is None:
        errors[field] = _("This field is required.")
    elif birth > today or birth.year < 1900:
        errors[field] = _("Give a real date of birth.")


def check_eligibility(
    clean: dict, data: RegistrationData, event: Event, *, on_behalf: bool
) -> None:
    """Eligibility on the event's first day, guardians for minors, consents for health notes."""
    people, contact = clean["people"], clean["contact"]
    problems = eligibility_problems(clean, data, event, on_behalf=on_behalf)
    if problems:
        # Every rule broken, under the code of the first (API.md's order).
        code = next(iter(problems.values()))[0]
        raise ValidationError(
            {field: message for field, (_c, message) in problems.items()}, code=code
        )
    for person in people:
        person["age"] = age_on(person["birth_date"], event.starts_on)
    minors = any(person["age"] < ADULT_AGE for person in people)
    if not minors and not contact["contact_name"]:
        # An adult registering alone is their own contact.
        adult = people[0]
        contact["contact_name"] = f"{adult['first_name']} {adult['last_name']}"
        contact["contact_email"] = contact["contact_email"] or adult["email"]
        contact["contact_phone"] = contact["contact_phone"] or adult["phone"]
    contact["is_guardian"] = minors


def eligibility_problems(
    clean: dict, data: RegistrationData, event: Event, *, on_behalf: bool, skip: tuple = ()
) -> dict[str, tuple[str, str]]:
    """Every rule of the event the input breaks: field → (code, message), in API.md's order.

    People whose birth date is missing or in `skip` (already wrong) are not aged. Read under
    the lock: an organiser may have stopped collecting health notes a moment ago.
    """
    people, contact = clean["people"], clean["contact"]
    problems: dict[str, tuple[str, str]] = {}
    if not event.asks_health_notes:
        for index, person in enumerate(people):
            if person["health_notes"]:
                problems[f"participants.{index}.health_notes"] = (
                    "validation",
                    _("This event does not collect health notes."),
                )
    ages = []
    for index, person in enumerate(people):
        field = f"participants.{index}.birth_date"
        if person["birth_date"] is None or field in skip:
            continue
        age = age_on(person["birth_date"], event.starts_on)
        ages.append(age)
        too_young = event.min_age is not None and age < event.min_age
        too_old = event.max_age is not None and age > event.max_age
        if too_young or too_old:
            problems[field] = ("not_eligible", _not_eligible_message(event, age))
    if any(age < ADULT_AGE for age in ages):
        if not contact["contact_name"]:
            problems["guardian.name"] = (
                "guardian_required",
                _("A parent or guardian must register a participant under 18."),
            )
        if not data.consents.get(ConsentKind.GUARDIAN):
            problems["consents.guardian"] = (
                "consent_required",
                _("A parent or guardian must agree for a minor to take part."),
            )
    if any(person["health_notes"] for person in people) and not data.consents.get(
        ConsentKind.HEALTH_DATA
    ):
        problems["consents.health_data"] = (
            "consent_required",
            _("Health notes need your explicit consent to store them."),
        )
    adult_alone = ages and all(age >= ADULT_AGE for age in ages) and not contact["contact_name"]
    reachable = contact["contact_email"] or contact["contact_phone"]
    if adult_alone and people:
        reachable = reachable or people[0]["email"] or people[0]["phone"]
    if not on_behalf and not reachable:
        problems["guardian.email"] = (
            "validation",
            _("Give an e-mail address or a phone number so we can reach you."),
        )
    return problems


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
