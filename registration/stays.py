"""Stays at the facility: who sleeps in which bed each night. Services flush; callers commit.

A bed holds one stay a night. Nights are half-open, [arrives_on, departs_on): the night a
stay ends is free for the next one. Every booking locks the bed's row, then checks
closures and other stays, then writes; PostgreSQL also refuses overlaps with an exclusion
constraint, so no code path can double-book a bed.
"""

import dataclasses
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from camps.models import Bed, Closure, Event
from core.db import savepoint
from core.errors import DomainError, NotFound, ValidationError
from core.locking import lock_row, lock_rows
from core.text import clean_name, clean_text
from extensions import db
from registration.eligibility import check_birth_date
from registration.models import (
    Participant,
    ParticipantStatus,
    Stay,
    StayPurpose,
    StayStatus,
    person_key,
)

#: The longest stay one booking may hold.
MAX_NIGHTS = 366
MAX_REFERRED_BY = 200

# Belt and braces on PostgreSQL: the database itself refuses two live stays of one bed, or of
# one person, that share a night (the migrations create the same constraints).
EXCLUDE_OVERLAPS = sa.DDL(
    "CREATE EXTENSION IF NOT EXISTS btree_gist;"
    " ALTER TABLE stay ADD CONSTRAINT ex_stay_bed_nights EXCLUDE USING gist"
    " (bed_id WITH =, daterange(arrives_on, departs_on) WITH &&)"
    " WHERE (status != 'cancelled');"
    " ALTER TABLE stay ADD CONSTRAINT ex_stay_person_nights EXCLUDE USING gist"
    " (person_key WITH =, daterange(arrives_on, departs_on) WITH &&)"
    " WHERE (status != 'cancelled')"
)
sa.event.listen(Stay.__table__, "after_create", EXCLUDE_OVERLAPS.execute_if(dialect="postgresql"))


@dataclasses.dataclass
class Guest:
    first_name: str
    last_name: str
    birth_date: date | None = None


def _check_free(bed: Bed, arrives_on: date, departs_on: date, *, ignore: int | None = None):
    closed = db.session.scalar(
        sa.select(Closure.id).where(
            sa.or_(Closure.bed_id == bed.id, Closure.room_id == bed.room_id),
            Closure.during(arrives_on, departs_on),
        )
    )
    if closed is not None:
        raise DomainError("bed_closed", _("This bed is closed on some of these nights."))
    taken = db.session.scalar(
        sa.select(Stay.id).where(
            Stay.bed_id == bed.id,
            Stay.id != (ignore or 0),
            Stay.live_during(arrives_on, departs_on),
        )
    )
    if taken is not None:
        raise DomainError("bed_taken", _("Someone else has this bed on some of these nights."))


def _validate(arrives_on, departs_on, participant, guest, *, today: date) -> dict:
    """Check the stay's input; return the guest's cleaned name and key of whoever stays."""
    errors: dict[str, str] = {}
    if arrives_on is None:
        errors["arrives_on"] = _("This field is required.")
    if departs_on is None:
        errors["departs_on"] = _("This field is required.")
    if arrives_on and departs_on:
        if departs_on <= arrives_on:
            errors["departs_on"] = _("The departure must be after the arrival.")
        elif (departs_on - arrives_on).days > MAX_NIGHTS:
            errors["departs_on"] = _("A stay lasts at most %(max)d nights.", max=MAX_NIGHTS)
    clean = {"first_name": "", "last_name": "", "key": ""}
    if participant is None and guest is None:
        errors["participant_id"] = _("Give a participant or a guest.")
    if guest is not None:
        # A guest is a person entered by hand: the registration's rules for names and births.
        clean["first_name"] = clean_name(guest.first_name, "guest.first_name", errors)
        clean["last_name"] = clean_name(guest.last_name, "guest.last_name", errors)
        check_birth_date(guest.birth_date, "guest.birth_date", errors, today=today)
        if "guest.birth_date" not in errors and clean["first_name"] and clean["last_name"]:
            clean["key"] = person_key(clean["first_name"], clean["last_name"], guest.birth_date)
    if participant is not None:
        if participant.status != ParticipantStatus.CONFIRMED:
            errors["participant_id"] = _("Only a participant with a confirmed place can stay.")
        clean["key"] = participant.person_key
    if errors:
        raise ValidationError(errors)
    return clean


def _check_person_free(key: str, arrives_on: date, departs_on: date, *, ignore=None) -> None:
    other = db.session.scalar(
        sa.select(Stay.id).where(
            Stay.person_key == key,
            Stay.id != (ignore or 0),
            Stay.live_during(arrives_on, departs_on),
        )
    )
    if other is not None:
        raise DomainError(
            "person_has_bed", _("This person already has a bed on some of these nights.")
        )


def book_stay(
    *,
    bed_id: int,
    arrives_on: date,
    departs_on: date,
    purpose: StayPurpose,
    participant: Participant | None = None,
    guest: Guest | None = None,
    referred_by: str = "",
    event_id: int | None = None,
    now: datetime,
) -> Stay:
    """Put someone in a bed for the nights [arrives_on, departs_on), if it is free and open.

    One bed holds one person a night, and one person one bed: a participant, or a guest (the
    same person when name and birth date match), is never in two beds on one night.
    """
    errors: dict[str, str] = {}
    referred_by = clean_text(referred_by, "referred_by", MAX_REFERRED_BY, errors)
    if errors:
        raise ValidationError(errors)
    if event_id is not None and db.session.get(Event, event_id) is None:
        raise ValidationError({"event_id": _("There is no such event.")})
    bed = lock_row(Bed, bed_id)
    if bed is None:
        raise NotFound("not_found", _("Not found."))
    if participant is not None:
        # The place is read under its event's lock: a child cancelled meanwhile gets no bed.
        lock_row(Event, participant.event_id)
    clean = _validate(arrives_on, departs_on, participant, guest, today=now.date())
    _check_free(bed, arrives_on, departs_on)
    _check_person_free(clean["key"], arrives_on, departs_on)
    stay = Stay(
        bed_id=bed.id,
        participant_id=participant.id if participant else None,
        event_id=event_id or (participant.event_id if participant else None),
        guest_first_name=clean["first_name"],
        guest_last_name=clean["last_name"],
        guest_birth_date=guest.birth_date if guest else None,
        person_key=clean["key"],
        referred_by=referred_by,
        purpose=purpose,
        arrives_on=arrives_on,
        departs_on=departs_on,
        status=StayStatus.PLANNED,
        created_at=now,
    )
    _insert(stay)
    return stay


def _insert(stay: Stay) -> None:
    """Write the stay; PostgreSQL's own exclusion constraints have the last word."""
    try:
        with savepoint():
            db.session.add(stay)
            db.session.flush()
    except sa.exc.IntegrityError as error:
        if "ex_stay_person_nights" in str(error.orig):
            raise DomainError(
                "person_has_bed", _("This person already has a bed on some of these nights.")
            ) from None
        if "ex_stay_bed_nights" in str(error.orig):
            raise DomainError(
                "bed_taken", _("Someone else has this bed on some of these nights.")
            ) from None
        raise


def move_stay(stay_id: int, bed_id: int, *, now: datetime) -> Stay:
    """Move a stay to another bed for the same nights."""
    stay = _locked_stay(stay_id, also_bed=bed_id)
    if stay.status == StayStatus.CANCELLED:
        raise DomainError("stay_cancelled", _("This stay is cancelled."))
    bed = db.session.get(Bed, bed_id)
    if bed is None:
        raise NotFound("not_found", _("Not found."))
    _check_free(bed, stay.arrives_on, stay.departs_on, ignore=stay.id)
    stay.bed_id = bed_id
    db.session.flush()
    return stay


def _locked_stay(stay_id: int, *, also_bed: int | None = None) -> Stay:
    """Lock the stay's bed (and another one, in id order), then read the stay."""
    bed_id = db.session.scalar(sa.select(Stay.bed_id).filter_by(id=stay_id))
    if bed_id is None:
        raise NotFound("not_found", _("Not found."))
    lock_rows(Bed, {bed_id} | ({also_bed} if also_bed is not None else set()))
    stay = db.session.get(Stay, stay_id)
    if stay.bed_id != bed_id:  # moved meanwhile: lock its new bed too
        return _locked_stay(stay_id, also_bed=also_bed)
    return stay


_NEXT = {
    "check_in": ({StayStatus.PLANNED}, StayStatus.CHECKED_IN),
    "check_out": ({StayStatus.CHECKED_IN}, StayStatus.CHECKED_OUT),
    "cancel": ({StayStatus.PLANNED, StayStatus.CHECKED_IN}, StayStatus.CANCELLED),
}


def change_stay(stay_id: int, action: str, *, now: datetime) -> Stay:
    """Check a stay in or out, or cancel it (which frees its nights)."""
    stay = _locked_stay(stay_id)
    allowed, status = _NEXT[action]
    if stay.status not in allowed:
        raise DomainError("invalid_status", _("This stay cannot do that now."))
    stay.status = status
    if status == StayStatus.CHECKED_IN:
        stay.checked_in_at = now
    elif status == StayStatus.CHECKED_OUT:
        stay.checked_out_at = now
    db.session.flush()
    return stay
