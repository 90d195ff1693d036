"""`flask demo` recreates the four programmes."""

import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from camps.demo import DATA, DemoDataError, load_demo, read_demo
from camps.models import Event, EventKind, Partner, Room, RoomKind, Venue
from camps.services import TEXT_LIMITS
from core.db import utcnow
from core.languages import DEFAULT_LOCALE, LANGUAGES
from extensions import db


def test_demo_loads_the_programmes_once(runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    events = db.session.scalars(sa.select(Event)).all()
    assert len(events) >= 16
    kinds = Counter(event.kind for event in events)
    assert kinds[EventKind.SOCIAL_CAMP] == 4 and kinds[EventKind.SURVIVAL_CAMP] >= 2
    assert kinds[EventKind.WORKSHOP] >= 4 and kinds[EventKind.ACTIVITY] >= 1
    now = utcnow()
    assert all(now < event.starts_at < now + timedelta(days=366) for event in events)
    countries = set(db.session.scalars(sa.select(Venue.country)))
    assert countries == {"LT", "PL", "LV", "CZ", "DE"}
    assert "Gmina Miasto Ełk" in set(db.session.scalars(sa.select(Partner.name)))
    assert all(event.texts["en"].title for event in events)
    assert client.get("/api/v1/events").json["total"] == len(events)

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "already" in again.output
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == len(events)


def test_demo_social_camps_are_at_antazave_with_thirty_places(runner):
    runner.invoke(args=["demo"])
    camps = db.session.scalars(sa.select(Event).filter_by(kind=EventKind.SOCIAL_CAMP)).all()
    assert {camp.capacity for camp in camps} == {30}
    assert all("Antazav" in camp.venue.name for camp in camps)


def test_demo_antazave_has_about_forty_beds_in_three_kinds_of_room(runner):
    runner.invoke(args=["demo"])
    venue = db.session.scalar(sa.select(Venue).where(Venue.name.like("Antazav%")))
    rooms = db.session.scalars(sa.select(Room).filter_by(venue_id=venue.id)).all()
    beds = sum(len(room.beds) for room in rooms)
    assert 36 <= beds <= 44
    assert {room.kind for room in rooms} == set(RoomKind)


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    """The demo data with the first `old` in the Kaunas file made `new`."""
    folder = tmp_path / "demo"
    shutil.copytree(DATA, folder)
    path = folder / "programmes" / "4-kaunas.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return folder


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("capacity = 12\n", "", "events[1].capacity: is missing"),
        ("capacity = 12", 'capacity = "twelve"', "events[1].capacity: should be a whole number"),
        ('kind = "activity"', 'kind = "party"', "events[1].kind: should be one of"),
        (
            'venue = "kaunas_climbing"\nstarts',
            'venue = "kaunas"\nstarts',
            "events[1].venue: there is no",
        ),
        ("min_age = 14", "min_aeg = 14", "events[1].min_aeg: is not a key here"),
        ("[events.texts.lt]", "[events.texts.ru]", "events[1].texts.ru: is not a language"),
        ("capacity = 12", "capacity = = 12", "is not valid TOML"),
    ],
)
def test_a_broken_file_is_named_with_the_key_at_fault(tmp_path, old, new, says):
    folder = _broken_copy(tmp_path, old, new)
    with pytest.raises(DemoDataError) as error:
        read_demo(folder, today=date(2026, 11, 22))
    assert str(folder / "programmes" / "4-kaunas.toml") in error.value.message
    assert says in error.value.message


def test_what_a_service_refuses_is_named_with_the_file_and_event(app, tmp_path):
    folder = _broken_copy(tmp_path, "ends = 2026-12-05 17:00:00", "ends = 2026-12-05 13:00:00")
    with pytest.raises(DemoDataError, match=r"4-kaunas\.toml: events\[1\]\.ends: The end"):
        load_demo(now=utcnow(), folder=folder)


def test_every_event_text_in_the_files_is_valid_for_the_services(runner):
    files = read_demo(today=utcnow().date())["events"]
    for event in files:
        assert event["texts"][DEFAULT_LOCALE]["title"], event["at"]
        for locale, text in event["texts"].items():
            assert locale in LANGUAGES and text["title"], f"{event['at']}.texts.{locale}"
            for field, value in text.items():
                where = f"{event['at']}.texts.{locale}.{field}"
                assert value and value == value.strip() and "\x00" not in value, where
                assert len(value) <= TEXT_LIMITS[field], where
    assert runner.invoke(args=["demo"]).exit_code == 0
    stored = [
        {locale: {f: getattr(text, f) for f in TEXT_LIMITS} for locale, text in event.texts.items()}
        for event in db.session.scalars(sa.select(Event).order_by(Event.id))
    ]
    expected = [
        {locale: dict.fromkeys(TEXT_LIMITS, "") | text for locale, text in event["texts"].items()}
        for event in sorted(files, key=lambda event: event["starts"])
    ]
    assert stored == expected


def test_a_text_over_several_lines_keeps_only_its_paragraphs(tmp_path):
    folder = _broken_copy(
        tmp_path, "exactly for you. Instructors", "exactly for you.\n\nInstructors"
    )
    events = read_demo(folder, today=date(2026, 11, 22))["events"]
    climbing = next(event for event in events if "4-kaunas.toml" in event["at"])
    assert climbing["texts"]["en"]["description"].startswith(
        "Never climbed before? Then this afternoon is exactly for you.\n\nInstructors show you the "
        "basics – knots, belaying, how to fall safely – and how high you go is up to you. Youth"
    )
