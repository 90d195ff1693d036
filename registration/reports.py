"""Programme reports for the EU programme: who was reached, who came, how much happened.

A programme is one partner or a group of partners; a period is [start, end) by the events'
first days. Everything is computed from four queries, whatever the number of events and
people. Groups of fewer than five people are shown as "<5", never as exact counts; counts of
events, hours and nights are not people and are always exact.
"""

import dataclasses
from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import format_decimal, get_locale, lazy_pgettext, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from camps.models import Event, EventKind, EventStatus, Partner
from extensions import db
from registration.models import (
    ADULT_AGE,
    Booking,
    Gender,
    Participant,
    ParticipantStatus,
    Stay,
    StayStatus,
    Ticket,
    age_on,
)
from staff.models import StaffUser

SMALL = 5
AGE_BANDS = (
    ("under_14", _l("under 14"), 0, 13),
    ("14_17", _l("14–17"), 14, 17),
    ("18_29", _l("18–29"), 18, 29),
    ("30_plus", _l("30 and over"), 30, 200),
)


def shown(count: int) -> str:
    """A count as published: exact from five up, "<5" below (but 0 stays 0)."""
    return "<5" if 0 < count < SMALL else str(count)


@dataclasses.dataclass
class Report:
    events_by_kind: dict[str, int]
    people: int
    by_country: dict[str, int]
    by_gender: dict[str, int]
    by_age_band: dict[str, int]
    registered: int
    attended: int
    hours: float
    first_time: int
    returning: int
    bed_nights: int
    professionals_trained: int

    def rows(self) -> list[tuple[str, str, str]]:
        """(section, group, shown count) for the table and the exports."""
        rows = [("events", kind, str(count)) for kind, count in self.events_by_kind.items()]
        rows.append(("people", "all", shown(self.people)))
        rows += [("country", key, shown(n)) for key, n in sorted(self.by_country.items())]
        rows += [("gender", key, shown(n)) for key, n in sorted(self.by_gender.items())]
        rows += [("age", key, shown(self.by_age_band.get(key, 0))) for key, *_r in AGE_BANDS]
        rows += [
            ("participation", "registered", shown(self.registered)),
            ("participation", "attended", shown(self.attended)),
            ("participation", "first_time", shown(self.first_time)),
            ("participation", "returning", shown(self.returning)),
            ("activity", "hours", f"{self.hours:.1f}"),
            ("facility", "bed_nights", str(self.bed_nights)),
            ("workshops", "professionals_trained", shown(self.professionals_trained)),
        ]
        return rows

    def labelled_rows(self) -> list[tuple[str, str, str]]:
        """rows() as people read them: sections, groups and numbers in the current language."""
        return [
            (str(SECTIONS[section]), group_title(section, group), self._count_text(group, count))
            for section, group, count in self.rows()
        ]

    def _count_text(self, group: str, count: str) -> str:
        if group == "hours":
            return format_decimal(round(self.hours, 1), format="#,##0.#")
        return count if count == "<5" else format_decimal(int(count))

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The labelled rows with their headers, for CSV and XLSX: both are read by people."""
        # Translators: the headers of the programme report's table and its CSV/XLSX files.
        headers = [
            pgettext("report column", "Section"),
            pgettext("report column", "Group"),
            pgettext("report column", "People"),
        ]
        return headers, [list(row) for row in self.labelled_rows()]


#: The report's sections, by the key rows() gives them.
SECTIONS = {
    # Translators: a section of the programme report: how many events there were, by kind.
    "events": lazy_pgettext("report section", "Events"),
    # Translators: a section of the programme report: how many people were reached in all.
    "people": lazy_pgettext("report section", "People"),
    # Translators: a section of the programme report: people by the country their family lives in.
    "country": lazy_pgettext("report section", "Country"),
    "gender": lazy_pgettext("report section", "Gender"),
    # Translators: a section of the programme report: people by their age band.
    "age": lazy_pgettext("report section", "Age"),
    # Translators: a section of the programme report: registered, came, first time, returning.
    "participation": lazy_pgettext("report section", "Participation"),
    # Translators: a section of the programme report: the hours the events lasted.
    "activity": lazy_pgettext("report section", "Activity"),
    # Translators: a section of the programme report: nights spent in the facility's beds.
    "facility": lazy_pgettext("report section", "Facility"),
    "workshops": lazy_pgettext("report section", "Workshops"),
}
#: The groups of the fixed sections, by their keys.
GROUPS = {
    # Translators: the programme report's row of all the people reached.
    "all": lazy_pgettext("report group", "All"),
    "registered": _l("registered"),
    "attended": _l("attended"),
    "first_time": _l("first time"),
    "returning": _l("returning"),
    # Translators: the programme report's row of how many hours the events lasted in all.
    "hours": lazy_pgettext("report group", "Hours of activity"),
    "bed_nights": lazy_pgettext("report group", "Bed-nights"),
    "professionals_trained": lazy_pgettext("report group", "Professionals trained"),
    # Translators: people whose gender was not given at registration.
    "unknown": lazy_pgettext("gender", "Not given"),
    # Translators: people whose family gave no country at registration.
    "—": lazy_pgettext("country", "Not given"),
}
AGE_TITLES = {key: label for key, label, *_r in AGE_BANDS}


def group_title(section: str, key: str) -> str:
    """A row's group as people read it: a title for every key rows() gives."""
    if section == "events" and key in EventKind._value2member_map_:
        return EventKind(key).title
    if section == "gender" and key in Gender._value2member_map_:
        return Gender(key).title
    if section == "age" and key in AGE_TITLES:
        return str(AGE_TITLES[key])
    if section == "country" and key in get_locale().territories:
        return get_locale().territories[key]
    return str(GROUPS.get(key, key))


#: A chart: its title, its (label, count) bars, and whether it counts people (small groups of
#: people are shown as "<5"; events, hours and nights are not people and are always exact).
Chart = tuple[str, list[tuple[str, int]], bool]


def charts(report: Report) -> list[Chart]:
    """The report's charts, titled and labelled in the current language."""
    return [
        (
            _("People by age band"),
            [(str(label), report.by_age_band.get(key, 0)) for key, label, *_r in AGE_BANDS],
            True,
        ),
        (
            _("People by gender"),
            [(group_title("gender", key), n) for key, n in sorted(report.by_gender.items())],
            True,
        ),
        (
            _("People by country"),
            sorted((group_title("country", key), n) for key, n in report.by_country.items()),
            True,
        ),
        (
            _("Registered and attended"),
            [
                (_("registered"), report.registered),
                (_("attended"), report.attended),
                (_("first time"), report.first_time),
                (_("returning"), report.returning),
            ],
            True,
        ),
        (
            _("Events by kind"),
            [(EventKind(kind).title, n) for kind, n in sorted(report.events_by_kind.items())],
            False,
        ),
    ]


def report_partners(user: StaffUser) -> list[Partner]:
    """The partners whose programme this staff member may report on, by name."""
    partners = db.session.scalars(sa.select(Partner).order_by(Partner.name))
    return [partner for partner in partners if user.can_manage_partner(partner.id)]


def report_period(
    start: date | None, last: date | None, *, today: date, latest: date | None = None
) -> tuple[date, date]:
    """The period [start, end) from its first to its last day. Without both: today's year, or,
    if the programme's last event with participants (`latest`) is before it, the year that ends
    on that event's first day, so that the report opens on data."""
    if start and last:
        return start, last + timedelta(days=1)
    if latest is not None and latest < date(today.year, 1, 1):
        return _year_before(latest), latest + timedelta(days=1)
    return date(today.year, 1, 1), date(today.year + 1, 1, 1)


def _year_before(day: date) -> date:
    """The day after the same day a year earlier (29 February has none: 1 March)."""
    try:
        return day.replace(year=day.year - 1) + timedelta(days=1)
    except ValueError:
        return date(day.year - 1, 3, 1)


def latest_event_with_people(partner_ids: list[int], *, before: date) -> date | None:
    """The first day of the programme's last event before `before` that people registered for."""
    return db.session.scalar(
        sa.select(sa.func.max(Event.starts_on)).where(
            Event.partner_id.in_(partner_ids),
            Event.status != EventStatus.DRAFT,
            Event.starts_on < before,
            sa.exists().where(
                Participant.event_id == Event.id,
                Participant.status == ParticipantStatus.CONFIRMED,
            ),
        )
    )


def _band(age: int) -> str:
    return next(key for key, _label, low, high in AGE_BANDS if low <= age <= high)


def programme_report(partner_ids: list[int], start: date, end: date) -> Report:
    """The programme's indicators for the partners' events whose first day is in [start, end)."""
    events = _events(partner_ids, start, end)
    event_ids = [row.id for row in events]
    return _count(
        events,
        _people(event_ids),
        earlier=_people_before(partner_ids, start),
        bed_nights=_bed_nights(event_ids),
    )


def _events(partner_ids: list[int], start: date, end: date) -> list[sa.Row]:
    return list(
        db.session.execute(
            sa.select(Event.id, Event.kind, Event.starts_at, Event.ends_at, Event.starts_on).where(
                Event.partner_id.in_(partner_ids),
                Event.status != EventStatus.DRAFT,
                Event.starts_on >= start,
                Event.starts_on < end,
            )
        )
    )


def _people(event_ids: list[int]) -> list[sa.Row]:
    """Everyone registered for the events, with their family's country and first entry."""
    return list(
        db.session.execute(
            sa.select(
                Participant.id,
                Participant.event_id,
                Participant.person_key,
                Participant.birth_date,
                Participant.gender,
                Participant.status,
                Booking.country,
                Ticket.first_entered_at,
            )
            .join(Booking, Booking.id == Participant.booking_id)
            .outerjoin(
                Ticket,
                (Ticket.participant_id == Participant.id) & Ticket.revoked_at.is_(None),
            )
            .where(Participant.event_id.in_(event_ids))
        )
    )


def _people_before(partner_ids: list[int], start: date) -> set[str]:
    """Who had come to any of the programme's events before the period: "returning"."""
    return set(
        db.session.scalars(
            sa.select(Participant.person_key)
            .join(Event, Event.id == Participant.event_id)
            .where(
                Event.partner_id.in_(partner_ids),
                Event.starts_on < start,
                Participant.status == ParticipantStatus.CONFIRMED,
            )
        )
    )


def _bed_nights(event_ids: list[int]) -> int:
    """The nights the events' live stays hold, in all."""
    nights = (
        sa.func.julianday(Stay.departs_on) - sa.func.julianday(Stay.arrives_on)
        if db.session.get_bind().dialect.name == "sqlite"
        else Stay.departs_on - Stay.arrives_on
    )
    total = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(nights), 0)).where(
            Stay.event_id.in_(event_ids), Stay.status != StayStatus.CANCELLED
        )
    )
    return int(total or 0)


def _count(events: list, people: list, *, earlier: set[str], bed_nights: int) -> Report:
    """The indicators from the rows: each person once, however many events they came to."""
    kinds = {row.id: row.kind for row in events}
    first_days = {row.id: row.starts_on for row in events}
    confirmed = [p for p in people if p.status == ParticipantStatus.CONFIRMED]
    unique: dict[str, object] = {}
    for person in confirmed:
        unique.setdefault(person.person_key, person)
    attended = {p.person_key for p in confirmed if p.first_entered_at is not None}
    professionals = {
        p.person_key
        for p in confirmed
        if kinds[p.event_id] == EventKind.WORKSHOP
        and p.first_entered_at is not None
        and age_on(p.birth_date, first_days[p.event_id]) >= ADULT_AGE
    }
    return Report(
        events_by_kind=dict(Counter(kind.value for kind in kinds.values())),
        people=len(unique),
        by_country=dict(Counter(p.country or "—" for p in unique.values())),
        by_gender=dict(Counter(p.gender.value if p.gender else "unknown" for p in unique.values())),
        by_age_band=dict(
            Counter(_band(age_on(p.birth_date, first_days[p.event_id])) for p in unique.values())
        ),
        registered=len(unique),
        attended=len(attended),
        hours=sum((row.ends_at - row.starts_at).total_seconds() for row in events) / 3600,
        first_time=len(set(unique) - earlier),
        returning=len(set(unique) & earlier),
        bed_nights=bed_nights,
        professionals_trained=len(professionals),
    )
