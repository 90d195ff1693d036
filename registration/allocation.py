"""Beds for a camp at the facility: every confirmed participant placed, family by family.

Families stay in one room; a family with a child and an adult, or of more than one, takes a
family room; someone alone goes to a dormitory, never one mixing adults with minors; whoever
needs an accessible room gets one with their whole family. Services flush; callers commit.
"""

import dataclasses
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from camps.facility import closures_of, facility_beds
from camps.models import Bed, Event, Room, RoomKind
from core.locking import lock_row, lock_rows
from extensions import db
from registration.models import Participant, ParticipantStatus, Stay, StayPurpose, StayStatus


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

    What cannot be placed is listed with the reason. The facility's beds are locked first,
    in id order, then the event.
    """
    arrives, departs = camp_nights(event)
    beds = _lock_facility(event)
    busy = _busy_beds(beds, arrives, departs)
    free = _free_beds_by_room(beds, busy, arrives, departs)
    rooms = {bed.room_id: bed.room for bed in beds}
    ages = _ages_by_room(beds, busy, arrives, departs)
    families, elsewhere = _families_without_bed(event, arrives, departs)
    result = Allocation(placed=[], unplaced=elsewhere)
    for members in families:
        kinds, reason = _room_kinds(members)
        room_id = _pick_room(members, kinds, free, rooms, ages)
        if room_id is None:
            result.unplaced += [(p, reason) for p in members]
            continue
        result.placed += _place(members, free[room_id], event, arrives, departs, now=now)
        ages.setdefault(room_id, set()).update(p.is_adult for p in members)
    db.session.flush()
    return result


def _lock_facility(event: Event) -> list[Bed]:
    """Lock the venue's beds, then the event (who is confirmed is read after it); the beds."""
    lock_rows(Bed, [bed.id for bed in facility_beds(event.venue_id)])
    lock_row(Event, event.id)
    return facility_beds(event.venue_id)


def _busy_beds(beds: list[Bed], arrives: date, departs: date) -> set[int]:
    """The beds someone already sleeps in on one of the camp's nights."""
    return set(
        db.session.scalars(
            sa.select(Stay.bed_id).where(
                Stay.bed_id.in_([bed.id for bed in beds]), Stay.live_during(arrives, departs)
            )
        )
    )


def _free_beds_by_room(
    beds: list[Bed], busy: set[int], arrives: date, departs: date
) -> dict[int, list[Bed]]:
    """The beds neither taken nor closed on any of the camp's nights, by room."""
    closures = closures_of(beds, during=(arrives, departs))
    unusable = busy | {closure.bed_id for closure in closures if closure.bed_id}
    closed_rooms = {closure.room_id for closure in closures if closure.room_id}
    free: dict[int, list[Bed]] = {}
    for bed in beds:
        if bed.id not in unusable and bed.room_id not in closed_rooms:
            free.setdefault(bed.room_id, []).append(bed)
    return free


def _ages_by_room(
    beds: list[Bed], busy: set[int], arrives: date, departs: date
) -> dict[int, set[bool]]:
    """Who already sleeps in each room during the camp: adults (True), minors (False)."""
    room_of = {bed.id: bed.room_id for bed in beds}
    ages: dict[int, set[bool]] = {}
    for stay in db.session.scalars(
        sa.select(Stay).where(Stay.bed_id.in_(list(busy)), Stay.live_during(arrives, departs))
    ):
        adult = stay.participant.is_adult if stay.participant else True
        ages.setdefault(room_of[stay.bed_id], set()).add(adult)
    return ages


def _families_without_bed(
    event: Event, arrives: date, departs: date
) -> tuple[list[list[Participant]], list[tuple[Participant, str]]]:
    """The confirmed participants without a bed, by family; apart, those who sleep elsewhere
    on these nights (another camp, a temporary stay), with the reason."""
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
    elsewhere = set(
        db.session.scalars(
            sa.select(Stay.person_key).where(
                Stay.person_key.in_([p.person_key for p in waiting]),
                Stay.live_during(arrives, departs),
            )
        )
    )
    reason = _("This person already has a bed on some of these nights.")
    families: dict[int, list[Participant]] = {}
    for participant in waiting:
        if participant.person_key not in elsewhere:
            families.setdefault(participant.booking_id, []).append(participant)
    return list(families.values()), [(p, reason) for p in waiting if p.person_key in elsewhere]


def _room_kinds(members: list[Participant]) -> tuple[set[RoomKind], str]:
    """The kinds of room a family may take, and why it is unplaced when none is free."""
    if any(p.needs_accessible_room for p in members):
        return {RoomKind.ACCESSIBLE}, _("No accessible room has enough free beds.")
    if len(members) > 1 or len({p.is_adult for p in members}) > 1:
        return {RoomKind.FAMILY}, _("No family room has enough free beds.")
    return {RoomKind.DORMITORY}, _("No dormitory for this age group has a free bed.")


def _pick_room(
    members: list[Participant],
    kinds: set[RoomKind],
    free: dict[int, list[Bed]],
    rooms: dict[int, Room],
    ages: dict[int, set[bool]],
) -> int | None:
    """The room of these kinds with the fewest free beds that still holds the family: a
    dormitory only of their age group, any other room only while nobody sleeps in it."""
    adults = {p.is_adult for p in members}
    for room_id, room_beds in sorted(free.items(), key=lambda item: len(item[1])):
        kind = rooms[room_id].kind
        if kind not in kinds or len(room_beds) < len(members):
            continue
        if kind == RoomKind.DORMITORY and ages.get(room_id, adults) != adults:
            continue
        if kind != RoomKind.DORMITORY and room_id in ages:
            continue
        return room_id
    return None


def _place(
    members: list[Participant],
    beds: list[Bed],
    event: Event,
    arrives: date,
    departs: date,
    *,
    now: datetime,
) -> list[Stay]:
    """A stay for each member in the room's next free beds, which are taken off its list."""
    stays = [
        Stay(
            bed_id=beds.pop(0).id,
            participant_id=participant.id,
            event_id=event.id,
            person_key=participant.person_key,
            purpose=StayPurpose.CAMP,
            arrives_on=arrives,
            departs_on=departs,
            status=StayStatus.PLANNED,
            created_at=now,
        )
        for participant in members
    ]
    db.session.add_all(stays)
    return stays
