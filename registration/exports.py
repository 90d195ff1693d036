"""Sheets for one event — roster, kitchen, health, emergency contacts, pickup — as rows.

Pure functions of the database's state: the views only choose a format. Every text cell
that a spreadsheet could run as a formula is defused on the way out (to_csv, to_xlsx).
"""

import csv
import dataclasses
import io
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.orm import joinedload

from camps.models import Event
from core import audit
from extensions import db
from registration.models import Participant, ParticipantStatus, Ticket
from staff.models import StaffUser

SHEETS = {
    "roster": _l("Roster"),
    "kitchen": _l("Kitchen sheet"),
    "health": _l("Health and attention sheet"),
    "emergency": _l("Emergency contacts"),
    "pickup": _l("Who may collect each minor"),
}
#: Sheets that show health notes: only for the roles that need them, and every view is logged.
HEALTH_SHEETS = {"health"}
#: The file formats a table is exported in, with their media types.
FILE_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value):
    """A cell a spreadsheet shows as text: a leading =, +, -, @, tab or CR is defused."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _participants(event: Event, statuses=(ParticipantStatus.CONFIRMED,)) -> list[Participant]:
    return list(
        db.session.scalars(
            sa.select(Participant)
            .where(Participant.event_id == event.id, Participant.status.in_(statuses))
            .options(joinedload(Participant.booking))
            .order_by(Participant.last_name, Participant.first_name, Participant.id)
        )
    )


def roster(event: Event) -> tuple[list[str], list[list]]:
    """Everyone registered: age on the first day, status, contact, attendance."""
    arrived = set(
        db.session.scalars(
            sa.select(Ticket.participant_id).where(
                Ticket.event_id == event.id, Ticket.first_entered_at.is_not(None)
            )
        )
    )
    people = _participants(event, tuple(ParticipantStatus))
    headers = [
        str(_l("Last name")),
        str(_l("First name")),
        str(_l("Age")),
        str(_l("Status")),
        str(_l("Contact")),
        str(_l("Phone")),
        str(_l("E-mail")),
        str(_l("Arrived")),
    ]
    rows = [
        [
            p.last_name,
            p.first_name,
            p.age,
            p.status.title,
            p.booking.contact_name,
            p.booking.contact_phone or "",
            p.booking.contact_email or "",
            str(_l("yes")) if p.id in arrived else "",
        ]
        for p in people
    ]
    return headers, rows


def kitchen(event: Event) -> dict:
    """People to feed each day, and each special diet with how many and who need it."""
    people = _participants(event)
    zone = event.venue.zone
    first, last = event.starts_at.astimezone(zone).date(), event.ends_at.astimezone(zone).date()
    days = [(first + timedelta(days=n), len(people)) for n in range((last - first).days + 1)]
    # One need however it was typed ("Vegetarian", " vegetarian "); people by last name.
    who: dict[str, list[str]] = {}
    for p in people:
        if p.dietary.strip():
            need = " ".join(p.dietary.split()).lower()
            who.setdefault(need, []).append(" ".join(n for n in (p.first_name, p.last_name) if n))
    needs = sorted(
        ((need, len(names), names) for need, names in who.items()),
        key=lambda item: (-item[1], item[0]),
    )
    return {"days": days, "needs": needs}


def kitchen_table(event: Event) -> tuple[list[str], list[list]]:
    """The days with their people, a blank row, then each need with its count and names."""
    data = kitchen(event)
    rows = [[day.isoformat(), count, ""] for day, count in data["days"]]
    rows += [["", "", ""]] + [
        [need, count, "; ".join(names)] for need, count, names in data["needs"]
    ]
    # Translators: column of the kitchen sheet: the names of the people who need a diet.
    names = str(lazy_pgettext("kitchen sheet", "Names"))
    return [str(_l("Day or need")), str(_l("People")), names], rows


def health(event: Event) -> tuple[list[str], list[list]]:
    """Health notes and attention for the camp leader."""
    people = [p for p in _participants(event) if p.health_notes or p.needs_accessible_room]
    headers = [
        str(_l("Last name")),
        str(_l("First name")),
        str(_l("Age")),
        str(_l("Health notes")),
        str(_l("Accessible room")),
        str(_l("Emergency contact")),
    ]
    rows = [
        [
            p.last_name,
            p.first_name,
            p.age,
            p.health_notes,
            str(_l("yes")) if p.needs_accessible_room else "",
            f"{p.booking.emergency_name} {p.booking.emergency_phone}".strip(),
        ]
        for p in people
    ]
    return headers, rows


def emergency(event: Event) -> tuple[list[str], list[list]]:
    headers = [
        str(_l("Last name")),
        str(_l("First name")),
        str(_l("Emergency contact")),
        str(_l("Phone")),
    ]
    rows = [
        [p.last_name, p.first_name, p.booking.emergency_name, p.booking.emergency_phone]
        for p in _participants(event)
    ]
    return headers, rows


def pickup(event: Event) -> tuple[list[str], list[list]]:
    headers = [
        str(_l("Last name")),
        str(_l("First name")),
        str(_l("Age")),
        str(_l("May be collected by")),
    ]
    rows = [
        [
            p.last_name,
            p.first_name,
            p.age,
            "; ".join(n for n in (p.booking.contact_name, p.booking.pickup_adults) if n),
        ]
        for p in _participants(event)
        if not p.is_adult
    ]
    return headers, rows


TABLES = {
    "roster": roster,
    "kitchen": kitchen_table,
    "health": health,
    "emergency": emergency,
    "pickup": pickup,
}


@dataclasses.dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list]


def open_sheet(
    event: Event, kind: str, *, viewer: StaffUser, now: datetime, export: str | None = None
) -> Sheet:
    """One of the event's sheets; who viewed health notes, and who exported, is logged."""
    headers, rows = TABLES[kind](event)
    subject = f"event:{event.id}"
    if kind in HEALTH_SHEETS:
        audit.record("health_sheet_viewed", staff_id=viewer.id, subject=subject, now=now)
    elif kind == "kitchen" and export is None:
        # Diets beside names often say more than food (an allergy, a faith): who looked is kept.
        audit.record("kitchen_sheet_viewed", staff_id=viewer.id, subject=subject, now=now)
    if export is not None:
        audit.record(f"export_{kind}", staff_id=viewer.id, subject=subject, now=now)
    return Sheet(str(SHEETS[kind]), headers, rows)


def to_csv(headers: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Ė, Ł and Ž as they are."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return "\ufeff".encode() + buffer.getvalue().encode()


def to_file(export: str, title: str, headers: list[str], rows: list[list]) -> bytes:
    """The table as a file in one of FILE_TYPES."""
    return to_csv(headers, rows) if export == "csv" else to_xlsx(title, headers, rows)


def to_xlsx(title: str, headers: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
