"""The bodies of the registrations and bookings API, declared once for validation and for the
OpenAPI document."""

from datetime import date
from typing import Annotated, Any, Literal

import pydantic
from flask_babel import lazy_gettext as _l
from pydantic import BeforeValidator, Field, WithJsonSchema

from camps.api.schemas import Event
from camps.models import RoomKind
from core.bounds import MAX_INTEGER
from core.languages import LANGUAGES
from registration.checkin import DIRECTIONS
from registration.eligibility import MAX_PARTICIPANTS
from registration.models import (
    ConsentKind,
    Gender,
    ParticipantStatus,
    SiblingMode,
    StayPurpose,
    StayStatus,
)
from web.schemas import (
    Answer,
    Body,
    Flag,
    Moment,
    choice,
    day,
    moment,
    refuse,
    text,
    whole_number,
)

#: A batch of offline scans holds at most this many.
MAX_BATCH = 500
BOOKING_STATUSES = ["confirmed", "waitlisted", "partial", "offered", "cancelled"]


class Guardian(Body):
    """Required when anyone is under 18 on the event's first day."""

    name: text(200) = None
    email: text(254) = None
    phone: text(40) = None
    locale: choice(LANGUAGES) = None
    country: text(2) = None


class Person(Body):
    first_name: text(100, required=True)
    last_name: text(100, required=True)
    birth_date: day(required=True)
    gender: choice([gender.value for gender in Gender]) = None
    dietary: text(500) = None
    health_notes: text(2000) = None
    email: text(254) = None
    phone: text(40) = None
    needs_accessible_room: Flag = False


class Emergency(Body):
    name: text(200) = None
    phone: text(40) = None


def _check_people(value):
    if not isinstance(value, list) or not value:
        raise refuse(_l("Add at least one participant."))
    if len(value) > MAX_PARTICIPANTS:
        raise refuse(_l("One booking can hold at most %(max)d people.", max=MAX_PARTICIPANTS))
    return value


#: The consents given: only `true` gives one.
Consents = pydantic.create_model(
    "Consents",
    __base__=Body,
    **{
        kind.value: (Annotated[Any, WithJsonSchema({"type": "boolean"})], None)
        for kind in ConsentKind
    },
)


class RegistrationInput(Body):
    guardian: Guardian | None = None
    participants: Annotated[list[Person], BeforeValidator(_check_people)] = Field(
        None, validate_default=True, min_length=1, max_length=MAX_PARTICIPANTS
    )
    consents: Consents | None = None
    emergency: Emergency | None = None
    pickup_adults: text(500) = None
    siblings: choice([mode.value for mode in SiblingMode]) = None
    privacy_version: whole_number() = Field(
        None,
        description="The privacy notice version shown (GET /api/v1/privacy); a newer current"
        " version refuses the registration (422 privacy_changed).",
    )


def _check_ids(value):
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and 0 < i <= MAX_INTEGER for i in value
    ):
        raise refuse(_l("Give a list of participant ids."))
    return value


class CancelInput(Body):
    """Some places (participant_ids) or, without them, all."""

    participant_ids: Annotated[
        list[int] | None,
        BeforeValidator(_check_ids),
        WithJsonSchema({"type": ["array", "null"], "items": {"type": "integer", "minimum": 1}}),
    ] = None


class Ticket(Answer):
    code: str
    qr_png_url: str = Field(json_schema_extra={"format": "uri"})
    qr_svg_url: str = Field(json_schema_extra={"format": "uri"})


class BookedPerson(Answer):
    id: int
    first_name: str
    last_name: str
    status: Literal[tuple(status.value for status in ParticipantStatus)]
    waitlist_position: int | None = Field(ge=1)
    offer_expires_at: Moment | None
    attention: bool
    ticket: Ticket | None


class Booking(Answer):
    reference: str
    booking_url: str = Field(json_schema_extra={"format": "uri"})
    booking_token: str
    status: Literal[tuple(BOOKING_STATUSES)]
    participants: list[BookedPerson]
    #: With the booking's event, except in the answer to a registration.
    event: Event | None = None


class PrivacyNotice(Answer):
    version: int = Field(ge=1)
    published_at: Moment | None
    language: Literal[tuple(LANGUAGES)]
    text: str


SCAN_CODES = [
    "ok",
    "already_checked_in",
    "not_checked_in",
    "unknown_ticket",
    "wrong_event",
    "cancelled",
    "not_confirmed",
]


class ScanInput(Body):
    """Give the QR's `code`, or the `ticket_id` of someone found by name."""

    code: text(100) = None
    ticket_id: whole_number() = None
    event_id: whole_number(required=True)
    direction: choice(DIRECTIONS) = None
    nonce: text(100) = None
    scanned_at: moment() = None


def _check_items(value):
    if not isinstance(value, list) or len(value) > MAX_BATCH:
        raise refuse(_l("Send a list of at most %(max)d scans.", max=MAX_BATCH))
    return value


class BatchInput(Body):
    # Each item is read on its own, so one bad scan never loses the others.
    items: Annotated[
        list[Any],
        BeforeValidator(_check_items),
        WithJsonSchema(
            {
                "type": "array",
                "maxItems": MAX_BATCH,
                "items": {"$ref": "#/components/schemas/ScanInput"},
            }
        ),
    ] = Field(None, validate_default=True)


class ScannedPerson(Answer):
    display_name: str
    age: int
    attention: bool
    photos: bool = Field(description="photo consent given")


class ScanAnswer(Answer):
    ok: bool
    code: Literal[tuple(SCAN_CODES)]
    message: str
    direction: Literal[DIRECTIONS]
    participant: ScannedPerson | None
    first_scan_at: Moment | None
    on_site_now: int


class ScanRefused(Answer):
    """A queued item the server would not take: the device drops it and shows why."""

    ok: Literal[False]
    code: str
    message: str


class BatchAnswer(Answer):
    results: list[ScanAnswer | ScanRefused]


class SyncEvent(Answer):
    id: int
    title: str
    timezone: str


class SyncTicket(Answer):
    ticket_id: int
    code_sha256: str
    display_name: str
    age: int
    status: Literal["confirmed", "not_confirmed", "cancelled"]
    attention: bool
    photos: bool
    inside: bool
    pickup: str | None


class Sync(Answer):
    """The tickets an offline scanner decides by: code hashes, never codes."""

    event: SyncEvent
    generated_at: Moment
    tickets: list[SyncTicket]


class Attendance(Answer):
    confirmed: int
    waitlisted: int
    checked_in: int
    on_site_now: int


Day = date

#: The longest period an occupancy query covers.
MAX_RANGE_DAYS = 400


class Bed(Answer):
    id: int
    label: str


class Room(Answer):
    id: int
    name: str
    kind: Literal[tuple(kind.value for kind in RoomKind)]
    floor: int
    beds: list[Bed]


class Facility(Answer):
    id: int
    name: str
    venue_id: int
    rooms: list[Room]


class Facilities(pydantic.RootModel[list[Facility]]):
    """Every venue with rooms, its rooms and their beds."""


class ClosureInput(Body):
    """A room or a bed closed for the nights [starts_on, ends_on)."""

    room_id: whole_number() = None
    bed_id: whole_number() = None
    starts_on: day(required=True)
    ends_on: day(required=True)
    reason: text(200) = None


class Closure(Answer):
    id: int
    room_id: int | None
    bed_id: int | None
    starts_on: date
    ends_on: date
    reason: str


class GuestInput(Body):
    """Someone who is not a registered participant: a temporary stay."""

    first_name: text(100, required=True)
    last_name: text(100, required=True)
    birth_date: day() = None


class StayInput(Body):
    bed_id: whole_number(required=True)
    participant_id: whole_number() = None
    guest: GuestInput | None = None
    arrives_on: day(required=True)
    departs_on: day(required=True)
    purpose: choice([purpose.value for purpose in StayPurpose], required=True)
    event_id: whole_number() = None
    referred_by: text(200) = None


class Stay(Answer):
    id: int
    bed_id: int
    participant_id: int | None
    event_id: int | None
    first_name: str
    purpose: Literal[tuple(purpose.value for purpose in StayPurpose)]
    arrives_on: date
    departs_on: date
    nights: int
    status: Literal[tuple(status.value for status in StayStatus)]


class OccupancyQuery(Body):
    """From `from` to `to`, both nights included."""

    starts_on: day(required=True) = Field(alias="from")
    ends_on: day(required=True) = Field(alias="to")


class Night(Answer):
    date: Day
    beds_total: int
    beds_open: int
    beds_occupied: int


class Occupancy(Answer):
    nights: list[Night]
    bed_nights: int
