"""Stays at the facility: who sleeps in which bed each night. Services flush; callers commit.

A bed holds one stay a night. Nights are half-open, [arrives_on, departs_on): the night a
stay ends is free for the next one. Every booking locks the bed's row, then checks
closures and other stays, then writes; PostgreSQL also refuses overlaps with an exclusion
constraint, so no code path can double-book a bed.
"""

import dataclasses
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from camps.facility import facility_beds
from camps.models import Bed, Closure, Event, Room, RoomKind
from core.db import savepoint
from core.errors import DomainError, NotFound, ValidationError
from core.locking import lock_row, lock_rows
from core.text import clean_text
from extensions import db
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
NAME_LIMIT = 100

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


def _overlaps(start_column, end_column, arrives_on: date, departs_on: date):
    return sa.and_(start_column < departs_on, end_column > arrives_on)


def _live_during(arrives_on: date, departs_on: date):
    """Stays that are not cancelled and share a night with [arrives_on, departs_on)."""
    return sa.and_(
        Stay.status != StayStatus.CANCELLED,
        _overlaps(Stay.arrives_on, Stay.departs_on, arrives_on, departs_on),
    )


def _check_free(bed: Bed, arrives_on: date, departs_on: date, *, ignore: int | None = None):
    closed = db.session.scalar(
        sa.select(Closure.id).where(
            sa.or_(Closure.bed_id == bed.id, Closure.room_id == bed.room_id),
            _overlaps(Closure.starts_on, Closure.ends_on, arrives_on, departs_on),
        )
    )
    if closed is not None:
        raise DomainError("bed_closed", _("This bed is closed on some of these nights."))
    taken = db.session.scalar(
        sa.select(Stay.id).where(
            Stay.bed_id == bed.id,
            Stay.id != (ignore or 0),
            _live_during(arrives_on, departs_on),
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
        clean["first_name"] = clean_text(
            guest.first_name, "guest.first_name", NAME_LIMIT, errors, required=True
        )
        clean["last_name"] = clean_text(
            guest.last_name, "guest.last_name", NAME_LIMIT, errors, required=True
        )
        if guest.birth_date is None:
            errors["guest.birth_date"] = _("This field is required.")
        elif guest.birth_date > today or guest.birth_date.year < 1900:
            errors["guest.birth_date"] = _("Give a real date of birth.")
        elif clean["first_name"] and clean["last_name"]:
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
            _live_during(arrives_on, departs_on),
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
    referred_by = clean_text(referred_by, "referred_by", 200, errors)
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


def occupancy(venue_id: int, start: date, end: date) -> dict:
    """Per night in [start, end): beds in all, open, occupied; and the bed-nights in it."""
    beds = facility_beds(venue_id)
    bed_ids = [bed.id for bed in beds]
    rooms = {bed.room_id for bed in beds}
    stays = db.session.execute(
        sa.select(Stay.bed_id, Stay.arrives_on, Stay.departs_on).where(
            Stay.bed_id.in_(bed_ids),
            _live_during(start, end),
        )
    ).all()
    closures = db.session.execute(
        sa.select(Closure.bed_id, Closure.room_id, Closure.starts_on, Closure.ends_on).where(
            sa.or_(Closure.bed_id.in_(bed_ids), Closure.room_id.in_(rooms)),
            _overlaps(Closure.starts_on, Closure.ends_on, start, end),
        )
    ).all()
    beds_in_room: dict[int, list[int]] = {}
    for bed in beds:
        beds_in_room.setdefault(bed.room_id, []).append(bed.id)
    nights = []
    day = start
    while day < end:
        closed = set()
        for bed_id, room_id, starts_on, ends_on in closures:
            if starts_on <= day < ends_on:
                closed.update([bed_id] if bed_id else beds_in_room.get(room_id, []))
        occupied = {bed_id for bed_id, a, d in stays if a <= day < d}
        nights.append(
            {
                "date": day.isoformat(),
                "beds_total": len(beds),
                "beds_open": len(beds) - len(closed),
                "beds_occupied": len(occupied),
            }
        )
        day += timedelta(days=1)
    return {"nights": nights, "bed_nights": sum(n["beds_occupied"] for n in nights)}


def facility_for(event: Event) -> bool:
    """Whether the event is held at a facility with beds."""
    return (
        db.session.scalar(sa.select(Room.id).filter_by(venue_id=event.venue_id).limit(1))
        is not None
    )


@dataclasses.dataclass
class Allocation:
    placed: list[Stay]
    #: (participant, why) for each person who could not be placed.
    unplaced: list[tuple[Participant, str]]


def camp_nights(event: Event) -> tuple[date, date]:
    """The nights a camp sleeps at the venue: first day to last day, in the venue's zone."""
    zone = event.venue.zone
    arrives = event.starts_at.astimezone(zone).date()
    departs = event.ends_at.astimezone(zone).date()
    return arrives, max(departs, arrives + timedelta(days=1))


def allocate_beds(event: Event, *, now: datetime) -> Allocation:
    """Give every confirmed participant without a bed one, family by family.

    Families stay in one room; a family with a child and an adult, or of more than one,
    takes a family room; someone alone goes to a dormitory, never one mixing adults with
    minors; whoever needs an accessible room gets one with their whole family. What cannot be
    placed is listed with the reason. The facility's beds are locked first, in id order.
    """
    arrives, departs = camp_nights(event)
    beds = facility_beds(event.venue_id)
    lock_rows(Bed, [bed.id for bed in beds])
    lock_row(Event, event.id)  # who is confirmed is read after this
    beds = facility_beds(event.venue_id)
    busy = set(
        db.session.scalars(
            sa.select(Stay.bed_id).where(
                Stay.bed_id.in_([b.id for b in beds]),
                _live_during(arrives, departs),
            )
        )
    )
    closures = db.session.execute(
        sa.select(Closure.bed_id, Closure.room_id).where(
            _overlaps(Closure.starts_on, Closure.ends_on, arrives, departs)
        )
    ).all()
    closed_beds = {bed_id for bed_id, _room in closures if bed_id}
    closed_rooms = {room_id for _bed, room_id in closures if room_id}
    free: dict[int, list[Bed]] = {}
    rooms: dict[int, Room] = {}
    for bed in beds:
        rooms[bed.room_id] = bed.room
        if bed.id not in busy and bed.id not in closed_beds and bed.room_id not in closed_rooms:
            free.setdefault(bed.room_id, []).append(bed)
    # Who already sleeps in each room during the camp: adults, minors, or nobody yet.
    groups: dict[int, set[bool]] = {}
    for stay in db.session.scalars(
        sa.select(Stay).where(
            Stay.bed_id.in_(list(busy)),
            _live_during(arrives, departs),
        )
    ):
        bed = next(b for b in beds if b.id == stay.bed_id)
        adult = stay.participant.age >= 18 if stay.participant else True
        groups.setdefault(bed.room_id, set()).add(adult)
    waiting = db.session.scalars(
        sa.select(Participant)
        .where(
            Participant.event_id == event.id,
            Participant.status == ParticipantStatus.CONFIRMED,
            ~sa.exists().where(
                Stay.participant_id == Participant.id, Stay.status != StayStatus.CANCELLED
            ),
        )
        .order_by(Participant.booking_id, Participant.id)
    ).all()
    # The same person may sleep elsewhere those nights (another camp, a temporary stay).
    elsewhere = set(
        db.session.scalars(
            sa.select(Stay.person_key).where(
                Stay.person_key.in_([p.person_key for p in waiting]),
                _live_during(arrives, departs),
            )
        )
    )
    result = Allocation(placed=[], unplaced=[])
    families: dict[int, list[Participant]] = {}
    for participant in waiting:
        if participant.person_key in elsewhere:
            reason = _("This person already has a bed on some of these nights.")
            result.unplaced.append((participant, reason))
        else:
            families.setdefault(participant.booking_id, []).append(participant)
    for members in families.values():
        adults = {p.age >= 18 for p in members}
        accessible = any(p.needs_accessible_room for p in members)
        if accessible:
            kinds, reason = {RoomKind.ACCESSIBLE}, _("No accessible room has enough free beds.")
        elif len(members) > 1 or len(adults) > 1:
            kinds, reason = {RoomKind.FAMILY}, _("No family room has enough free beds.")
        else:
            kinds, reason = (
                {RoomKind.DORMITORY},
                _("No dormitory for this age group has a free bed."),
            )
        room_id = next(
            (
                room_id
                for room_id, room_beds in sorted(free.items(), key=lambda item: len(item[1]))
                if rooms[room_id].kind in kinds
                and len(room_beds) >= len(members)
                and (
                    rooms[room_id].kind != RoomKind.DORMITORY
                    or groups.get(room_id, adults) == adults
                )
                and (rooms[room_id].kind == RoomKind.DORMITORY or room_id not in groups)
            ),
            None,
        )
        if room_id is None:
            result.unplaced += [(p, reason) for p in members]
            continue
        for participant in members:
            bed = free[room_id].pop(0)
            stay = Stay(
                bed_id=bed.id,
                participant_id=participant.id,
                event_id=event.id,
                person_key=participant.person_key,
                purpose=StayPurpose.CAMP,
                arrives_on=arrives,
                departs_on=departs,
                status=StayStatus.PLANNED,
                created_at=now,
            )
            db.session.add(stay)
            result.placed.append(stay)
        groups.setdefault(room_id, set()).update(adults)
    db.session.flush()
    return result


@dataclasses.dataclass
class ReportRow:
    month: str
    programme: str
    purpose: str
    bed_nights: int


def bed_night_report(venue_id: int, start: date, end: date) -> dict:
    """Bed-nights in [start, end) by month, programme and purpose, and occupancy per month."""
    beds = facility_beds(venue_id)
    stays = db.session.execute(
        sa.select(Stay, Event)
        .outerjoin(Event, Event.id == Stay.event_id)
        .where(
            Stay.bed_id.in_([bed.id for bed in beds]),
            _live_during(start, end),
        )
        .options(sa.orm.joinedload(Event.partner))
    ).all()
    counts: dict[tuple[str, str, str], int] = {}
    for stay, event in stays:
        programme = event.partner.name if event else "—"
        night = max(stay.arrives_on, start)
        while night < min(stay.departs_on, end):
            key = (night.strftime("%Y-%m"), programme, stay.purpose.value)
            counts[key] = counts.get(key, 0) + 1
            night += timedelta(days=1)
    nights = occupancy(venue_id, start, end)["nights"]
    months: dict[str, dict[str, int]] = {}
    for night in nights:
        month = months.setdefault(night["date"][:7], {"open": 0, "occupied": 0})
        month["open"] += night["beds_open"]
        month["occupied"] += night["beds_occupied"]
    return {
        "rows": [ReportRow(*key, value) for key, value in sorted(counts.items())],
        "months": [
            {
                "month": month,
                "bed_nights": values["occupied"],
                "open_bed_nights": values["open"],
                "rate": values["occupied"] / values["open"] if values["open"] else 0.0,
            }
            for month, values in sorted(months.items())
        ],
    }


def report_table(report: dict) -> tuple[list[str], list[list]]:
    """The bed-night report as one table: by programme and purpose, then each month in all."""
    headers = ["month", "programme", "purpose", "bed_nights", "open_bed_nights", "occupancy_rate"]
    rows = [[r.month, r.programme, r.purpose, r.bed_nights, "", ""] for r in report["rows"]]
    rows += [
        [m["month"], "all", "all", m["bed_nights"], m["open_bed_nights"], f"{m['rate']:.3f}"]
        for m in report["months"]
    ]
    return headers, rows
