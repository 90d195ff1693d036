"""Public pages: the event list, an event, its calendar links."""

import html
import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.dates import format_skeleton, get_timezone_location
from markupsafe import escape

from camps.models import EventKind, EventStatus
from core.db import utcnow
from core.languages import LANGUAGES
from staff.models import Role
from tests.conftest import PASSWORD, login, served_app


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


def test_event_list_marks_english_fallbacks_with_their_language(client, make_event):
    make_event(
        starts_at=_soon(),
        texts={"en": {"title": "Lake camp", "summary": "Canoes."}, "lt": {"title": "Stovykla"}},
    )
    page = client.get("/?lang=lt").text
    assert re.search(r'<h2 dir="auto" id="event-\d+">', page)  # Lithuanian: no lang of its own
    assert '<p dir="auto" lang="en">Canoes.</p>' in page
    page = client.get("/?lang=pl").text
    assert re.search(r'<h2 dir="auto" id="event-\d+" lang="en">', page)
    assert 'lang="en"' not in client.get("/?lang=en").text.split("<main>")[1]


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
    # One choice: the .ics by its full address (a phone opens it in its calendar app) and
    # Google's, under one label; no webcal:// link a phone may not know.
    group = re.search(r'<details class="calendar-links">(.*?)</details>', page, re.S)
    assert group and "Add to your calendar" in group[1]
    links = re.findall(r'href="([^"]+)"', group[1])
    assert links[0] == f"https://tiltas.test/events/{event.id}.ics"
    assert links[1].startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    assert len(links) == 2
    assert "webcal:" not in page
    assert client.get(links[0].removeprefix("https://tiltas.test")).mimetype == "text/calendar"


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


def test_home_page_says_what_tiltas_is_that_it_is_free_and_how_to_take_part(client, make_event):
    make_event(texts={"en": {"title": "Lake camp"}}, starts_at=_soon())
    page = client.get("/").text
    intro = re.search(r'<section class="intro".*?</section>', page, re.S)[0]
    assert "camps, workshops and activities" in intro
    assert "Taking part is free." in intro
    assert len(re.findall(r"<li>", intro)) == 3


def test_every_open_card_has_a_register_button(client, make_event, make_registration):
    open_event = make_event(texts={"en": {"title": "Open camp"}}, starts_at=_soon())
    full = make_event(texts={"en": {"title": "Full camp"}}, starts_at=_soon(31), capacity=1)
    make_registration(full, now=utcnow())
    closed = make_event(
        texts={"en": {"title": "Closed camp"}},
        starts_at=_soon(32),
        registration_closes_at=_soon(-1),
    )
    page = client.get("/").text
    cards = dict(
        (int(m[1]), m[2])
        for m in re.finditer(r'<h2 dir="auto" id="event-(\d+)">(.*?)</li>', page, re.S)
    )
    button = re.compile(r'class="button primary" href="/events/(\d+)/register"[^>]*>([^<]+)</a>')
    assert button.search(cards[open_event.id]).groups() == (str(open_event.id), "Register")
    assert button.search(cards[full.id]).groups() == (str(full.id), "Join the waiting list")
    assert not button.search(cards[closed.id])
    # Each button is described by its event's title for a screen reader.
    assert f'aria-describedby="event-{open_event.id}"' in cards[open_event.id]


def test_event_page_says_when_its_texts_are_in_english(client, make_event):
    event = make_event(
        texts={
            "en": {"title": "Lake camp", "description": "Bring boots."},
            "lt": {"title": "Stovykla prie ežero"},
        }
    )
    page = client.get(f"/events/{event.id}?lang=lt").text
    assert '<h1 dir="auto">Stovykla prie ežero</h1>' in page
    assert '<div class="prose" dir="auto" lang="en">Bring boots.</div>' in page
    assert '<p class="language-note">' in page
    english = client.get(f"/events/{event.id}?lang=en").text
    assert 'lang="en">Bring boots.' not in english and "language-note" not in english
    whole = make_event(texts={"en": {"title": "Camp"}, "lt": {"title": "Stovykla"}})
    assert "language-note" not in client.get(f"/events/{whole.id}?lang=lt").text


def test_event_page_names_the_zone_and_gives_the_script_each_difference(client, make_event):
    event = make_event(starts_at=datetime(2027, 7, 5, 10, 0))  # Vilnius in summer: UTC+3
    page = client.get(f"/events/{event.id}?lang=en").text
    assert "Europe/Vilnius" not in page
    assert escape(get_timezone_location(ZoneInfo("Europe/Vilnius"), locale="en")) in page
    note = re.search(
        r'<p class="timezone-note" hidden data-starts="(\d+)" data-venue-offset="(-?\d+)"'
        r" data-zone-notes='([^']+)'></p>",
        page,
    )
    assert note, "the note the script fills"
    assert int(note[1]) == datetime(2027, 7, 5, 7, 0, tzinfo=UTC).timestamp() * 1000
    assert note[2] == "180"
    notes = json.loads(html.unescape(note[3]))
    assert notes["1"] == "That is 1 hour ahead of your time."
    assert notes["-2"] == "That is 2 hours behind your time."
    assert "0" not in notes
    assert '<script src="/static/js/zone-note.js" defer></script>' in page


def test_staff_list_names_the_translations_an_event_lacks(client, make_event, make_staff):
    organiser = make_staff()
    event = make_event(
        partner=organiser.partner,
        texts={
            "en": {"title": "Lake camp", "summary": "Canoes."},
            "lt": {"title": "Stovykla", "summary": "Baidarės."},
            "de": {"title": "Zeltlager", "summary": "Kanus."},
            "cs": {"title": "Tábor"},  # no summary: incomplete
        },
    )
    make_event(
        partner=organiser.partner,
        texts={code: {"title": f"Camp {code}"} for code in ("en", "lt", "pl", "lv", "cs", "de")},
    )
    login(client, organiser)
    page = client.get("/staff/?lang=en").text
    lines = re.findall(r'<small class="missing-translations">(.*?)</small>', page)
    assert lines == ["Missing translations: Polish, Latvian, and Czech"]
    # In the page's language, named by Babel.
    page = client.get("/staff/?lang=de").text
    names = [Locale.parse(code).get_display_name("de") for code in ("pl", "lv", "cs")]
    assert all(name in page for name in names)
    assert event.id


@pytest.fixture
def served(app, make_event, tmp_path):
    """The app under gunicorn with a Vilnius event, for Chromium."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the browser tests run once, on SQLite")
    event = make_event(
        starts_at=datetime(2027, 7, 5, 10, 0),
        texts={"en": {"title": "Lake camp", "description": "Bring boots."}},
    )
    with served_app(app, tmp_path, workers=2) as root:
        yield f"{root}", event


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}


def test_the_header_is_one_short_row_on_a_phone_in_every_language(served, chromium):
    url, event = served
    for javascript in (True, False):
        context = chromium.new_context(**PHONE, java_script_enabled=javascript)
        page = context.new_page()
        for code in LANGUAGES:
            for path in ("/", f"/events/{event.id}"):
                page.goto(f"{url}{path}?lang={code}")
                header = page.locator("header.site-header").bounding_box()
                # At most ~15 % of an 844 px screen, German and Lithuanian included.
                assert header["height"] <= 130, (code, path, header)
                assert page.evaluate("document.documentElement.scrollWidth") <= 390, (code, path)
        # The language menu opens without JavaScript too, and its choice sticks.
        page.goto(f"{url}/")
        page.click(".language-menu summary")
        with page.expect_navigation():
            page.click(".languages button[value=de]")
        assert page.locator("html").get_attribute("lang") == "de"
        assert page.locator(".language-menu summary").inner_text().strip().endswith("Deutsch")
        # Staff login is in the footer, not in a family's header.
        assert page.locator("header a").count() == 1
        assert page.locator("footer a[href='/staff/login']").count() == 1
        context.close()


def test_a_staff_members_many_links_keep_the_header_one_row_on_a_phone(
    served, chromium, make_staff
):
    url, _event = served
    admin = make_staff(Role.ADMIN)
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{url}/staff/login?lang=de")
    page.fill("input[name=email]", admin.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button.primary")
    for code in ("de", "lt"):
        page.goto(f"{url}/staff/?lang={code}")
        assert page.locator("header.site-header").bounding_box()["height"] <= 130, code
        assert page.locator("header nav a").count() > 5
    context.close()


def test_a_visitor_in_another_zone_reads_the_difference(served, chromium):
    url, event = served
    for zone, expected in (
        ("Europe/Warsaw", "That is 1 hour ahead of your time."),
        ("Europe/London", "That is 2 hours ahead of your time."),
        ("America/New_York", "That is 7 hours ahead of your time."),
        ("Asia/Tokyo", "That is 6 hours behind your time."),
    ):
        context = chromium.new_context(**PHONE, timezone_id=zone, locale="en-GB")
        page = context.new_page()
        page.goto(f"{url}/events/{event.id}?lang=en")
        note = page.locator("p.timezone-note[data-zone-notes]")
        assert note.is_visible(), zone
        assert note.inner_text() == expected
        context.close()
    # The venue's own zone, or no JavaScript: only the venue's time is named.
    for options in ({"timezone_id": "Europe/Vilnius"}, {"java_script_enabled": False}):
        context = chromium.new_context(**PHONE, **options)
        page = context.new_page()
        page.goto(f"{url}/events/{event.id}?lang=en")
        assert not page.locator("p.timezone-note[data-zone-notes]").is_visible()
        assert page.locator("p.timezone-note").first.is_visible()
        context.close()
