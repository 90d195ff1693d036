"""Events through the JSON API: list, read, create, change."""

from flask import Blueprint, current_app, request
from flask_babel import gettext as _

from camps.catalogue import EventFilter, cached, event_page, visible_event
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
from core.languages import LANGUAGES
from extensions import csrf, db
from staff.decorators import api_user, require_role
from staff.models import Role, StaffUser
from web.forms import int_arg
from web.jsonapi import ApiError, Fields, json_body, write
from web.links import absolute_url
from web.locale import current_locale

bp = Blueprint("camps_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

#: Every field a body may set; anything else is ignored.
EVENT_FIELDS = {
    "kind",
    "title",
    "summary",
    "description",
    "practical_info",
    "starts_at",
    "ends_at",
    "timezone",
    "venue",
    "venue_id",
    "partner_id",
    "capacity",
    "min_age",
    "max_age",
    "registration_opens_at",
    "registration_closes_at",
    "waitlist",
    "offer_hours",
    "status",
}


def event_json(event: Event, locale: str) -> dict:
    zone = event.venue.zone
    return {
        "id": event.id,
        "kind": event.kind.value,
        "title": event.text("title", locale),
        "summary": event.text("summary", locale),
        "description": event.text("description", locale),
        "practical_info": event.text("practical_info", locale),
        "starts_at": event.starts_at.astimezone(zone).isoformat(),
        "ends_at": event.ends_at.astimezone(zone).isoformat(),
        "timezone": event.venue.timezone,
        "venue": {
            "id": event.venue.id,
            "name": event.venue.name,
            "address": event.venue.address,
            "country": event.venue.country,
        },
        "organiser": {"id": event.partner.id, "name": event.partner.name},
        "capacity": event.capacity,
        "places_left": event.places_left,
        "waitlist_length": event.waitlist_count,
        "min_age": event.min_age,
        "max_age": event.max_age,
        "registration_open": event.is_registration_open(utcnow()),
        "registration_opens_at": _local_iso(event.registration_opens_at, zone),
        "registration_closes_at": event.closes_at.astimezone(zone).isoformat(),
        "waitlist": event.waitlist_mode.value,
        "offer_hours": event.offer_hours,
        "status": event.status.value,
        "languages": sorted(event.texts),
        "url": absolute_url("camps.event_detail", event_id=event.id),
        "ical_url": absolute_url("camps.event_ical", event_id=event.id),
    }


def _local_iso(value, zone):
    return value.astimezone(zone).isoformat() if value else None


def _load_event(event_id: int, user: StaffUser | None) -> Event:
    event = visible_event(event_id, user)
    if event is None:
        raise ApiError(404, "not_found", _("Not found."))
    return event


@bp.get("/events")
def list_events():
    """Published events, soonest first, 20 a page."""
    fields = Fields(request.args.to_dict())
    kind = fields.choice("kind", [k.value for k in EventKind])
    starts_from, starts_until = fields.date("from"), fields.date("to")
    page = int_arg(request.args.get("page", "1"), high=100_000)
    if page is None:
        fields.errors["page"] = _("Give a page number from 1.")
    fields.check()
    filters = EventFilter(
        kind=EventKind(kind) if kind else None, starts_from=starts_from, starts_until=starts_until
    )
    locale = current_locale()

    def build() -> str:
        result = event_page(filters, page, now=utcnow())
        return current_app.json.dumps(
            {
                "events": [event_json(event, locale) for event in result.items],
                "page": result.page,
                "pages": result.pages,
                "total": result.total,
            }
        )

    body = cached(("api_events", locale, filters, page), build)
    return current_app.response_class(body, mimetype="application/json")


@bp.get("/events/<int:event_id>")
def get_event(event_id: int):
    """One event; drafts only for the staff who may manage them."""
    return event_json(_load_event(event_id, api_user()), current_locale())


def _read_texts(fields: Fields) -> dict[str, dict[str, str]]:
    """The texts a body sets, by language and field; fields left out are not in it."""
    texts: dict[str, dict[str, str]] = {}
    for name in TEXT_LIMITS:
        values = fields.object(name)
        if values is None:
            continue
        for locale, value in values.items():
            if locale not in LANGUAGES:
                fields.errors[f"{name}.{locale}"] = _("This language is not supported.")
            elif value is not None and not isinstance(value, str):
                fields.errors[f"{name}.{locale}"] = _("This must be text.")
            else:
                texts.setdefault(locale, {})[name] = value or ""
    return texts


def _read_event(body: dict, user: StaffUser, *, creating: bool) -> tuple[dict, str | None]:
    """The EventData fields a body sets, and the status it asks for.

    On PATCH only what the body names is in it: the service merges that into the event as it
    stands once locked, so two changes of different fields never undo each other.
    """
    fields = Fields(body)
    kind = fields.choice("kind", [k.value for k in EventKind], required=creating)
    texts = _read_texts(fields)
    if creating and not fields.has("title"):
        fields.errors["title.en"] = _("An English title is required.")
    starts_at = fields.datetime("starts_at", required=creating)
    ends_at = fields.datetime("ends_at", required=creating)
    opens_at = fields.datetime("registration_opens_at")
    closes_at = fields.datetime("registration_closes_at")
    capacity = fields.integer("capacity", required=creating)
    min_age, max_age = fields.integer("min_age"), fields.integer("max_age")
    waitlist = fields.choice("waitlist", [m.value for m in WaitlistMode])
    offer_hours = fields.integer("offer_hours")
    status = fields.choice(
        "status",
        [EventStatus.PUBLISHED.value, EventStatus.DRAFT.value]
        + ([] if creating else [EventStatus.CANCELLED.value]),
    )
    partner = _read_partner(fields, user, creating=creating)
    venue = _read_venue(fields, creating=creating)
    fields.check()
    changes: dict = {}
    if texts:
        changes["texts"] = texts
    if kind:
        changes["kind"] = EventKind(kind)
    if partner is not None:
        changes["partner"] = partner
    if venue is not None:
        changes["venue"] = venue
    for name, value in (
        ("starts_at", starts_at),
        ("ends_at", ends_at),
        ("capacity", capacity),
        ("offer_hours", offer_hours),
    ):
        if value is not None:
            changes[name] = value
    for name, value in (
        ("min_age", min_age),
        ("max_age", max_age),
        ("registration_opens_at", opens_at),
        ("registration_closes_at", closes_at),
    ):
        if fields.has(name):
            changes[name] = value
    if waitlist:
        changes["waitlist_mode"] = WaitlistMode(waitlist)
    return changes, status


def _read_partner(fields: Fields, user: StaffUser, *, creating: bool) -> Partner | None:
    partner_id = fields.integer("partner_id")
    if user.role != Role.ADMIN:
        return user.partner if creating else None
    if partner_id is None:
        if creating:
            fields.errors["partner_id"] = _("Choose the organising partner.")
        return None
    partner = db.session.get(Partner, partner_id)
    if partner is None:
        fields.errors["partner_id"] = _("There is no such partner.")
    return partner


def _read_venue(fields: Fields, *, creating: bool) -> Venue | None:
    venue_id = fields.integer("venue_id")
    timezone = fields.string("timezone", max_length=64)
    if timezone and not is_known_timezone(timezone):
        fields.errors["timezone"] = _("Choose a time zone such as Europe/Vilnius.")
        return None
    if venue_id is not None:
        venue = db.session.get(Venue, venue_id)
        if venue is None:
            fields.errors["venue_id"] = _("There is no such venue.")
        elif timezone and timezone != venue.timezone:
            fields.errors["timezone"] = _(
                "This venue is in the time zone %(zone)s.", zone=venue.timezone
            )
        return venue
    spec = fields.object("venue")
    if spec is None:
        if creating:
            fields.errors["venue"] = _("Give the venue (name and country) or its id.")
        return None
    venue_fields = Fields(spec, prefix="venue.")
    name = venue_fields.string("name", required=True)
    country = venue_fields.string("country", required=True, max_length=2)
    fields.errors.update(venue_fields.errors)
    if not timezone:
        fields.errors["timezone"] = _("Give the venue's time zone, such as Europe/Vilnius.")
    if fields.errors:
        return None
    try:
        return find_or_create_venue(name=name, country=country, timezone=timezone)
    except ValidationError as error:
        fields.errors.update(
            {f"venue.{k}" if k != "timezone" else k: v for k, v in error.fields.items()}
        )
        return None


@bp.post("/events")
@require_role(Role.ORGANISER)
@write
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
