"""The facility's nights: the occupancy board, beds open and taken, bed-night reports."""

import dataclasses
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from camps.facility import closures_of, facility_beds
from camps.models import Bed, Closure, Event, EventStatus
from core.formatting import format_month
from extensions import db
from registration.models import Stay, StayPurpose
from web.locale import current_locale

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


def occupancy(venue_id: int, start: date, end: date) -> dict:
    """Per night in [start, end): beds in all, open, occupied; and the bed-nights in it."""
    beds = facility_beds(venue_id)
    stays = db.session.execute(
        sa.select(Stay.bed_id, Stay.arrives_on, Stay.departs_on).where(
            Stay.bed_id.in_([bed.id for bed in beds]), Stay.live_during(start, end)
        )
    ).all()
    closures = closures_of(beds, during=(start, end))
    beds_in_room: dict[int, list[int]] = {}
    for bed in beds:
        beds_in_room.setdefault(bed.room_id, []).append(bed.id)
    nights = []
    day = start
    while day < end:
        closed = set()
        for closure in closures:
            if closure.starts_on <= day < closure.ends_on:
                closed.update(
                    [closure.bed_id] if closure.bed_id else beds_in_room.get(closure.room_id, [])
                )
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


@dataclasses.dataclass
class ReportRow:
    month: str
    programme: str
    purpose: str
    bed_nights: int

    @property
    def month_title(self) -> str:
        return month_title(self.month)

    @property
    def purpose_title(self) -> str:
        return StayPurpose(self.purpose).title


def month_title(month: str) -> str:
    """ "2027-07" as the current language names the month: "July 2027", "2027 m. liepa"."""
    year, number = month.split("-")
    return format_month(int(year), int(number), current_locale())


def bed_night_report(venue_id: int, start: date, end: date) -> dict:
    """Bed-nights in [start, end) by month, programme and purpose, and occupancy per month."""
    beds = facility_beds(venue_id)
    stays = db.session.execute(
        sa.select(Stay, Event)
        .outerjoin(Event, Event.id == Stay.event_id)
        .where(
            Stay.bed_id.in_([bed.id for bed in beds]),
            Stay.live_during(start, end),
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
                "title": month_title(month),
                "bed_nights": values["occupied"],
                "open_bed_nights": values["open"],
                "rate": values["occupied"] / values["open"] if values["open"] else 0.0,
            }
            for month, values in sorted(months.items())
        ],
    }


def report_table(report: dict) -> tuple[list[str], list[list]]:
    """The bed-night report as one table: by programme and purpose, then each month in all."""
    # A data file for the facility's own sheets and the programme's: fixed keys, not words.
    headers = ["month", "programme", "purpose", "bed_nights", "open_bed_nights", "occupancy_rate"]
    rows = [[r.month, r.programme, r.purpose, r.bed_nights, "", ""] for r in report["rows"]]
    rows += [
        [m["month"], "all", "all", m["bed_nights"], m["open_bed_nights"], f"{m['rate']:.3f}"]
        for m in report["months"]
    ]
    return headers, rows
