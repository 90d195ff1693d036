"""Staff pages: organisers manage their own partner's events; admins manage everything."""

import re

import pytest
import sqlalchemy as sa

from camps.models import Event, EventStatus, Partner, Venue
from camps.services import update_event
from core.db import commit
from extensions import db
from staff.models import Role
from tests.conftest import NOW, login


@pytest.fixture
def organiser(make_staff):
    return make_staff(Role.ORGANISER)


def form_data(venue, partner, **changes):
    data = {
        "kind": "survival_camp",
        "partner_id": partner.id,
        "venue_id": venue.id,
        "starts_at": "2027-07-05T10:00",
        "ends_at": "2027-07-09T16:00",
        "capacity": "30",
        "min_age": "10",
        "max_age": "17",
        "waitlist_mode": "auto",
        "offer_hours": "48",
        "en-title": "Survival camp in Dzūkija",
        "lt-title": "Išgyvenimo stovykla Dzūkijoje",
        "pl-title": "Obóz przetrwania na Dzukii",
        "lv-title": "",
        "cs-title": "",
        "de-title": "",
    }
    data.update(changes)
    return data


def test_organiser_creates_an_event_with_texts_in_several_languages(client, organiser, make_venue):
    venue = make_venue()
    login(client, organiser)
    response = client.post("/staff/events/new", data=form_data(venue, organiser.partner))
    assert response.status_code == 302, response.text
    event = db.session.scalar(sa.select(Event))
    assert event.status == EventStatus.DRAFT
    assert event.text("title", "pl") == "Obóz przetrwania na Dzukii"
    assert event.starts_at.astimezone(venue.zone).hour == 10


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": "2027-07-01T10:00"}, "The end must be after the start."),
        ({"capacity": "0"}, "The capacity must be a whole number"),
        ({"capacity": "-1"}, "The capacity must be a whole number"),
        ({"capacity": "1.5"}, "Not a valid integer value."),
        ({"min_age": "15", "max_age": "12"}, "The maximum age must not be below the minimum age."),
        ({"en-title": ""}, "An English title is required."),
        ({"en-title": "x" * 10_000}, "This text is too long"),
        ({"starts_at": "soon"}, "Not a valid datetime value."),
    ],
)
def test_event_form_shows_errors_next_to_the_fields(
    client, organiser, make_venue, changes, message
):
    venue = make_venue()
    login(client, organiser)
    response = client.post("/staff/events/new", data=form_data(venue, organiser.partner, **changes))
    assert response.status_code == 200
    assert 'class="error"' in response.text and message in response.text
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0


def test_unknown_time_zone_is_a_field_error_on_the_venue_form(client, make_staff):
    login(client, make_staff(Role.ADMIN))
    response = client.post(
        "/staff/venues/new", data={"name": "Camp", "country": "LT", "timezone": "Europe/Nowhere"}
    )
    assert response.status_code == 200 and "Choose a time zone" in response.text
    assert db.session.scalar(sa.select(sa.func.count(Venue.id))) == 0


def test_admin_manages_partners_and_venues(client, make_staff):
    login(client, make_staff(Role.ADMIN))
    assert (
        client.post(
            "/staff/partners/new", data={"name": "ACoRD CZ, z.s.", "country": "CZ"}
        ).status_code
        == 302
    )
    response = client.post(
        "/staff/venues/new",
        data={
            "name": "ACoRD CZ",
            "address": "Bozděchova 99/6, Ústí nad Labem",
            "country": "CZ",
            "timezone": "Europe/Prague",
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Partner.name)) == "ACoRD CZ, z.s."
    assert db.session.scalar(sa.select(Venue.timezone)) == "Europe/Prague"


def test_staff_lists_name_countries_in_the_page_language(client, make_staff):
    login(client, make_staff(Role.ADMIN))
    client.post("/staff/partners/new", data={"name": "Gmina Miasto Ełk", "country": "PL"})
    client.post(
        "/staff/venues/new",
        data={"name": "Antazavė", "address": "", "country": "LT", "timezone": "Europe/Vilnius"},
    )
    assert "(Polska)" in client.get("/staff/partners?lang=pl").text
    assert "(Lietuva, Europe/Vilnius)" in client.get("/staff/venues?lang=lt").text
    assert "(Lithuania, Europe/Vilnius)" in client.get("/staff/venues?lang=en").text


def test_organiser_cannot_pick_another_partner(client, organiser, make_venue, make_partner):
    other = make_partner()
    login(client, organiser)
    response = client.post("/staff/events/new", data=form_data(make_venue(), other))
    assert response.status_code == 200 and "Not a valid choice." in response.text
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0


def test_organiser_edits_publishes_unpublishes_and_cancels(client, organiser, make_event):
    event = make_event(partner=organiser.partner, status=EventStatus.DRAFT)
    login(client, organiser)
    edit = client.get(f"/staff/events/{event.id}/edit")
    assert edit.status_code == 200 and 'value="2027-07-05T10:00"' in edit.text
    data = form_data(event.venue, organiser.partner, capacity="12")
    assert client.post(f"/staff/events/{event.id}/edit", data=data).status_code == 302
    for status in ("published", "draft", "published"):
        client.post(f"/staff/events/{event.id}/status", data={"status": status})
        db.session.refresh(event)
        assert event.status == status
    assert "Yes, cancel the event" in client.get(f"/staff/events/{event.id}/cancel").text
    client.post(f"/staff/events/{event.id}/status", data={"status": "cancelled"})
    db.session.refresh(event)
    assert event.status == EventStatus.CANCELLED and event.capacity == 12


def test_organiser_sees_only_their_partners_events(client, organiser, make_event):
    own = make_event(partner=organiser.partner, texts={"en": {"title": "Our camp"}})
    other = make_event(texts={"en": {"title": "Their camp"}})
    login(client, organiser)
    page = client.get("/staff/").text
    assert "Our camp" in page and "Their camp" not in page
    assert client.get(f"/staff/events/{other.id}/edit").status_code == 404
    assert (
        client.post(f"/staff/events/{other.id}/status", data={"status": "cancelled"}).status_code
        == 404
    )
    assert client.get(f"/staff/events/{own.id}/edit").status_code == 200


def test_organiser_sees_their_own_draft_on_the_public_page(client, organiser, make_event):
    event = make_event(partner=organiser.partner, status=EventStatus.DRAFT)
    login(client, organiser)
    assert client.get(f"/events/{event.id}").status_code == 200


def test_unknown_status_is_a_bad_request(client, organiser, make_event):
    event = make_event(partner=organiser.partner)
    login(client, organiser)
    assert (
        client.post(f"/staff/events/{event.id}/status", data={"status": "party"}).status_code == 400
    )


def test_an_edit_over_someone_elses_save_is_sent_back_with_what_was_typed(
    client, organiser, make_event
):
    event = make_event(partner=organiser.partner, capacity=30)
    login(client, organiser)
    page = client.get(f"/staff/events/{event.id}/edit").text
    shown = re.search(r'name="sequence"[^>]*value="(\d+)"', page).group(1)
    # A colleague raises the capacity while this organiser is still typing a new title.
    update_event(event.id, {"capacity": 40}, now=NOW)
    commit()
    data = form_data(
        event.venue, organiser.partner, capacity="30", sequence=shown, **{"en-title": "New title"}
    )
    sent_back = client.post(f"/staff/events/{event.id}/edit", data=data)
    assert sent_back.status_code == 200
    assert "Someone else changed this event while you were editing it." in sent_back.text
    assert 'value="New title"' in sent_back.text
    db.session.expire_all()
    assert db.session.get(Event, event.id).capacity == 40  # the colleague's change stands
    current = re.search(r'name="sequence"[^>]*value="(\d+)"', sent_back.text).group(1)
    data = form_data(event.venue, organiser.partner, capacity="40", sequence=current)
    assert client.post(f"/staff/events/{event.id}/edit", data=data).status_code == 302
