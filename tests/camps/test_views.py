"""Public pages: the event list, an event, its calendar links."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_skeleton, get_timezone_location
from markupsafe import escape

from camps.models import EventKind, EventStatus
from core.db import utcnow


def _soon(days=30):
    return (utcnow() + timedelta(days=days)).replace(tzinfo=None, microsecond=0)


def test_event_list_shows_published_upcoming_events(client, make_event):
    make_event(texts={"en": {"title": "Survival camp by the lake"}}, starts_at=_soon())
    make_event(texts={"en": {"title": "Secret draft"}}, starts_at=_soon(), status=EventStatus.DRAFT)
    make_event(texts={"en": {"title": "Long gone"}}, starts_at=_soon(-40))
    page = client.get("/").text
    assert "Survival camp by the lake" in page
    assert "Secret draft" not in page
    assert "Long gone" not in page


def test_event_list_filters_by_kind_country_month_and_age(client, make_event, make_venue):
    riga = make_venue(country="LV", timezone="Europe/Riga")
    start = _soon(40)
    make_event(
        texts={"en": {"title": "Workshop in Riga"}},
        kind=EventKind.WORKSHOP,
        venue=riga,
        starts_at=start,
        min_age=18,
    )
    make_event(texts={"en": {"title": "Camp for kids"}}, starts_at=start, min_age=10, max_age=14)
    month = f"{start.year:04d}-{start.month:02d}"

    assert "Camp for kids" not in client.get("/?kind=workshop").text
    assert "Workshop in Riga" in client.get("/?country=LV").text
    assert "Camp for kids" not in client.get("/?country=LV").text
    by_age = client.get("/?age=12").text
    assert "Camp for kids" in by_age and "Workshop in Riga" not in by_age
    assert "Workshop in Riga" in client.get(f"/?month={month}").text


@pytest.mark.parametrize(
    "query", ["?kind=nonsense", "?age=-5", "?age=abc", "?month=2027-13", "?page=0", "?page=x" * 10]
)
def test_event_list_ignores_bad_filters(client, make_event, query):
    make_event(texts={"en": {"title": "Still listed"}}, starts_at=_soon())
    response = client.get("/" + query)
    assert response.status_code == 200
    assert "Still listed" in response.text


def test_event_list_falls_back_to_english_field_by_field(client, make_event):
    make_event(
        starts_at=_soon(),
        texts={"en": {"title": "Lake camp", "summary": "Canoes."}, "lt": {"title": "Stovykla"}},
    )
    page = client.get("/?lang=lt").text
    assert "Stovykla" in page and "Lake camp" not in page and "Canoes." in page


def test_event_list_paginates(client, make_event, make_venue):
    venue = make_venue()
    for day in range(25):
        make_event(
            venue=venue, starts_at=_soon(10 + day), texts={"en": {"title": f"Event {day:02d}"}}
        )
    first = client.get("/").text
    assert "Event 00" in first and "Event 20" not in first
    second = client.get("/?page=2").text
    assert "Event 20" in second and "Event 00" not in second


def test_event_page_shows_times_in_the_venues_zone_and_language(client, make_event, make_venue):
    warsaw = make_venue(country="PL", timezone="Europe/Warsaw")
    event = make_event(
        venue=warsaw,
        starts_at=datetime(2027, 7, 5, 10, 0),
        ends_at=datetime(2027, 7, 9, 16, 0),
        texts={"en": {"title": "Lake camp"}, "pl": {"title": "Obóz nad jeziorem"}},
    )
    # Babel writes the expected text as the app asks it to (core/formatting.py), so a newer
    # CLDR changes both sides: 10:00 in Warsaw is 08:00 UTC.
    starts = datetime(2027, 7, 5, 8, 0, tzinfo=UTC)
    zone = ZoneInfo("Europe/Warsaw")

    def when(locale):
        day = format_skeleton("yMMMMEEEEd", starts, tzinfo=zone, locale=locale)
        return str(escape(day)), format_skeleton("Hm", starts, tzinfo=zone, locale=locale)

    page = client.get(f"/events/{event.id}?lang=pl").text
    assert "Obóz nad jeziorem" in page
    day, time = when("pl")
    assert day in page and time in page
    assert format_skeleton("Hm", starts, tzinfo=UTC, locale="pl") not in page
    # The zone is named in the page's language, not by its code.
    assert escape(get_timezone_location(zone, locale="pl")) in page
    assert "Europe/Warsaw" not in page
    english = client.get(f"/events/{event.id}?lang=en").text
    assert day not in english
    day, time = when("en")
    assert "Lake camp" in english and day in english and time in english


def test_event_page_falls_back_to_english(client, make_event):
    event = make_event(texts={"en": {"title": "Only in English", "description": "Bring boots."}})
    page = client.get(f"/events/{event.id}?lang=lv").text
    assert "Only in English" in page and "Bring boots." in page


def test_event_page_offers_calendar_links(client, make_event):
    event = make_event()
    page = client.get(f"/events/{event.id}").text
    assert f"/events/{event.id}.ics" in page
    assert f"webcal://tiltas.test/events/{event.id}.ics" in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page


def test_draft_event_is_not_found_for_the_public(client, make_event):
    event = make_event(status=EventStatus.DRAFT)
    assert client.get(f"/events/{event.id}").status_code == 404
    assert client.get(f"/events/{event.id}.ics").status_code == 404
    assert client.get("/events/999999").status_code == 404


def test_event_page_escapes_html_in_texts(client, make_event):
    event = make_event(texts={"en": {"title": "<script>alert(1)</script>"}})
    page = client.get(f"/events/{event.id}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_places_are_one_whole_message_with_the_capacity(client, make_event, make_registration):
    event = make_event(capacity=20, starts_at=_soon())
    page = client.get(f"/events/{event.id}").text
    assert "20 places left out of 20" in page
    assert "of 20 places" not in page.replace("left out of 20", "")
    full = make_event(capacity=1, starts_at=_soon(), texts={"en": {"title": "Tiny camp"}})
    make_registration(full, now=utcnow())
    make_registration(full, now=utcnow(), email="second@example.lt", guardian="Rūta Petraitienė")
    for text in (client.get(f"/events/{full.id}").text, client.get("/").text):
        assert "Full: the 1 place is taken" in text
        assert "1 person on the waiting list" in text
        assert "people waiting" not in text and "of 1 place" not in text


def test_countries_are_named_in_the_pages_language(client, make_event, make_venue):
    make_event(venue=make_venue(country="LT"), starts_at=_soon())
    make_event(venue=make_venue(country="PL"), starts_at=_soon())
    page = client.get("/?lang=pl").text
    assert ">Litwa</option>" in page and ">Polska</option>" in page
    assert ", Litwa</p>" in page and ", LT</p>" not in page
    assert ">Lithuania</option>" in client.get("/?lang=en").text
