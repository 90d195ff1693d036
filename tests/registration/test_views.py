"""Registering on the site, the booking link, the family's page and the staff roster."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from app import create_app
from extensions import db, limiter
from registration.models import Booking, Participant, ParticipantStatus
from staff.models import Role
from tests.conftest import api_token, login, statuses
from tests.registration.test_api import body as api_body

#: A brother in the form's second row.
SECOND_CHILD = {
    "participants-1-first_name": "Jonas",
    "participants-1-last_name": "Kazlauskas",
    "participants-1-birth_date": "2016-02-29",
}


def form(**changes):
    data = {
        "contact_name": "Ona Kazlauskienė",
        "contact_email": "ona@example.lt",
        "contact_phone": "+37060000000",
        "locale": "lt",
        "participants-0-first_name": "Žemyna",
        "participants-0-last_name": "Kazlauskaitė",
        "participants-0-birth_date": "2014-05-01",
        "participants-0-gender": "female",
        "participants-0-dietary": "",
        "participants-0-health_notes": "",
        "siblings": "together",
        "consent_data_processing": "y",
        "consent_guardian": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_event_page_links_to_the_registration_form(client, make_event):
    event = make_event()
    page = client.get(f"/events/{event.id}").text
    assert f"/events/{event.id}/register" in page


def test_family_registers_two_children_and_sees_their_booking(client, make_event):
    event = make_event(capacity=5)
    data = form(**SECOND_CHILD)
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 302, response.text
    booking = db.session.scalar(sa.select(Booking))
    assert response.headers["Location"] == f"/booking/{booking.id}"
    page = client.get(response.headers["Location"])
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "Žemyna Kazlauskaitė" in page.text and "Jonas Kazlauskas" in page.text
    assert "Place confirmed" in page.text
    assert "https://tiltas.test/b/" in page.text  # the link to keep


def test_adding_another_child_works_without_javascript(client, make_event):
    event = make_event()
    response = client.post(f"/events/{event.id}/register", data=form(add_participant="1"))
    assert response.status_code == 200
    assert 'name="participants-1-first_name"' in response.text
    assert 'value="Žemyna"' in response.text  # what was typed stays
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_blank_extra_rows_are_ignored(client, make_event):
    event = make_event()
    data = form(**{"participants-1-first_name": "", "participants-1-birth_date": ""})
    assert client.post(f"/events/{event.id}/register", data=data).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"participants-0-birth_date": "2030-01-01"}, "Give a real date of birth."),
        ({"participants-0-birth_date": "1899-01-01"}, "Give a real date of birth."),
        ({"participants-0-birth_date": "2000-01-01"}, "This event is for ages 8–17"),
        ({"contact_email": "ona@@example"}, "Give a valid e-mail address."),
        ({"participants-0-first_name": "x" * 101}, "Field cannot be longer than 100 characters."),
        ({"consent_guardian": None}, "A parent or guardian must agree"),
        ({"consent_data_processing": None}, "We need your consent"),
        ({"participants-0-health_notes": "Asthma"}, "Health notes need your explicit consent"),
        ({"participants-0-first_name": ""}, "This field is required."),
    ],
)
def test_bad_input_is_shown_next_to_the_field(client, make_event, changes, message):
    event = make_event(min_age=8, max_age=17)
    response = client.post(f"/events/{event.id}/register", data=form(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert re.search(r'class="error"', response.text)
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_html_in_names_is_escaped_everywhere(client, make_event):
    event = make_event()
    data = form(**{"participants-0-first_name": "<script>alert(1)</script>"})
    response = client.post(f"/events/{event.id}/register", data=data)
    page = client.get(response.headers["Location"]).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_booking_link_opens_the_booking_and_leaves_the_address(app, make_event, make_registration):
    event = make_event()
    booking, token = make_registration(
        event,
    )
    client = app.test_client()
    response = client.get(f"/b/{token}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/booking/{booking.id}"
    assert token not in response.headers["Location"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert client.get(f"/booking/{booking.id}").status_code == 200


def test_other_bookings_answer_not_found(app, make_event, make_registration):
    event = make_event()
    mine, token = make_registration(event)
    theirs, _t = make_registration(event)
    client = app.test_client()
    client.get(f"/b/{token}")
    assert client.get(f"/booking/{theirs.id}").status_code == 404
    assert client.get(f"/booking/{theirs.id}/cancel").status_code == 404
    assert client.get("/b/wrong-token").status_code == 404
    stranger = app.test_client()
    assert stranger.get(f"/booking/{mine.id}").status_code == 404


def test_cancelling_asks_first_and_needs_a_post(app, make_event, make_registration):
    event = make_event()
    booking, token = make_registration(event)
    client = app.test_client()
    client.get(f"/b/{token}")
    page = client.get(f"/booking/{booking.id}/cancel")
    assert page.status_code == 200 and "Cancel the chosen places" in page.text
    db.session.refresh(booking)
    assert booking.participants[0].status == ParticipantStatus.CONFIRMED
    participant = booking.participants[0].id
    response = client.post(f"/booking/{booking.id}/cancel", data={"participant": participant})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, participant).status == ParticipantStatus.CANCELLED


def test_family_downloads_its_calendar(app, make_event, make_registration):
    event = make_event()
    booking, token = make_registration(event)
    client = app.test_client()
    client.get(f"/b/{token}")
    response = client.get(f"/booking/{booking.id}/calendar.ics")
    assert response.status_code == 200 and b"BEGIN:VEVENT" in response.data
    assert response.headers["Cache-Control"] == "no-store"  # its name carries the reference
    assert b"Kazlausk" not in response.data  # no personal data in calendars
    feed = client.get(f"/b/{token}/calendar.ics")
    assert feed.status_code == 200 and feed.headers["Cache-Control"] == "no-store"


def test_resend_gives_the_same_answer_for_known_and_unknown_addresses(
    client, make_event, make_registration
):
    make_registration(make_event())
    known = client.post("/booking/resend", data={"email": "ona@example.lt"}, follow_redirects=True)
    unknown = client.post(
        "/booking/resend", data={"email": "nobody@example.lt"}, follow_redirects=True
    )
    assert known.status_code == unknown.status_code == 200
    message = "If we have bookings for this address"
    assert message in known.text and message in unknown.text


def test_resend_is_rate_limited(app):
    app.config["RATELIMIT_ENABLED"] = True
    from extensions import limiter

    limiter.init_app(app)
    client = app.test_client()
    codes = [
        client.post("/booking/resend", data={"email": "a@example.lt"}).status_code for _ in range(7)
    ]
    assert codes[0] == 302 and codes[-1] == 429


def test_street_worker_registers_on_behalf_without_an_email_and_prints(
    client, make_event, make_staff
):
    event = make_event()
    worker = make_staff(Role.ORGANISER, partner=event.partner)
    login(client, worker)
    response = client.post(
        f"/staff/events/{event.id}/register",
        data=form(contact_email="", contact_phone="", locale="lt"),
    )
    assert response.status_code == 302, response.text
    printable = client.get(response.headers["Location"])
    assert printable.status_code == 200
    assert "https://tiltas.test/b/" in printable.text
    booking = db.session.scalar(sa.select(Booking))
    assert booking.created_by_id == worker.id and booking.contact_email is None


def test_organiser_cannot_register_on_behalf_at_another_partners_event(
    client, make_event, make_staff
):
    event = make_event()
    login(client, make_staff(Role.ORGANISER))  # works for another partner
    assert client.get(f"/staff/events/{event.id}/register").status_code == 404
    response = client.post(f"/staff/events/{event.id}/register", data=form(contact_email=""))
    assert response.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0


def test_roster_lists_people_by_status_and_queue_order(
    client, make_event, make_staff, make_registration
):
    event = make_event(capacity=1)
    make_registration(event)
    waiting, _t = make_registration(event, guardian="Second Family")
    login(client, make_staff(Role.ORGANISER, partner=event.partner))
    page = client.get(f"/staff/events/{event.id}/roster").text
    assert "Confirmed (1)" in page and "On the waiting list (1)" in page
    assert "On the waiting list: number 1" in page
    participant = waiting.participants[0]
    response = client.post(f"/staff/participants/{participant.id}/promote")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, participant.id).status == ParticipantStatus.WAITLISTED


def test_roster_of_another_partner_is_not_found(client, make_event, make_staff):
    event = make_event()
    login(client, make_staff(Role.ORGANISER))
    assert client.get(f"/staff/events/{event.id}/roster").status_code == 404


# --- invented families ---------------------------------------------------------------------

REDIS = "redis://127.0.0.1:6379/15"


def limit_registrations(app, limit="3 per hour", **config):
    """Switch the rate limits on for this app, as in production."""
    app.config.update(RATELIMIT_ENABLED=True, REGISTRATION_RATE_LIMIT=limit, **config)
    limiter.init_app(app)
    limiter.reset()  # counts of an earlier test (Redis keeps them) start again


def _register(client, event, n, **kwargs):
    data = form(**{"participants-0-first_name": f"Vaikas{n}", "contact_email": f"p{n}@example.lt"})
    return client.post(f"/events/{event.id}/register", data=data, **kwargs)


def _api_register(client, event, n, **kwargs):
    data = api_body("2014-05-01")
    data["participants"][0]["first_name"] = f"Tomas{n}"
    return client.post(f"/api/v1/events/{event.id}/registrations", json=data, **kwargs)


def test_public_registrations_are_limited_per_client_address(app, client, make_event):
    limit_registrations(app)
    event = make_event()
    statuses = [_register(client, event, n).status_code for n in range(3)]
    refused = _api_register(client, event, 3)  # the page and the API share one limit
    assert statuses == [302, 302, 302]
    assert refused.status_code == 429 and refused.json["error"]["code"] == "rate_limited"
    assert "Retry-After" in refused.headers
    assert _register(client, event, 4).status_code == 429
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 3


def test_a_form_sent_back_with_errors_costs_no_registration(app, client, make_event):
    limit_registrations(app, "1 per hour")
    event = make_event()
    for _n in range(3):
        assert client.post(f"/events/{event.id}/register", data=form(contact_name="")).status_code
    assert _register(client, event, 1).status_code == 302


def test_staff_registering_on_behalf_are_never_limited(app, client, make_event, make_staff):
    limit_registrations(app, "1 per hour")
    event = make_event()
    organiser = make_staff(partner=event.partner)
    headers = api_token(client, organiser)
    statuses = [_api_register(client, event, n, headers=headers).status_code for n in range(3)]
    login(client, organiser)
    data = form(contact_email="")
    on_page = client.post(f"/staff/events/{event.id}/register", data=data).status_code
    assert statuses == [201, 201, 201] and on_page == 302


def test_x_forwarded_for_counts_only_behind_trusted_proxies(app, make_event):
    limit_registrations(app, "1 per hour")
    event = make_event()
    client = app.test_client()
    spoofed = [
        _api_register(client, event, n, headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code
        for n in range(2)
    ]
    assert spoofed == [201, 429]  # nobody in front of the app: the header is a lie

    behind = create_app({**app.config, "TRUSTED_PROXIES": 1})
    limiter.init_app(behind)
    proxied = behind.test_client()
    forwarded = [
        _api_register(proxied, event, n, headers={"X-Forwarded-For": f"10.0.1.{n}"}).status_code
        for n in range(2, 4)
    ]
    assert forwarded == [201, 201]  # two families behind the proxy, each its own address


def test_the_limit_is_shared_by_every_server_through_redis(app, make_event):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("needs Redis on 127.0.0.1:6379 (.ci/run has it)")
    limit_registrations(app, "2 per hour", RATELIMIT_STORAGE_URI=REDIS)
    other = create_app(dict(app.config))
    limiter.init_app(other)
    event = make_event()
    first, second = app.test_client(), other.test_client()
    statuses = [_api_register(c, event, n).status_code for n, c in enumerate([first, second])]
    assert statuses == [201, 201]
    assert _api_register(second, event, 2).status_code == 429
    assert _api_register(first, event, 3).status_code == 429


def test_the_field_people_never_see_stops_a_program(client, make_event):
    event = make_event()
    response = client.post(
        f"/events/{event.id}/register", data=form(leave_empty="http://spam.example")
    )
    assert response.status_code == 200
    assert "looks as if a program filled it in" in response.text
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0
    page = client.get(f"/events/{event.id}/register").text
    assert 'class="trap"' in page and 'tabindex="-1"' in page


def test_names_lose_invisible_characters_on_the_page_and_in_the_api(client, make_event):
    event = make_event()
    spoofed = "\u202eanO\u200b"
    client.post(
        f"/events/{event.id}/register",
        data=form(**{"participants-0-first_name": f"Ona{spoofed}"}),
    )
    data = api_body("2013-01-01")
    data["participants"][0]["first_name"] = f"Jonas{spoofed}"
    assert client.post(f"/api/v1/events/{event.id}/registrations", json=data).status_code == 201
    names = db.session.scalars(sa.select(Participant.first_name).order_by(Participant.id)).all()
    assert names == ["OnaanO", "JonasanO"]


def test_a_missing_consent_is_consent_required(client, make_event):
    event = make_event()
    data = api_body("2014-05-01")
    data["consents"] = {"guardian": True}
    response = client.post(f"/api/v1/events/{event.id}/registrations", json=data)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "consent_required"
    assert "consents.data_processing" in response.json["error"]["fields"]


def test_one_ipv6_network_counts_as_one_client(app, make_event):
    limit_registrations(app, "2 per hour")
    event = make_event()
    client = app.test_client()
    statuses = [
        _api_register(
            client, event, n, environ_overrides={"REMOTE_ADDR": f"2001:db8:1:2::{n + 1}"}
        ).status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]
    other_home = _api_register(
        client, event, 9, environ_overrides={"REMOTE_ADDR": "2001:db8:1:3::1"}
    )
    assert other_home.status_code == 201


class _Forms(HTMLParser):
    """The forms of a page as a browser without JavaScript sends them: each field's name with
    its value as the page sets it (ticked boxes and chosen radios only), and the links."""

    def __init__(self, page: str):
        super().__init__()
        self.forms, self.links, self._select = [], [], None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}, "submit": []})
        elif not self.forms:
            return
        elif tag in ("button", "input") and attrs.get("type", "submit") == "submit":
            self.forms[-1]["submit"].append(attrs)
        elif tag == "input" and attrs.get("name"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.forms[-1]["fields"].setdefault(attrs["name"], attrs.get("value", ""))
        elif tag in ("select", "textarea"):
            self._select = attrs.get("name")
            self.forms[-1]["fields"].setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.forms[-1]["fields"][self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag in ("select", "textarea"):
            self._select = None


def _send(client, url: str, form: dict, **fill):
    """Post a page's form as the browser would, with what the family typed in."""
    assert form["submit"], f"a form on {url} has no button to send it"
    return client.post(form["action"] or url, data={**form["fields"], **fill})


def _form_with(page: str, field: str) -> list[dict]:
    return [f for f in _Forms(page).forms if field in f["fields"]]


def test_the_whole_registration_and_booking_flow_works_without_javascript(app, make_event):
    event = make_event(capacity=1, texts={"en": {"title": "No script camp"}})
    browser = app.test_client()
    page_url = f"/events/{event.id}"
    assert page_url in _Forms(browser.get("/").text).links
    register_url = f"/events/{event.id}/register"
    assert register_url in _Forms(browser.get(page_url).text).links
    (registration,) = _form_with(browser.get(register_url).text, "contact_name")
    # The family types what it must; the choices keep what the page set (siblings: together).
    typed = {key: value for key, value in form().items() if key != "siblings"}
    response = _send(browser, register_url, registration, **typed)
    assert response.status_code == 302, response.text
    booking_url = response.headers["Location"]
    booking = browser.get(booking_url).text
    assert "Place confirmed" in booking
    # A second family waits, then gets the place the first one gives back.
    second = app.test_client()
    (registration,) = _form_with(second.get(register_url).text, "contact_name")
    typed.update({"contact_email": "b@example.lt", "participants-0-first_name": "Jonas"})
    response = _send(second, register_url, registration, **typed)
    assert response.status_code == 302, response.text
    second_booking = response.headers["Location"]
    assert "You are next on the waiting list." in second.get(second_booking).text
    cancel_url = f"{booking_url}/cancel"
    assert cancel_url in _Forms(booking).links
    cancel_page = browser.get(cancel_url).text
    # The form that posts back to the page (the other is the language switcher).
    (cancel,) = [f for f in _Forms(cancel_page).forms if f["action"] in ("", cancel_url)]
    participant = re.search(r'name="participant" value="(\d+)"', cancel_page).group(1)
    response = _send(browser, cancel_url, cancel, participant=participant)  # the family ticks
    assert response.status_code == 302
    assert "Cancelled" in browser.get(booking_url).text
    assert "Place confirmed" in second.get(second_booking).text


ARABIC = "فاطمة الزهراء"
LONG = "W" * 100


def test_right_to_left_and_very_long_names_keep_their_own_direction_and_wrap(app, make_event, smtp):
    event = make_event(texts={"en": {"title": "مخيم " + "X" * 150}})
    browser = app.test_client()
    data = form(
        contact_name="C" * 200,
        locale="en",
        **{"participants-0-first_name": "فاطمة", "participants-0-last_name": "الزهراء"},
        **{
            "participants-1-first_name": LONG,
            "participants-1-last_name": LONG,
            "participants-1-birth_date": "2015-03-03",
        },
    )
    response = browser.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 302, response.text
    booking = response.headers["Location"]
    pages = {
        url: browser.get(url).text
        for url in (booking, f"{booking}/print", f"{booking}/cancel", f"{booking}/erase")
    }
    for url, page in pages.items():
        assert f"<bdi>{ARABIC}</bdi>" in page, url
        assert f"<bdi>{LONG} {LONG}</bdi>" in page, url
    assert f"<bdi>{'C' * 200}</bdi>" in pages[f"{booking}/print"]
    assert '<h1 dir="auto">' in pages[booking] and '<h1 dir="auto">' in pages[f"{booking}/print"]
    assert '<h1 dir="auto">' in browser.get(f"/events/{event.id}").text
    assert '<h2 dir="auto"' in browser.get("/").text
    tickets = browser.get(f"{booking}/tickets").text
    assert '<p class="ticket-person" dir="auto">فاطمة' in tickets
    assert "overflow-wrap: anywhere" in browser.get("/static/css/tickets.css").text
    html = smtp.body(kind="html")
    assert f"<bdi>{ARABIC}</bdi>" in html and f"<bdi>{LONG} {LONG}</bdi>" in html
    css = browser.get("/static/css/tiltas.css").text
    wrapped = {
        selector.strip()
        for line in css.splitlines()
        if "overflow-wrap: anywhere" in line
        for selector in line.split("{")[0].split(",")
    }
    assert {"h1", "h2", "bdi", "dd", "label"} <= wrapped


#: Words a parent who reads slowly should not have to decode.
JARGON = ("(empty:", "(JSON)", "family number", "in the queue", "(.ics)", "(webcal)", "(A4)")


def test_family_pages_speak_plainly(app, make_event, make_registration):
    event = make_event(capacity=1)
    make_registration(event)
    booking, token = make_registration(event, email="second@example.lt")
    browser = app.test_client()
    browser.get(f"/b/{token}")
    pages = [
        f"/events/{event.id}",
        f"/events/{event.id}/register",
        f"/booking/{booking.id}",
        f"/booking/{booking.id}/print",
        f"/booking/{booking.id}/data",
        f"/booking/{booking.id}/erase",
    ]
    for url in pages:
        page = browser.get(url).text
        assert not [word for word in JARGON if word in page], url
    assert "You are next on the waiting list." in browser.get(f"/booking/{booking.id}").text


# --- every mistake at once: a summary above the form, each field marked and described ------


def _mistakes(page: str) -> dict:
    """What a family meets on a form sent back: the title, the summary's links, the fields."""
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</ul>', page, re.S)
    fields = {}
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", page):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if "aria-invalid" in attrs:
            fields[attrs["id"]] = attrs.get("aria-describedby", "").split()
    errors = dict(re.findall(r'<p class="error" id="([^"]+)-error">([^<]*)</p>', page))
    return {
        "title": re.search(r"<title>(.*?)</title>", page, re.S).group(1),
        "focus": bool(summary) and re.search(r'class="error-summary"[^>]*autofocus', page),
        "links": dict(re.findall(r'<a href="#([^"]+)">([^<]*)</a>', summary.group(1)))
        if summary
        else {},
        "invalid": fields,
        "errors": errors,
    }


def _assert_linked(found: dict) -> None:
    """Each link goes to a marked field, which its own message describes, and the reverse."""
    assert found["title"].startswith("Error: Register for ")
    assert found["focus"]
    assert set(found["links"]) == set(found["invalid"]) == set(found["errors"])
    for field, described_by in found["invalid"].items():
        # One id (its message, or its hint and message together), as readers read it.
        assert described_by in ([f"{field}-error"], [f"{field}-notes"])
        assert found["errors"][field] in found["links"][field]


def test_an_empty_form_shows_every_mistake_at_once(client, make_event):
    event = make_event(min_age=8, max_age=17)
    page = client.post(f"/events/{event.id}/register", data={"locale": "en"}).text
    found = _mistakes(page)
    _assert_linked(found)
    assert set(found["links"]) == {
        "contact_email",
        "participants-0-first_name",
        "participants-0-last_name",
        "participants-0-birth_date",
        "consent_data_processing",
    }
    assert found["links"]["participants-0-last_name"] == (
        "Participant 1, Last name: This field is required."
    )
    # A field with a hint: one element holds the hint and the message it is described by.
    assert found["invalid"]["contact_email"] == ["contact_email-notes"]
    notes = re.search(r'<div id="contact_email-notes">(.*?)</div>', page, re.S).group(1)
    assert 'id="contact_email-hint"' in notes and 'id="contact_email-error"' in notes
    # The consent box is described by its message, like every other field.
    assert found["invalid"]["consent_data_processing"] == ["consent_data_processing-error"]


def test_with_the_consent_ticked_the_fields_at_fault_are_still_marked(client, make_event):
    event = make_event()
    data = {"locale": "en", "consent_data_processing": "y"}
    found = _mistakes(client.post(f"/events/{event.id}/register", data=data).text)
    _assert_linked(found)
    assert "consent_data_processing" not in found["links"]
    assert {"participants-0-first_name", "participants-0-birth_date"} <= set(found["invalid"])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"participants-0-birth_date": "2030-01-01"}, "participants-0-birth_date", "real date"),
        ({"participants-0-birth_date": "2000-01-01"}, "participants-0-birth_date", "ages 8–17"),
        ({"participants-0-birth_date": "2022-01-01"}, "participants-0-birth_date", "is 5."),
        ({"participants-0-birth_date": "tomorrow"}, "participants-0-birth_date", "valid date"),
        ({"consent_guardian": None}, "consent_guardian", "must agree"),
        ({"contact_name": ""}, "contact_name", "must register a participant under 18"),
        (
            {"participants-0-health_notes": "Asthma"},
            "consent_health_data",
            "Health notes need your explicit consent",
        ),
        ({"siblings": "nobody"}, "siblings-0", "Not a valid choice."),
    ],
)
def test_each_mistake_is_at_the_top_and_at_its_field(client, make_event, changes, field, message):
    event = make_event(min_age=8, max_age=17)
    page = client.post(f"/events/{event.id}/register", data=form(**changes)).text
    found = _mistakes(page)
    assert list(found["links"]) == [field]
    assert message in found["links"][field]
    assert found["title"].startswith("Error: ") and found["focus"]
    if field != "siblings-0":
        _assert_linked(found)
    else:  # the radios share one message
        assert 'aria-describedby="siblings-error"' in page and 'id="siblings-error"' in page
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_a_half_filled_child_row_and_the_events_rules_are_shown_together(client, make_event):
    event = make_event(min_age=8, max_age=17)
    data = form(
        consent_guardian=None,
        **{
            "participants-0-birth_date": "2022-01-01",  # too young for the event
            "participants-1-first_name": "Jonas",  # neither a last name nor a birth date
        },
    )
    found = _mistakes(client.post(f"/events/{event.id}/register", data=data).text)
    _assert_linked(found)
    assert list(found["links"]) == [
        "participants-0-birth_date",
        "participants-1-last_name",
        "participants-1-birth_date",
        "consent_guardian",
    ]
    assert found["links"]["participants-1-last_name"].startswith("Participant 2, Last name: ")
    assert "This event is for ages 8–17" in found["errors"]["participants-0-birth_date"]
    assert "A parent or guardian must agree" in found["errors"]["consent_guardian"]


def test_a_form_without_mistakes_has_no_summary_and_its_usual_title(client, make_event):
    event = make_event(texts={"en": {"title": "Quiet camp"}})
    page = client.get(f"/events/{event.id}/register").text
    assert "error-summary" not in page and "aria-invalid" not in page
    assert "<title>Register for Quiet camp · Tiltas</title>" in page
    # A hint is read with its field.
    assert 'aria-describedby="participants-0-birth_date-hint"' in page
    assert 'id="participants-0-birth_date-hint"' in page


# --- after registering: the headline says what happened --------------------------------------


def _headlines(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<p class="booking-headline (\w+)">([^<]*)</p>', page)


def test_a_family_with_places_reads_that_it_has_them(client, make_event):
    event = make_event(capacity=5)
    data = form(**SECOND_CHILD)
    response = client.post(f"/events/{event.id}/register", data=data)
    page = client.get(response.headers["Location"]).text
    assert _headlines(page) == [("placed", "You have 2 places.")]
    assert "Thank you: your registration is saved." in page and "flash-success" in page


def test_a_family_on_the_waiting_list_reads_so_and_its_place_in_the_queue(
    client, make_event, make_registration
):
    event = make_event(capacity=1)
    make_registration(event)  # takes the one place
    make_registration(event, email="first@example.lt")  # waits first
    response = client.post(f"/events/{event.id}/register", data=form())
    assert response.status_code == 302, response.text
    page = client.get(response.headers["Location"]).text
    assert _headlines(page) == [("waiting", "You are number 2 on the waiting list.")]
    saved = '<p class="flash flash-notice" role="status">Your registration is saved, but there is'
    assert saved in page and "flash-success" not in page  # not the green of a place
    assert "Thank you" not in page and "You have" not in page


def test_the_cancel_page_ticks_nobody_in_advance(app, make_event, make_registration):
    event = make_event()
    booking, token = make_registration(event, date(2014, 5, 1), date(2016, 2, 29))
    client = app.test_client()
    client.get(f"/b/{token}")
    page = client.get(f"/booking/{booking.id}/cancel").text
    boxes = re.findall(r'<input type="checkbox" name="participant"[^>]*>', page)
    assert len(boxes) == 2 and not [box for box in boxes if "checked" in box]
    # Sent as it comes, nobody is cancelled: the family is asked to choose.
    response = client.post(f"/booking/{booking.id}/cancel", data={}, follow_redirects=True)
    assert "Choose whose place to cancel." in response.text
    db.session.expire_all()
    assert statuses(db.session.get(Booking, booking.id)) == ["confirmed", "confirmed"]
