"""The facility's inventory: rooms with beds, and closures. Services flush; callers commit."""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from camps.models import Bed, Closure, Room, RoomKind, Venue
from core.errors import NotFound, ValidationError
from core.locking import lock_name
from core.text import fits, normalise
from extensions import db


def is_facility(venue_id: int) -> bool:
    """Whether the venue is a facility: one with rooms to sleep in."""
    return db.session.scalar(sa.select(Room.id).filter_by(venue_id=venue_id).limit(1)) is not None


def facility_beds(venue_id: int) -> list[Bed]:
    """The venue's beds with their rooms, by floor, room and label."""
    return list(
        db.session.scalars(
            sa.select(Bed)
            .join(Room, Room.id == Bed.room_id)
            .where(Room.venue_id == venue_id)
            .order_by(Room.floor, Room.name, Bed.label)
            .options(sa.orm.contains_eager(Bed.room))
        )
    )


def closures_of(beds: list[Bed], *, during: tuple[date, date] | None = None) -> list[Closure]:
    """The closures of these beds and of their rooms, earliest first; or those `during`."""
    query = (
        sa.select(Closure)
        .where(
            sa.or_(
                Closure.bed_id.in_([bed.id for bed in beds]),
                Closure.room_id.in_(list({bed.room_id: None for bed in beds})),
            )
        )
        .order_by(Closure.starts_on)
    )
    if during is not None:
        query = query.where(Closure.during(*during))
    return list(db.session.scalars(query))


def add_closure(
    *,
    room_id: int | None,
    bed_id: int | None,
    starts_on: date | None,
    ends_on: date | None,
    reason: str,
) -> Closure:
    """Close a room or a bed for the nights [starts_on, ends_on)."""
    reason = normalise(reason)
    errors = {}
    if (room_id is None) == (bed_id is None):
        errors["room_id"] = _("Give a room or a bed.")
    elif room_id is not None and db.session.get(Room, room_id) is None:
        errors["room_id"] = _("There is no such room.")
    elif bed_id is not None and db.session.get(Bed, bed_id) is None:
        errors["bed_id"] = _("There is no such bed.")
    if starts_on is None:
        errors["starts_on"] = _("This field is required.")
    if ends_on is None:
        errors["ends_on"] = _("This field is required.")
    elif starts_on is not None and ends_on <= starts_on:
        errors["ends_on"] = _("The end must be after the start.")
    if not fits(reason, 200):
        errors["reason"] = _("Give a reason of up to %(max)d characters.", max=200)
    if errors:
        raise ValidationError(errors)
    closure = Closure(
        room_id=room_id, bed_id=bed_id, starts_on=starts_on, ends_on=ends_on, reason=reason
    )
    db.session.add(closure)
    db.session.flush()
    return closure


def remove_closure(closure_id: int) -> None:
    """Open a room or a bed again; a closure already removed (a second click) is not found."""
    removed = db.session.execute(sa.delete(Closure).where(Closure.id == closure_id)).rowcount
    if not removed:
        raise NotFound("not_found", _("Not found."))


def add_room(venue: Venue, *, name: str, floor: int, kind: RoomKind, beds: int) -> Room:
    """A room with its beds, labelled room-1, room-2, …"""
    name = normalise(name)
    errors = {}
    if not name or not fits(name, 100):
        errors["name"] = _("Give a name of up to %(max)d characters.", max=100)
    else:
        # Two coordinators adding the same room at once: the second one is told it exists.
        lock_name(f"room {venue.id} {name}")
        if db.session.scalar(sa.select(Room.id).filter_by(venue_id=venue.id, name=name)):
            errors["name"] = _("This facility already has a room with this name.")
    if not 1 <= beds <= 50:
        errors["beds"] = _("A room has from 1 to %(max)d beds.", max=50)
    if not -5 <= floor <= 50:
        errors["floor"] = _("Give a floor from %(min)d to %(max)d.", min=-5, max=50)
    if errors:
        raise ValidationError(errors)
    room = Room(venue_id=venue.id, name=name, floor=floor, kind=kind)
    db.session.add(room)
    db.session.flush()
    db.session.add_all(Bed(room_id=room.id, label=f"{name}-{n}") for n in range(1, beds + 1))
    db.session.flush()
    return room
