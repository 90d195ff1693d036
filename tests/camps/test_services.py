"""Rules for events, partners and venues."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from camps.models import Event, EventKind, EventStatus, WaitlistMode
from camps.services import (
    EventData,
    change_status,
    create_event,
    save_event,
    save_partner,
    save_venue,
    update_event,
)
from core.db import commit
from core.errors import DomainError, ValidationError
from extensions import db
from tests.conftest import NOW


@pytest.fixture
def data(make_partner, make_venue):
    def build(**changes) -> EventData:
        values = dict(
            kind=EventKind.SOCIAL_CAMP,
            partner=make_partner(),
            venue=make_venue(),
            texts={"en": {"title": "Social camp at Antazavė"}},
            starts_at=datetime(2027, 7, 5, 10, 0),
            ends_at=datetime(2027, 7, 9, 16, 0),
            capacity=30,
        )
        values.update(changes)
        return EventData(**values)

    return build


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.fields


def test_event_times_are_stored_in_utc_from_the_venues_local_time(data):
    event = create_event(data(), now=NOW)
    assert event.starts_at == datetime(2027, 7, 5, 7, 0, tzinfo=UTC)  # Vilnius is UTC+3 in July
    assert event.starts_on.isoformat() == "2027-07-05"


def test_event_first_day_is_the_local_date(data, make_venue):
    # 00:30 in Vilnius is still the previous day in UTC.
    event = create_event(data(starts_at=datetime(2027, 7, 5, 0, 30)), now=NOW)
    assert event.starts_at.date().isoformat() == "2027-07-04"
    assert event.starts_on.isoformat() == "2027-07-05"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": datetime(2027, 7, 5, 9, 0)}, "ends_at"),
        ({"ends_at": datetime(2027, 7, 5, 10, 0)}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": -1}, "capacity"),
        ({"min_age": 15, "max_age": 12}, "max_age"),
        ({"min_age": -1}, "min_age"),
        ({"texts": {"lt": {"title": "Tik lietuviškai"}}}, "title.en"),
        ({"texts": {"en": {"title": "   "}}}, "title.en"),
        ({"texts": {"en": {"title": "x" * 10_000}}}, "title.en"),
        ({"texts": {"en": {"title": "Camp", "description": "a\x00b"}}}, "description.en"),
        ({"texts": {"en": {"title": "Camp"}, "lt": {"summary": "Be pavadinimo"}}}, "title.lt"),
        ({"texts": {"en": {"title": "Camp"}, "xx": {"title": "?"}}}, "title.xx"),
        ({"offer_hours": 0}, "offer_hours"),
        ({"registration_opens_at": datetime(2027, 7, 6, 0, 0)}, "registration_opens_at"),
        ({"registration_closes_at": datetime(2027, 7, 10, 0, 0)}, "registration_closes_at"),
        # 03:30 on the last Sunday of March does not exist in Vilnius.
        ({"starts_at": datetime(2027, 3, 28, 3, 30)}, "starts_at"),
    ],
)
def test_event_rejects_bad_input_with_a_field_error(data, changes, field):
    assert field in errors_of(lambda: create_event(data(**changes), now=NOW))
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0


def test_event_keeps_texts_in_every_language(data):
    texts = {
        "en": {"title": "Survival camp", "summary": "Five days in the forest."},
        "lt": {"title": "Išgyvenimo stovykla", "practical_info": "Pasiimkite miegmaišį."},
        "pl": {"title": "Obóz przetrwania"},
    }
    event = create_event(data(texts=texts), now=NOW)
    assert event.text("title", "lt") == "Išgyvenimo stovykla"
    assert event.text("summary", "lt") == "Five days in the forest."  # falls back to English
    assert event.text("title", "de") == "Survival camp"
    assert set(event.texts) == {"en", "lt", "pl"}


def test_updating_an_event_raises_its_sequence(data):
    event = create_event(data(), now=NOW)
    before = event.sequence
    update_event(event.id, {"capacity": 40}, now=NOW)
    assert event.sequence == before + 1 and event.capacity == 40


def test_saving_an_event_creates_a_draft_then_sets_every_setting(data):
    event = save_event(None, data(capacity=20), now=NOW)
    assert event.status == EventStatus.DRAFT and event.capacity == 20
    changed = data(capacity=25, texts={"en": {"title": "Renamed"}}, venue=event.venue)
    saved = save_event(event.id, changed, now=NOW, expected_sequence=event.sequence)
    assert saved is event and event.capacity == 25 and event.text("title", "en") == "Renamed"
    with pytest.raises(DomainError) as info:
        save_event(event.id, changed, now=NOW, expected_sequence=event.sequence - 1)
    assert info.value.code == "changed_meanwhile"


def test_updating_an_event_removes_emptied_languages(data):
    event = create_event(data(texts={"en": {"title": "A"}, "de": {"title": "B"}}), now=NOW)
    update_event(event.id, {"texts": {"de": {"title": ""}}}, now=NOW)
    assert set(event.texts) == {"en"}


def test_capacity_cannot_drop_below_taken_places(data):
    event = create_event(data(), now=NOW)
    event.seats_taken = 10
    assert "capacity" in errors_of(lambda: update_event(event.id, {"capacity": 9}, now=NOW))


def test_database_refuses_overbooking_even_past_the_services(data):
    event = create_event(data(capacity=2), now=NOW)
    commit()
    event.seats_taken = 3
    with pytest.raises(sa.exc.IntegrityError):
        commit()
    db.session.rollback()


def test_status_transitions(data):
    event = create_event(data(), status=EventStatus.DRAFT, now=NOW)
    change_status(event.id, EventStatus.PUBLISHED, now=NOW)
    change_status(event.id, EventStatus.DRAFT, now=NOW)
    change_status(event.id, EventStatus.CANCELLED, now=NOW)
    with pytest.raises(DomainError) as info:
        change_status(event.id, EventStatus.PUBLISHED, now=NOW)
    assert info.value.code == "invalid_status"


def test_cancelled_event_cannot_be_edited(data):
    event = create_event(data(), now=NOW)
    change_status(event.id, EventStatus.CANCELLED, now=NOW)
    with pytest.raises(DomainError) as info:
        update_event(event.id, {}, now=NOW)
    assert info.value.code == "event_cancelled"


def test_event_with_registrations_cannot_be_unpublished(data):
    event = create_event(data(), status=EventStatus.PUBLISHED, now=NOW)
    event.seats_taken = 1
    with pytest.raises(DomainError) as info:
        change_status(event.id, EventStatus.DRAFT, now=NOW)
    assert info.value.code == "has_registrations"


def test_new_event_cannot_start_cancelled(data):
    assert "status" in errors_of(
        lambda: create_event(data(), status=EventStatus.CANCELLED, now=NOW)
    )


def test_offer_mode_is_stored(data):
    event = create_event(data(waitlist_mode=WaitlistMode.OFFER, offer_hours=24), now=NOW)
    assert event.waitlist_mode == WaitlistMode.OFFER and event.offer_hours == 24


def test_registration_window(data):
    event = create_event(
        data(registration_opens_at=datetime(2027, 5, 1, 9, 0)),
        status=EventStatus.PUBLISHED,
        now=NOW,
    )
    assert not event.is_registration_open(datetime(2027, 4, 30, tzinfo=UTC))
    assert event.is_registration_open(datetime(2027, 6, 1, tzinfo=UTC))
    assert not event.is_registration_open(datetime(2027, 7, 5, 8, 0, tzinfo=UTC))  # started


def test_venue_rejects_unknown_time_zone_and_country(app):
    fields = errors_of(
        lambda: save_venue(None, name="Camp", address="", country="XX", timezone="Mars/Olympus")
    )
    assert set(fields) == {"country", "timezone"}


def test_venue_time_zone_is_fixed_once_events_use_it(data):
    event = create_event(data(), now=NOW)
    venue = event.venue
    fields = errors_of(
        lambda: save_venue(
            venue, name=venue.name, address="", country=venue.country, timezone="Europe/Riga"
        )
    )
    assert "timezone" in fields


def test_partner_names_are_unique(app):
    save_partner(None, name="Gmina Miasto Ełk", country="PL")
    assert "name" in errors_of(lambda: save_partner(None, name="Gmina Miasto Ełk", country="PL"))


def test_event_texts_follow_the_rules_of_every_text(data):
    texts = {"en": {"title": "Camp", "summary": "Bring a bell\x07"}}
    assert errors_of(lambda: create_event(data(texts=texts), now=NOW)) == {
        "summary.en": "This text contains a character that is not allowed."
    }
    texts = {"en": {"title": " Ca\u200bmp ", "description": "Day 1\r\nDay 2"}}
    event = create_event(data(texts=texts), now=NOW)
    assert event.text("title", "en") == "Camp"
    assert event.text("description", "en") == "Day 1\nDay 2"
