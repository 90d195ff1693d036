"""The facility through the JSON API: rooms and beds, closures, stays, occupancy."""

from datetime import timedelta

import sqlalchemy as sa
from flask import Blueprint, request
from flask_babel import gettext as _

from camps.facility import add_closure, facility_beds, remove_closure
from camps.models import Room, Venue
from core.db import utcnow
from core.errors import ValidationError
from extensions import csrf, db
from registration.api import schemas
from registration.models import Participant, Stay, StayPurpose
from registration.occupancy import occupancy
from registration.stays import Guest, book_stay, change_stay
from staff.decorators import require_role
from staff.models import Role
from web.jsonapi import ApiError, endpoint, json_body, write
from web.schemas import parse

bp = Blueprint("facility_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def stay_json(stay: Stay) -> dict:
    return schemas.Stay(
        id=stay.id,
        bed_id=stay.bed_id,
        participant_id=stay.participant_id,
        event_id=stay.event_id,
        first_name=stay.first_name,
        purpose=stay.purpose.value,
        arrives_on=stay.arrives_on,
        departs_on=stay.departs_on,
        nights=stay.nights,
        status=stay.status.value,
    ).model_dump(mode="json")


@bp.get("/facilities")
@require_role(Role.FACILITY)
@endpoint(
    summary="Facilities with their rooms and beds (facility, admin)",
    answers={200: schemas.Facilities},
    errors=(401, 403),
    bearer=True,
)
def facilities():
    """Every venue with rooms, its rooms and their beds."""
    venues = db.session.scalars(
        sa.select(Venue).where(Venue.id.in_(sa.select(Room.venue_id))).order_by(Venue.name)
    )
    result = []
    for venue in venues:
        rooms: dict[int, dict] = {}
        for bed in facility_beds(venue.id):
            room = rooms.setdefault(
                bed.room_id,
                {
                    "id": bed.room.id,
                    "name": bed.room.name,
                    "kind": bed.room.kind.value,
                    "floor": bed.room.floor,
                    "beds": [],
                },
            )
            room["beds"].append({"id": bed.id, "label": bed.label})
        result.append(
            {
                "id": venue.id,
                "name": venue.name,
                "venue_id": venue.id,
                "rooms": list(rooms.values()),
            }
        )
    return schemas.Facilities(result).model_dump(mode="json")


@bp.post("/closures")
@require_role(Role.FACILITY)
@write
@endpoint(
    summary="Close a room or a bed for the nights [starts_on, ends_on)",
    body=schemas.ClosureInput,
    answers={201: schemas.Closure},
    errors=(400, 401, 403, 404, 409, 422),
    bearer=True,
)
def post_closure():
    """Close a room or a bed for some nights."""
    data = parse(schemas.ClosureInput, json_body())
    reason = data.reason or ""
    closure = add_closure(
        room_id=data.room_id,
        bed_id=data.bed_id,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        reason=reason,
    )
    answer = schemas.Closure(
        id=closure.id,
        room_id=data.room_id,
        bed_id=data.bed_id,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        reason=reason,
    )
    return answer.model_dump(mode="json"), 201


@bp.delete("/closures/<int:closure_id>")
@require_role(Role.FACILITY)
@write
@endpoint(
    summary="Open the room or bed again",
    answers={204: "Removed"},
    errors=(401, 403, 404),
    bearer=True,
)
def delete_closure(closure_id: int):
    """Open the room or bed again."""
    remove_closure(closure_id)
    return "", 204


@bp.post("/stays")
@require_role(Role.FACILITY)
@write
@endpoint(
    summary="Put a participant or a guest in a bed for some nights",
    description="409 bed_taken (another stay has the bed on one of those nights), bed_closed,"
    " or person_has_bed (the same person, by name and birth date, sleeps elsewhere then);"
    " 422 validation (also an event_id that is not there).",
    body=schemas.StayInput,
    answers={201: schemas.Stay},
    errors=(400, 401, 403, 404, 409, 422),
    bearer=True,
)
def post_stay():
    """Put a participant or a guest in a bed for some nights."""
    data = parse(schemas.StayInput, json_body())
    participant = None
    if data.participant_id is not None:
        participant = db.session.get(Participant, data.participant_id)
        if participant is None:
            raise ValidationError({"participant_id": _("There is no such participant.")})
    guest = None
    if data.guest is not None:
        guest = Guest(data.guest.first_name, data.guest.last_name, data.guest.birth_date)
    stay = book_stay(
        bed_id=data.bed_id,
        arrives_on=data.arrives_on,
        departs_on=data.departs_on,
        purpose=StayPurpose(data.purpose),
        participant=participant,
        guest=guest,
        referred_by=data.referred_by or "",
        event_id=data.event_id,
        now=utcnow(),
    )
    return stay_json(stay), 201


@bp.delete("/stays/<int:stay_id>")
@require_role(Role.FACILITY)
@write
@endpoint(
    summary="Cancel a stay; its nights are free again",
    answers={204: "Cancelled"},
    errors=(401, 403, 404, 409),
    bearer=True,
)
def delete_stay(stay_id: int):
    """Cancel a stay: its nights are free again."""
    change_stay(stay_id, "cancel", now=utcnow())
    return "", 204


@bp.post("/stays/<int:stay_id>/check-in")
@require_role(Role.FACILITY)
@write
@endpoint(answers={200: schemas.Stay}, errors=(401, 403, 404, 409), bearer=True)
def check_in_stay(stay_id: int):
    """The guest has arrived."""
    return stay_json(change_stay(stay_id, "check_in", now=utcnow()))


@bp.post("/stays/<int:stay_id>/check-out")
@require_role(Role.FACILITY)
@write
@endpoint(answers={200: schemas.Stay}, errors=(401, 403, 404, 409), bearer=True)
def check_out_stay(stay_id: int):
    """The guest has left."""
    return stay_json(change_stay(stay_id, "check_out", now=utcnow()))


@bp.get("/facilities/<int:venue_id>/occupancy")
@require_role(Role.FACILITY)
@endpoint(
    summary="Per night from `from` to `to` (both included): beds total, open, occupied",
    query=schemas.OccupancyQuery,
    answers={200: schemas.Occupancy},
    errors=(401, 403, 404, 422),
    bearer=True,
)
def facility_occupancy(venue_id: int):
    """Per night: beds in all, open and occupied; and the bed-nights of the period."""
    if db.session.scalar(sa.select(Room.id).filter_by(venue_id=venue_id).limit(1)) is None:
        raise ApiError(404, "not_found", _("Not found."))
    query = parse(schemas.OccupancyQuery, request.args.to_dict())
    start, end = query.starts_on, query.ends_on
    limit = schemas.MAX_RANGE_DAYS
    if end < start or (end - start).days > limit:
        raise ValidationError({"to": _("Give a period of up to %(max)d days.", max=limit)})
    answer = schemas.Occupancy(**occupancy(venue_id, start, end + timedelta(days=1)))
    return answer.model_dump(mode="json")
