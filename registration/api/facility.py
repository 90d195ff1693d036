"""The facility through the JSON API: rooms and beds, closures, stays, occupancy."""

from datetime import timedelta

import sqlalchemy as sa
from flask import Blueprint, request
from flask_babel import gettext as _

from camps.facility import add_closure, remove_closure
from camps.models import Room, Venue
from core.db import utcnow
from core.errors import ValidationError
from extensions import csrf, db
from registration.models import Participant, Stay, StayPurpose
from registration.stays import Guest, book_stay, change_stay, facility_beds, occupancy
from staff.decorators import require_role
from staff.models import Role
from web.jsonapi import ApiError, Fields, json_body, write

bp = Blueprint("facility_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

MAX_RANGE_DAYS = 400


def stay_json(stay: Stay) -> dict:
    return {
        "id": stay.id,
        "bed_id": stay.bed_id,
        "participant_id": stay.participant_id,
        "event_id": stay.event_id,
        "first_name": stay.first_name,
        "purpose": stay.purpose.value,
        "arrives_on": stay.arrives_on.isoformat(),
        "departs_on": stay.departs_on.isoformat(),
        "nights": stay.nights,
        "status": stay.status.value,
    }


@bp.get("/facilities")
@require_role(Role.FACILITY)
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
    return result


@bp.post("/closures")
@require_role(Role.FACILITY)
@write
def post_closure():
    """Close a room or a bed for some nights."""
    fields = Fields(json_body())
    room_id, bed_id = fields.integer("room_id"), fields.integer("bed_id")
    starts_on, ends_on = (
        fields.date("starts_on", required=True),
        fields.date("ends_on", required=True),
    )
    reason = fields.string("reason", max_length=200) or ""
    fields.check()
    closure = add_closure(
        room_id=room_id, bed_id=bed_id, starts_on=starts_on, ends_on=ends_on, reason=reason
    )
    return {
        "id": closure.id,
        "room_id": room_id,
        "bed_id": bed_id,
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat(),
        "reason": reason,
    }, 201


@bp.delete("/closures/<int:closure_id>")
@require_role(Role.FACILITY)
@write
def delete_closure(closure_id: int):
    """Open the room or bed again."""
    remove_closure(closure_id)
    return "", 204


@bp.post("/stays")
@require_role(Role.FACILITY)
@write
def post_stay():
    """Put a participant or a guest in a bed for some nights."""
    body = json_body()
    fields = Fields(body)
    bed_id = fields.integer("bed_id", required=True)
    participant_id = fields.integer("participant_id")
    guest_body = fields.object("guest")
    arrives_on = fields.date("arrives_on", required=True)
    departs_on = fields.date("departs_on", required=True)
    purpose = fields.choice("purpose", [p.value for p in StayPurpose], required=True)
    event_id = fields.integer("event_id")
    referred_by = fields.string("referred_by", max_length=200) or ""
    guest = None
    if guest_body is not None:
        guest_fields = Fields(guest_body, prefix="guest.")
        guest = Guest(
            first_name=guest_fields.string("first_name", required=True, max_length=100) or "",
            last_name=guest_fields.string("last_name", required=True, max_length=100) or "",
            birth_date=guest_fields.date("birth_date"),
        )
        fields.errors.update(guest_fields.errors)
    participant = None
    if participant_id is not None:
        participant = db.session.get(Participant, participant_id)
        if participant is None:
            fields.errors["participant_id"] = _("There is no such participant.")
    fields.check()
    stay = book_stay(
        bed_id=bed_id,
        arrives_on=arrives_on,
        departs_on=departs_on,
        purpose=StayPurpose(purpose),
        participant=participant,
        guest=guest,
        referred_by=referred_by,
        event_id=event_id,
        now=utcnow(),
    )
    return stay_json(stay), 201


@bp.delete("/stays/<int:stay_id>")
@require_role(Role.FACILITY)
@write
def delete_stay(stay_id: int):
    """Cancel a stay: its nights are free again."""
    change_stay(stay_id, "cancel", now=utcnow())
    return "", 204


@bp.post("/stays/<int:stay_id>/check-in")
@require_role(Role.FACILITY)
@write
def check_in_stay(stay_id: int):
    """The guest has arrived."""
    return stay_json(change_stay(stay_id, "check_in", now=utcnow()))


@bp.post("/stays/<int:stay_id>/check-out")
@require_role(Role.FACILITY)
@write
def check_out_stay(stay_id: int):
    """The guest has left."""
    return stay_json(change_stay(stay_id, "check_out", now=utcnow()))


@bp.get("/facilities/<int:venue_id>/occupancy")
@require_role(Role.FACILITY)
def facility_occupancy(venue_id: int):
    """Per night: beds in all, open and occupied; and the bed-nights of the period."""
    if db.session.scalar(sa.select(Room.id).filter_by(venue_id=venue_id).limit(1)) is None:
        raise ApiError(404, "not_found", _("Not found."))
    fields = Fields(request.args.to_dict())
    start, end = fields.date("from", required=True), fields.date("to", required=True)
    fields.check()
    if end < start or (end - start).days > MAX_RANGE_DAYS:
        raise ValidationError({"to": _("Give a period of up to %(max)d days.", max=MAX_RANGE_DAYS)})
    return occupancy(venue_id, start, end + timedelta(days=1))
