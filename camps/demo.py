"""`flask demo`: the four programmes, their partners, venues and a year of events."""

import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

import click
import sqlalchemy as sa

from camps.facility import add_closure, add_room
from camps.models import EventKind, EventStatus, Partner, RoomKind, WaitlistMode
from camps.services import EventData, create_event, save_partner, save_venue
from core.db import commit, utcnow
from core.errors import ValidationError
from core.languages import LANGUAGES
from extensions import db
from staff.models import Role, StaffUser
from staff.services import create_staff

#: The data: staff.toml, and programmes/ with one file per programme, read in name order.
DATA = Path(__file__).with_name("demo")
#: Demo logins, for trying the site locally; never load demo data in production.
DEMO_PASSWORD = "tiltas-demo-password"

# The keys of each kind of table in the files and their types; a key ending in "?" may be left out.
PROGRAMME = {"dates_as_if_loaded_on": date, "partners": list, "venues": list, "events": list}
PARTNER = {"key": str, "name": str, "country": str}
VENUE = {
    "key": str,
    "name": str,
    "address": str,
    "country": str,
    "timezone": str,
    "rooms?": list,
    "closures?": list,
}
ROOM = {"name": str, "floor": int, "kind": RoomKind, "beds": int}
CLOSURE = {"room": str, "closed_from": date, "reopens_on": date, "reason": str}
EVENT = {
    "kind": EventKind,
    "partner": str,
    "venue": str,
    "starts": datetime,
    "ends": datetime,
    "capacity": int,
    "min_age?": int,
    "max_age?": int,
    "waitlist?": WaitlistMode,
    "offer_hours?": int,
    "texts": dict,
}
TEXT = {"title": str, "summary?": str, "description?": str, "practical_info?": str}
STAFF = {"email": str, "role": Role, "partner?": str}
STAFF_FILE = {"staff": list}

#: The services' names for what the files call otherwise.
FILE_KEYS = {
    "starts_at": "starts",
    "ends_at": "ends",
    "waitlist_mode": "waitlist",
    "room_id": "room",
    "starts_on": "closed_from",
    "ends_on": "reopens_on",
    "partner_id": "partner",
}
TYPE_NAMES = {
    str: 'a text in quotes, such as "Kaunas"',
    int: "a whole number",
    date: "a date, such as 2027-03-26",
    datetime: "a date and time, such as 2027-03-26 15:00:00",
    list: "a list",
    dict: "a table",
}


class DemoDataError(click.ClickException):
    """A demo data file that cannot be used; the message names the file and the key."""


def _fail(where: str, problem: str) -> NoReturn:
    raise DemoDataError(f"{where}: {problem}")


def _read(path: Path) -> dict[str, Any]:
    """One TOML file."""
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as error:
        _fail(str(path), f"cannot be read ({error.strerror})")
    except tomllib.TOMLDecodeError as error:
        _fail(str(path), f"is not valid TOML: {error}")


def _check(table: Any, schema: dict[str, type], where: str) -> dict[str, Any]:
    """The table's values, checked against the schema, enum values made members; `at` says where."""
    if type(table) is not dict:
        _fail(where, f"should be {TYPE_NAMES[dict]}")
    kinds = {key.removesuffix("?"): kind for key, kind in schema.items()}
    for key in table.keys() - kinds.keys():
        _fail(f"{where}.{key}", f"is not a key here; the keys are {', '.join(kinds)}")
    values = {"at": where}
    for key, kind in schema.items():
        name = key.removesuffix("?")
        if name not in table:
            if name == key:
                _fail(f"{where}.{name}", "is missing")
            continue
        value = table[name]
        if issubclass(kind, StrEnum):
            if value not in [member.value for member in kind]:
                choices = ", ".join(member.value for member in kind)
                _fail(f"{where}.{name}", f"should be one of {choices}, not {value!r}")
            value = kind(value)
        # type(), not isinstance(): a datetime is a date and True is an int.
        elif type(value) is not kind:
            _fail(f"{where}.{name}", f"should be {TYPE_NAMES[kind]}, not {value!r}")
        values[name] = value
    return values


def _rows(tables: list, schema: dict[str, type], where: str) -> list[dict[str, Any]]:
    """Each table of a list, checked; rows count from 1, as people count them in the file."""
    return [_check(table, schema, f"{where}[{n}]") for n, table in enumerate(tables, 1)]


def _fold(text: str) -> str:
    """A text written over several lines: a line break is a space, an empty line a paragraph."""
    paragraphs = re.split(r"\s*\n[ \t\r]*\n\s*", text.strip())
    return "\n\n".join(re.sub(r"\s*\n\s*", " ", paragraph) for paragraph in paragraphs)


def _texts(texts: dict[str, Any], where: str) -> dict[str, dict[str, str]]:
    """An event's texts by language."""
    for locale in texts:
        if locale not in LANGUAGES:
            _fail(f"{where}.{locale}", f"is not a language of the site ({', '.join(LANGUAGES)})")
    return {
        locale: {
            field: _fold(value)
            for field, value in _check(fields, TEXT, f"{where}.{locale}").items()
            if field != "at"
        }
        for locale, fields in texts.items()
    }


def _unique(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """The rows by their key, which no two may share."""
    by_key: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row[key] in by_key:
            _fail(f"{row['at']}.{key}", f"{row[key]!r} is also {by_key[row[key]]['at']}")
        by_key[row[key]] = row
    return by_key


def _known(row: dict[str, Any], key: str, rows: dict[str, dict[str, Any]], what: str) -> None:
    if key in row and row[key] not in rows:
        _fail(f"{row['at']}.{key}", f"there is no {what} with the key {row[key]!r}")


def read_demo(folder: Path = DATA, *, today: date) -> dict[str, list[dict[str, Any]]]:
    """Every partner, venue, event and login in the files, checked, dated from today."""
    partners, venues, events = [], [], []
    programmes = sorted((folder / "programmes").glob("*.toml"))
    if not programmes:
        _fail(str(folder / "programmes"), "holds no programme files (*.toml)")
    for path in programmes:
        programme = _check(_read(path), PROGRAMME, str(path))
        shift = today - programme["dates_as_if_loaded_on"]
        partners += _rows(programme["partners"], PARTNER, f"{path}: partners")
        for venue in _rows(programme["venues"], VENUE, f"{path}: venues"):
            venue["rooms"] = _rows(venue.get("rooms", []), ROOM, f"{venue['at']}.rooms")
            rooms = _unique(venue["rooms"], "name")
            venue["closures"] = _rows(venue.get("closures", []), CLOSURE, f"{venue['at']}.closures")
            for closure in venue["closures"]:
                _known(closure, "room", rooms, "room in this venue")
                closure["closed_from"] += shift
                closure["reopens_on"] += shift
            venues.append(venue)
        for event in _rows(programme["events"], EVENT, f"{path}: events"):
            event["starts"] += shift
            event["ends"] += shift
            event["texts"] = _texts(event["texts"], f"{event['at']}.texts")
            events.append(event)
    staff_path = folder / "staff.toml"
    logins = _check(_read(staff_path), STAFF_FILE, str(staff_path))["staff"]
    staff = _rows(logins, STAFF, f"{staff_path}: staff")
    partners_by_key, venues_by_key = _unique(partners, "key"), _unique(venues, "key")
    for event in events:
        _known(event, "partner", partners_by_key, "partner")
        _known(event, "venue", venues_by_key, "venue")
    for login in staff:
        _known(login, "partner", partners_by_key, "partner")
    return {"partners": partners, "venues": venues, "events": events, "staff": staff}


def _file_key(field: str) -> str:
    """The key in the files for a field a service names, such as title.lt or ends_at."""
    name, _dot, locale = field.partition(".")
    return f"texts.{locale}.{name}" if locale else FILE_KEYS.get(name, name)


@contextmanager
def _blame(row: dict[str, Any]) -> Iterator[None]:
    """Name the file and key when a service refuses what a file says."""
    try:
        yield
    except ValidationError as error:
        problems = (f"{row['at']}.{_file_key(k)}: {message}" for k, message in error.fields.items())
        raise DemoDataError("; ".join(problems)) from error


def load_demo(*, now: datetime, folder: Path = DATA) -> int:
    """Create the demo programmes; return the number of events made."""
    demo = read_demo(folder, today=now.date())
    partners, venues = {}, {}
    for row in demo["partners"]:
        with _blame(row):
            partners[row["key"]] = save_partner(None, name=row["name"], country=row["country"])
    for row in demo["venues"]:
        with _blame(row):
            venues[row["key"]] = save_venue(
                None,
                name=row["name"],
                address=row["address"],
                country=row["country"],
                timezone=row["timezone"],
            )
    # In the order they start, whichever file holds them, so event ids follow the calendar.
    for row in sorted(demo["events"], key=lambda row: row["starts"]):
        with _blame(row):
            create_event(
                EventData(
                    kind=row["kind"],
                    partner=partners[row["partner"]],
                    venue=venues[row["venue"]],
                    texts=row["texts"],
                    starts_at=row["starts"],
                    ends_at=row["ends"],
                    capacity=row["capacity"],
                    min_age=row.get("min_age"),
                    max_age=row.get("max_age"),
                    waitlist_mode=row.get("waitlist", WaitlistMode.AUTO),
                    offer_hours=row.get("offer_hours", 48),
                ),
                status=EventStatus.PUBLISHED,
                now=now,
            )
    for venue in demo["venues"]:
        rooms = {}
        for row in venue["rooms"]:
            with _blame(row):
                rooms[row["name"]] = add_room(
                    venues[venue["key"]],
                    name=row["name"],
                    floor=row["floor"],
                    kind=row["kind"],
                    beds=row["beds"],
                )
        for row in venue["closures"]:
            with _blame(row):
                add_closure(
                    room_id=rooms[row["room"]].id,
                    bed_id=None,
                    starts_on=row["closed_from"],
                    ends_on=row["reopens_on"],
                    reason=row["reason"],
                )
    for row in demo["staff"]:
        partner = partners.get(row.get("partner"))
        with _blame(row):
            create_staff(
                row["email"],
                role=row["role"],
                password=DEMO_PASSWORD,
                partner_id=partner.id if partner else None,
            )
    return len(demo["events"])


@click.command("demo")
def demo_command() -> None:
    """Load the demo programmes into an empty database."""
    if db.session.scalar(sa.select(Partner.id).limit(1)) is not None:
        click.echo("The database already holds data: demo data not loaded.")
        return
    count = load_demo(now=utcnow())
    commit()
    click.echo(f"Loaded {count} demo events.")
    click.echo(f"Demo staff logins (password {DEMO_PASSWORD!r}):")
    for user in db.session.scalars(sa.select(StaffUser).order_by(StaffUser.id)):
        click.echo(f"  {user.email}  ({user.role.value})")
