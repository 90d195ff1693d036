"""Events through the JSON API: list, read, create, change."""

import functools
from zoneinfo import ZoneInfo

import pydantic
from flask import Blueprint, current_app, request
from flask_babel import gettext as _

from camps.api import schemas
from camps.catalogue import (
    EventFilter,
    ListedEvent,
    cached,
    event_page,
    listed_event,
    visible_event,
)
from camps.models import Event, EventKind, EventStatus, Partner, Venue, WaitlistMode
from camps.services import (
    TEXT_LIMITS,
    EventData,
    change_status,
    create_event,
    find_or_create_venue,
    is_known_timezone,
    update_event,
)
from core.db import utcnow
from core.errors import ValidationError
from extensions import csrf, db
from staff.decorators import api_user, require_role
from staff.models import Role, StaffUser
from web.jsonapi import ApiError, endpoint, json_body, write
from web.links import absolute_url
from web.locale import current_locale
from web.schemas import field_errors, parse

bp = Blueprint("camps_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def event_json(event: Event, locale: str) -> dict:
    """The API's Event for an Event object."""
    return _answer(listed_event(event, locale)).model_dump()


def _answer(event: ListedEvent) -> schemas.Event:
    zone = ZoneInfo(event.timezone)
    return schemas.Event(
        id=event.id,
        kind=event.kind.value,
        title=event.title,
        summary=event.summary,
        description=event.description,
        practical_info=event.practical_info,
        starts_at=event.starts_at.astimezone(zone).isoformat(),
        ends_at=event.ends_at.astimezone(zone).isoformat(),
        timezone=event.timezone,
        venue=schemas.EventVenue(
            id=event.venue_id,
            name=event.venue_name,
            address=event.address,
            country=event.country,
        ),
        organiser=schemas.EventOrganiser(id=event.partner_id, name=event.partner_name),
        capacity=event.capacity,
        places_left=event.places_left,
        waitlist_length=event.waitlist_count,
        min_age=event.min_age,
        max_age=event.max_age,
        registration_open=event.is_registration_open(utcnow()),
        registration_opens_at=_local_iso(event.registration_opens_at, zone),
        registration_closes_at=event.closes_at.astimezone(zone).isoformat(),
        waitlist=event.waitlist_mode.value,
        offer_hours=event.offer_hours,
        status=event.status.value,
        languages=list(event.languages),
        **_links(current_app.config["BASE_URL"], event.id),
    )


@functools.lru_cache(maxsize=4096)
def _links(base_url: str, event_id: int) -> dict[str, str]:
    # absolute_url binds the URL map on BASE_URL at every call and a page asks for forty
    # links: remember them by what they are made of (base_url is only the key).
    return {
        "url": absolute_url("camps.event_detail", event_id=event_id),
        "ical_url": absolute_url("camps.event_ical", event_id=event_id),
    }


def _local_iso(value, zone):
    return value.astimezone(zone).isoformat() if value else None


def _load_event(event_id: int, user: StaffUser | None) -> Event:
    event = visible_event(event_id, user)
    if event is None:
        raise ApiError(404, "not_found", _("Not found."))
    return event


@bp.get("/events")
@endpoint(query=schemas.EventQuery, answers={200: schemas.EventPage}, errors=(422,))
def list_events():
    """Published events, soonest first, 20 a page."""
    query = parse(schemas.EventQuery, request.args.to_dict())
    filters = EventFilter(
        kind=EventKind(query.kind) if query.kind else None,
        starts_from=query.starts_from,
        starts_until=query.starts_until,
    )
    page, locale = query.page, current_locale()

    def build() -> str:
        result = event_page(filters, page, now=utcnow(), locale=locale, detail=True)
        return current_app.json.dumps(
            schemas.EventPage(
                # Models, not dumps: the page checks each event once, not twice.
                events=[_answer(event) for event in result.items],
                page=result.page,
                pages=result.pages,
                total=result.total,
            ).model_dump()
        )

    body = cached(("api_events", locale, filters, page), build)
    return current_app.response_class(body, mimetype="application/json")


@bp.get("/events/<int:event_id>")
@endpoint(
    summary="One event (drafts only for the staff who manage them)",
    answers={200: schemas.Event},
    errors=(401, 404),
)
def get_event(event_id: int):
    """One event; drafts only for the staff who may manage them."""
    return event_json(_load_event(event_id, api_user()), current_locale())


def _texts(data: schemas.EventChange) -> dict[str, dict[str, str]]:
    """The texts a body sets, by language and field; fields left out are not in it."""
    texts: dict[str, dict[str, str]] = {}
    for name in TEXT_LIMITS:
        values = getattr(data, name)
        if values is None:
            continue
        for locale in values.model_fields_set:
            texts.setdefault(locale, {})[name] = getattr(values, locale) or ""
    return texts


def _read_event(body: dict, user: StaffUser, *, creating: bool) -> tuple[dict, str | None]:
    """The EventData fields a body sets, and the status it asks for.

    On PATCH only what the body names is in it: the service merges that into the event as it
    stands once locked, so two changes of different fields never undo each other.
    """
    errors: dict[str, str] = {}
    try:
        data = (schemas.EventInput if creating else schemas.EventChange).model_validate(body)
    except pydantic.ValidationError as error:
        errors, data = field_errors(error), None
    if creating and "title" not in body:
        errors.setdefault("title.en", _("An English title is required."))
    if data is None:
        raise ValidationError(errors)
    partner = _read_partner(data, user, errors, creating=creating)
    venue = _read_venue(data, errors, creating=creating)
    if errors:
        raise ValidationError(errors)
    named = data.model_fields_set
    changes: dict = {}
    if texts := _texts(data):
        changes["texts"] = texts
    if data.kind:
        changes["kind"] = EventKind(data.kind)
    if partner is not None:
        changes["partner"] = partner
    if venue is not None:
        changes["venue"] = venue
    for name in ("starts_at", "ends_at", "capacity", "offer_hours"):
        if getattr(data, name) is not None:
            changes[name] = getattr(data, name)
    for name in ("min_age", "max_age", "registration_opens_at", "registration_closes_at"):
        if name in named:
            changes[name] = getattr(data, name)
    if data.waitlist:
        changes["waitlist_mode"] = WaitlistMode(data.waitlist)
    return changes, data.status


def _read_partner(
    data: schemas.EventChange, user: StaffUser, errors: dict, *, creating: bool
) -> Partner | None:
    partner_id = data.partner_id
    if user.role != Role.ADMIN:
        return user.partner if creating else None
    if partner_id is None:
        if creating:
            errors["partner_id"] = _("Choose the organising partner.")
        return None
    partner = db.session.get(Partner, partner_id)
    if partner is None:
        errors["partner_id"] = _("There is no such partner.")
    return partner


def _read_venue(data: schemas.EventChange, errors: dict, *, creating: bool) -> Venue | None:
    timezone = data.timezone
    if timezone and not is_known_timezone(timezone):
        errors["timezone"] = _("Choose a time zone such as Europe/Vilnius.")
        return None
    if data.venue_id is not None:
        venue = db.session.get(Venue, data.venue_id)
        if venue is None:
            errors["venue_id"] = _("There is no such venue.")
        elif timezone and timezone != venue.timezone:
            errors["timezone"] = _("This venue is in the time zone %(zone)s.", zone=venue.timezone)
        return venue
    if data.venue is None:
        if creating:
            errors["venue"] = _("Give the venue (name and country) or its id.")
        return None
    if not timezone:
        errors["timezone"] = _("Give the venue's time zone, such as Europe/Vilnius.")
    if errors:
        return None
    try:
        return find_or_create_venue(
            name=data.venue.name, country=data.venue.country, timezone=timezone
        )
    except ValidationError as error:
        errors.update({f"venue.{k}" if k != "timezone" else k: v for k, v in error.fields.items()})
        return None


@bp.post("/events")
@require_role(Role.ORGANISER)
@write
@endpoint(
    summary="Create an event (organiser, admin)",
    body=schemas.EventInput,
    answers={201: schemas.Event},
    errors=(400, 401, 403, 422),
    bearer=True,
)
def post_event():
    """Create an event."""
    user = api_user()
    changes, status = _read_event(json_body(), user, creating=True)
    data = EventData(**{"texts": {}, **changes})
    event = create_event(data, status=EventStatus(status or "draft"), now=utcnow())
    response = event_json(_load_event(event.id, user), current_locale())
    return response, 201, {"Location": response["url"]}


@bp.patch("/events/<int:event_id>")
@require_role(Role.ORGANISER)
@write
@endpoint(
    summary="Change an event; raising capacity promotes, cancelling revokes tickets",
    body=schemas.EventChange,
    answers={200: schemas.Event},
    errors=(400, 401, 403, 404, 409, 422),
    bearer=True,
)
def patch_event(event_id: int):
    """Change an event's fields; `status` publishes, unpublishes or cancels it."""
    user = api_user()
    event = _load_event(event_id, user)
    if not user.can_manage_partner(event.partner_id):
        raise ApiError(404, "not_found", _("Not found."))
    changes, status = _read_event(json_body(), user, creating=False)
    now = utcnow()
    if changes:
        update_event(event_id, changes, now=now)
    if status:
        change_status(event_id, EventStatus(status), now=now)
    return event_json(_load_event(event_id, user), current_locale())
