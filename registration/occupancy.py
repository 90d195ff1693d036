"""The facility's nights: the occupancy board, beds free and taken, bed-night totals."""

import dataclasses
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from camps.facility import closures_of, facility_beds
from camps.models import Bed, Closure, Event, EventStatus
from extensions import db
from registration.models import Stay

#: How many camps coming to the venue the board offers to allocate beds for.
BOARD_CAMPS = 5


@dataclasses.dataclass
class Cell:
    nights: int = 1
    stay: Stay | None = None
    closed: bool = False


def board_rows(beds: list[Bed], stays: list[Stay], closures: list[Closure], start: date, days: int):
    """A row of cells per bed: a stay spans its nights as one bar; closures are shaded."""
    end = start + timedelta(days=days)
    by_bed: dict[int, list[Stay]] = {}
    for stay in stays:
        by_bed.setdefault(stay.bed_id, []).append(stay)
    rows, free = [], [0] * days
    for bed in beds:
        closed_nights = {
            n
            for closure in closures
            if closure.bed_id == bed.id or closure.room_id == bed.room_id
            for n in range(days)
            if closure.starts_on <= start + timedelta(days=n) < closure.ends_on
        }
        cells, night = [], 0
        starts = {max(s.arrives_on, start): s for s in by_bed.get(bed.id, [])}
        while night < days:
            day = start + timedelta(days=night)
            stay = starts.get(day)
            if stay is not None:
                span = (min(stay.departs_on, end) - day).days
                cells.append(Cell(nights=span, stay=stay))
                night += span
                continue
            closed = night in closed_nights
            if not closed:
                free[night] += 1
            cells.append(Cell(closed=closed))
            night += 1
        rows.append((bed, cells))
    return rows, free


@dataclasses.dataclass
class Board:
    start: date
    days: int
    #: (bed, cells) per bed, in room order.
    rows: list[tuple[Bed, list[Cell]]]
    #: Free beds each night.
    free: list[int]
    #: The venue's next published camps, to allocate beds for.
    camps: list[Event]

    @property
    def nights(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range(self.days)]

    @property
    def previous(self) -> date:
        return self.start - timedelta(days=self.days)

    @property
    def following(self) -> date:
        return self.start + timedelta(days=self.days)


def occupancy_board(venue_id: int, start: date, days: int, *, now: datetime) -> Board:
    """The venue's beds over `days` nights from start: stays, closures, free beds, next camps."""
    end = start + timedelta(days=days)
    beds = facility_beds(venue_id)
    stays = db.session.scalars(
        sa.select(Stay)
        .where(Stay.bed_id.in_([bed.id for bed in beds]), Stay.live_during(start, end))
        .options(joinedload(Stay.participant))
    ).all()
    closures = closures_of(beds, during=(start, end))
    rows, free = board_rows(beds, list(stays), closures, start, days)
    camps = db.session.scalars(
        sa.select(Event)
        .where(
            Event.venue_id == venue_id,
            Event.ends_at > now,
            Event.status == EventStatus.PUBLISHED,
        )
        .order_by(Event.starts_at)
        .limit(BOARD_CAMPS)
        .options(selectinload(Event.texts))
    ).all()
    return Board(start=start, days=days, rows=rows, free=free, camps=list(camps))
