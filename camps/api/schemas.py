"""The bodies of the events API, declared once for validation and for the OpenAPI document."""

from typing import Literal

import pydantic
from pydantic import ConfigDict, Field

from camps.models import EventKind, EventStatus, WaitlistMode
from core.languages import LANGUAGES
from web.schemas import Answer, Body, Moment, choice, day, moment, page_number, text, whole_number

KINDS = [kind.value for kind in EventKind]
WAITLIST_MODES = [mode.value for mode in WaitlistMode]
STATUSES = [status.value for status in EventStatus]


class _Texts(Body):
    # A language we do not speak is refused, not ignored (web.schemas names the error).
    model_config = ConfigDict(extra="forbid")


#: One text by language code; English is required when an event is created.
Texts = pydantic.create_model(
    "Texts", __base__=_Texts, **{code: (text(None), None) for code in LANGUAGES}
)


class VenueSpec(Body):
    """A venue by name and country: the one of that name is used, or a new one is made."""

    name: text(required=True)
    country: text(2, required=True)


class EventChange(Body):
    """On PATCH every field is optional, and fields left out keep their value."""

    kind: choice(KINDS) = None
    title: Texts | None = None
    summary: Texts | None = None
    description: Texts | None = None
    practical_info: Texts | None = None
    starts_at: moment() = Field(None, examples=["2027-07-05T10:00"])
    ends_at: moment() = Field(None, examples=["2027-07-09T16:00"])
    timezone: text(64) = Field(None, examples=["Europe/Vilnius"])
    venue: VenueSpec | None = None
    venue_id: whole_number() = None
    partner_id: whole_number() = Field(None, description="Admins only; organisers: theirs.")
    capacity: whole_number() = None
    min_age: whole_number() = None
    max_age: whole_number() = None
    registration_opens_at: moment() = None
    registration_closes_at: moment() = None
    waitlist: choice(WAITLIST_MODES) = None
    offer_hours: whole_number() = None
    status: choice(STATUSES) = None


class EventInput(EventChange):
    """A new event: local times at the venue (no offset), or with an offset."""

    kind: choice(KINDS, required=True)
    starts_at: moment(required=True) = Field(examples=["2027-07-05T10:00"])
    ends_at: moment(required=True) = Field(examples=["2027-07-09T16:00"])
    capacity: whole_number(required=True)
    # A new event cannot start cancelled.
    status: choice([EventStatus.PUBLISHED.value, EventStatus.DRAFT.value]) = None


class EventQuery(Body):
    kind: choice(KINDS) = None
    starts_from: day() = Field(None, alias="from")
    starts_until: day() = Field(None, alias="to")
    page: page_number() = 1


class EventVenue(Answer):
    id: int
    name: str
    address: str
    country: str


class EventOrganiser(Answer):
    id: int
    name: str


class Event(Answer):
    id: int
    kind: Literal[tuple(KINDS)]
    title: str
    summary: str
    description: str
    practical_info: str
    starts_at: Moment
    ends_at: Moment
    timezone: str
    venue: EventVenue
    organiser: EventOrganiser
    capacity: int = Field(ge=1)
    places_left: int = Field(ge=0)
    waitlist_length: int = Field(ge=0)
    min_age: int | None
    max_age: int | None
    registration_open: bool
    registration_opens_at: Moment | None
    registration_closes_at: Moment
    waitlist: Literal[tuple(WAITLIST_MODES)]
    offer_hours: int
    status: Literal[tuple(STATUSES)]
    languages: list[Literal[tuple(LANGUAGES)]]
    url: str = Field(json_schema_extra={"format": "uri"})
    ical_url: str = Field(json_schema_extra={"format": "uri"})


class EventPage(Answer):
    events: list[Event]
    page: int
    pages: int
    total: int
