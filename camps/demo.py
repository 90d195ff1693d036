"""`flask demo`: the four programmes, their partners, venues and a year of events."""

from datetime import datetime, time, timedelta

import click
import sqlalchemy as sa

from camps.facility import add_closure
from camps.models import Bed, EventKind, EventStatus, Partner, Room, RoomKind, Venue, WaitlistMode
from camps.services import EventData, create_event, save_partner, save_venue
from core.db import commit, utcnow
from extensions import db
from staff.models import Role
from staff.services import create_staff

#: Demo logins, for trying the site locally; never load demo data in production.
DEMO_PASSWORD = "tiltas-demo-password"
DEMO_STAFF = (
    ("admin@tiltas.example", Role.ADMIN, None),
    ("organiser.alytus@tiltas.example", Role.ORGANISER, "alytus"),
    ("organiser.zarasai@tiltas.example", Role.ORGANISER, "zarasai"),
    ("facility@tiltas.example", Role.FACILITY, None),
    ("scanner@tiltas.example", Role.SCANNER, None),
)


def load_demo(*, now: datetime) -> int:
    """Create the demo programmes; return the number of events made."""
    from camps import demo_data  # large, and only ever needed here

    partners = {
        spec["key"]: save_partner(None, name=spec["name"], country=spec["country"])
        for spec in demo_data.PARTNERS
    }
    venues = {
        spec["key"]: save_venue(
            None,
            name=spec["name"],
            address=spec["address"],
            country=spec["country"],
            timezone=spec["timezone"],
        )
        for spec in demo_data.VENUES
    }
    today = now.date()
    for spec in demo_data.EVENTS:
        first_day = today + timedelta(days=spec["starts_in_days"])
        last_day = first_day + timedelta(days=spec["days"] - 1)
        create_event(
            EventData(
                kind=EventKind(spec["kind"]),
                partner=partners[spec["partner"]],
                venue=venues[spec["venue"]],
                texts=spec["texts"],
                starts_at=datetime.combine(first_day, time.fromisoformat(spec["start_time"])),
                ends_at=datetime.combine(last_day, time.fromisoformat(spec["end_time"])),
                capacity=spec["capacity"],
                min_age=spec.get("min_age"),
                max_age=spec.get("max_age"),
                waitlist_mode=WaitlistMode(spec.get("waitlist", "auto")),
                offer_hours=spec.get("offer_hours", 48),
            ),
            status=EventStatus.PUBLISHED,
            now=now,
        )
    _antazave_layout(venues["antazave"], today=today)
    for email, role, partner_key in DEMO_STAFF:
        partner = partners.get(partner_key) if partner_key else None
        create_staff(
            email, role=role, password=DEMO_PASSWORD, partner_id=partner.id if partner else None
        )
    return len(demo_data.EVENTS)


#: The renovated wing of the former children's home: (room, floor, kind, beds).
ANTAZAVE_ROOMS = (
    [(f"{n:02d}", 0, RoomKind.ACCESSIBLE, 2) for n in (1, 2)]
    + [(f"1{n:02d}", 1, RoomKind.DORMITORY, 6) for n in (1, 2, 3, 4)]
    + [(f"2{n:02d}", 2, RoomKind.FAMILY, 3) for n in (1, 2, 3, 4)]
)


def _antazave_layout(venue: Venue, *, today) -> None:
    """About 40 beds in accessible, dormitory and family rooms; one room still in repair."""
    for name, floor, kind, beds in ANTAZAVE_ROOMS:
        room = Room(venue_id=venue.id, name=name, floor=floor, kind=kind)
        db.session.add(room)
        db.session.flush()
        db.session.add_all(Bed(room_id=room.id, label=f"{name}-{n}") for n in range(1, beds + 1))
    repair = db.session.scalar(sa.select(Room).filter_by(venue_id=venue.id, name="204"))
    add_closure(
        room_id=repair.id,
        bed_id=None,
        starts_on=today,
        ends_on=today + timedelta(days=45),
        reason="renovation of the bathroom",
    )


@click.command("demo")
def demo_command():
    """Load the demo programmes into an empty database."""
    if db.session.scalar(sa.select(Partner.id).limit(1)) is not None:
        click.echo("The database already holds data: demo data not loaded.")
        return
    count = load_demo(now=utcnow())
    commit()
    click.echo(f"Loaded {count} demo events.")
    click.echo(f"Demo staff logins (password {DEMO_PASSWORD!r}):")
    for email, role, _partner in DEMO_STAFF:
        click.echo(f"  {email}  ({role.value})")
