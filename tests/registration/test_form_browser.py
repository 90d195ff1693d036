"""The registration form on a phone in a real browser (Debian's Chromium): the mistakes at the
top, focus on them, each link to its field; rows added with and without JavaScript."""

import os

import pytest
import sqlalchemy as sa

from extensions import db
from registration.models import Booking, Participant
from tests.conftest import CHROMIUM, SERVERS, served_app

pytestmark = [
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="browser tests need Debian's chromium (.ci/run installs it)",
    ),
    pytest.mark.xdist_group(SERVERS),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(app, make_event, make_registration, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the browser tests run once, on SQLite")
    event = make_event(min_age=6, max_age=17, capacity=10)
    full = make_event(capacity=1)
    make_registration(full)
    with served_app(app, tmp_path, workers=2) as root:
        yield {
            "root": f"{root}",
            "url": f"{root}/events/{event.id}/register",
            "event": event,
            "full": f"{root}/events/{full.id}/register",
        }


def phone(chromium, *, javascript: bool):
    context = chromium.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript
    )
    return context, context.new_page()


def active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_focus_lands_on_the_summary_and_each_link_moves_to_its_field(chromium, site, javascript):
    context, page = phone(chromium, javascript=javascript)
    try:
        page.goto(site["url"])
        page.fill("[name=contact_name]", "Aldona Kazlauskienė")
        page.fill("[name=participants-0-first_name]", "Jonas")
        page.fill("[name=participants-0-birth_date]", "2999-01-01")  # in the future
        with page.expect_navigation():
            page.click("main button.primary")
        assert page.title().startswith("Error: Register for ")
        page.wait_for_function("document.activeElement.id === 'error-summary'")
        summary = page.locator("#error-summary")
        box = summary.bounding_box()
        assert box["y"] < PHONE["height"] and box["width"] <= PHONE["width"]
        targets = summary.locator("a").evaluate_all("(all) => all.map((a) => a.hash.slice(1))")
        assert targets == [
            "contact_email",
            "participants-0-last_name",
            "participants-0-birth_date",
            "consent_data_processing",
        ]
        for target in targets:
            page.locator(f"#error-summary a[href='#{target}']").click()
            page.wait_for_function(f"document.activeElement.id === {target!r}")
            field = page.locator(f"#{target}")
            assert field.get_attribute("aria-invalid") == "true"
            # The field and its label are on the screen, not under its top edge.
            label = page.locator(f"label:has(#{target}), label[for='{target}']").first
            for shown in (field, label):
                assert shown.evaluate(
                    "(e) => { const r = e.getBoundingClientRect();"
                    " return r.top >= 0 && r.bottom <= window.innerHeight; }"
                ), target
            # Its message is what it is described by.
            about = field.get_attribute("aria-describedby")
            assert page.locator(f"#{about} .error, #{about}.error").count() == 1
            page.evaluate("window.scrollTo(0, 0)")
    finally:
        context.close()


#: What a family types for a child, field by field: (name, kind, value).
CHILD = [
    ("first_name", "text", "Jonas"),
    ("last_name", "text", "Kazlauskas"),
    ("birth_date", "text", "2015-03-02"),
    ("gender", "select", "male"),
    ("dietary", "text", "No nuts"),
    ("needs_accessible_room", "box", True),
    ("health_notes", "text", "Uses a wheelchair"),
]
FIRST = [
    ("first_name", "text", "Žemyna"),
    ("last_name", "text", "Kazlauskaitė"),
    ("birth_date", "text", "2013-05-01"),
    ("gender", "select", "female"),
    ("dietary", "text", "Vegetarian"),
    ("needs_accessible_room", "box", False),
    ("health_notes", "text", ""),
]
#: A third child, everything optional left as it is: a box left unticked stays "no".
THIRD = [
    ("first_name", "text", "Ona"),
    ("last_name", "text", "Kazlauskaitė"),
    ("birth_date", "text", "2016-07-07"),
]


def fill_row(page, index: int, values) -> None:
    for name, kind, value in values:
        selector = f"[name=participants-{index}-{name}]"
        if kind == "select":
            page.select_option(selector, value)
        elif kind == "box":
            page.set_checked(selector, value)
        else:
            page.fill(selector, value)


def add_row(page, javascript: bool) -> None:
    if javascript:
        page.click("button.add-participant")  # no round trip
    else:
        with page.expect_navigation():
            page.click("button.add-participant")


def fields_of(page, index: int) -> list[tuple]:
    """Each field of a row as the browser holds it, named without the row's number."""
    return page.eval_on_selector_all(
        f"fieldset.participant[data-index='{index}'] [name]",
        """(all) => all.map((e) => [e.name.replace(/participants-\\d+-/, ''), e.tagName,
            e.type, e.type === 'checkbox' ? e.value : null,
            e.labels && e.labels.length ? e.labels[0].textContent.trim() : null,
            e.getAttribute('aria-describedby')
              ? e.getAttribute('aria-describedby').replace(/participants-\\d+-/, '') : null])""",
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_added_rows_keep_every_field_like_the_first_row(chromium, site, javascript):
    context, page = phone(chromium, javascript=javascript)
    try:
        page.goto(site["url"])
        fill_row(page, 0, FIRST)
        add_row(page, javascript)
        add_row(page, javascript)
        # The added rows are the first row's twins: the same fields, kinds, values, labels.
        assert fields_of(page, 1) == fields_of(page, 0) == fields_of(page, 2)
        assert page.locator("[name=participants-1-needs_accessible_room]").get_attribute(
            "value"
        ) == ("y")
        fill_row(page, 1, CHILD)
        fill_row(page, 2, THIRD)
        page.fill("[name=contact_name]", "Ona Kazlauskienė")
        page.fill("[name=contact_email]", "ona@example.lt")
        for box in ("consent_data_processing", "consent_guardian", "consent_health_data"):
            page.check(f"[name={box}]")
        with page.expect_navigation():
            page.click("main button.primary")
        assert "/booking/" in page.url, page.locator("#error-summary").all_inner_texts()
        db.session.expire_all()
        booking = db.session.scalar(sa.select(Booking).where(Booking.event_id == site["event"].id))
        people = db.session.scalars(
            sa.select(Participant)
            .where(Participant.booking_id == booking.id)
            .order_by(Participant.id)
        ).all()
        stored = [
            {
                "first_name": p.first_name,
                "last_name": p.last_name,
                "birth_date": p.birth_date.isoformat(),
                "gender": p.gender.value if p.gender else None,
                "dietary": p.dietary,
                "needs_accessible_room": p.needs_accessible_room,
                "health_notes": p.health_notes,
            }
            for p in people
        ]
        typed = [{name: value for name, _kind, value in row} for row in (FIRST, CHILD, THIRD)]
        typed[2].update(gender=None, dietary="", needs_accessible_room=False, health_notes="")
        typed[0]["gender"], typed[1]["gender"] = "female", "male"
        assert stored == typed
    finally:
        context.close()


def register_one_child(page) -> None:
    fill_row(page, 0, FIRST)
    page.fill("[name=contact_name]", "Ona Kazlauskienė")
    page.fill("[name=contact_email]", "ona@example.lt")
    page.check("[name=consent_data_processing]")
    page.check("[name=consent_guardian]")
    with page.expect_navigation():
        page.click("main button.primary")


def test_a_family_on_the_waiting_list_reads_so_at_the_top(chromium, site):
    context, page = phone(chromium, javascript=True)
    try:
        page.goto(site["full"])
        register_one_child(page)
        assert "/booking/" in page.url
        headline = page.locator(".booking-headline")
        assert headline.all_inner_texts() == ["You are next on the waiting list."]
        assert "waiting" in headline.get_attribute("class")
        assert headline.bounding_box()["y"] < PHONE["height"]  # seen without scrolling
        assert "Thank you" not in page.locator("main").inner_text()
    finally:
        context.close()


def test_a_language_from_the_address_stays_for_the_next_filter_and_click(chromium, site):
    context, page = phone(chromium, javascript=True)
    try:
        page.goto(site["root"] + "/?lang=lt")
        assert page.get_attribute("html", "lang") == "lt"
        with page.expect_navigation():
            page.click("form.filters button[type=submit]")
        assert "lang=" not in page.url and page.get_attribute("html", "lang") == "lt"
        with page.expect_navigation():
            page.click(f"main a[href$='/events/{site['event'].id}']")
        assert page.get_attribute("html", "lang") == "lt"
        # Another language chosen in the switcher wins over the one the address asked for.
        page.goto(site["root"] + "/?lang=lt")
        menu = page.locator("details:has(form.languages) > summary")
        if menu.count():  # the languages may sit in a small menu: open it, as a finger does
            menu.click()
        with page.expect_navigation():
            page.click("form.languages button[value=pl]")
        assert page.get_attribute("html", "lang") == "pl"
        page.goto(site["root"] + "/")
        assert page.get_attribute("html", "lang") == "pl"
    finally:
        context.close()
