"""The booking on a phone in a real browser (Debian's Chromium): the tickets page fits a 390 px
screen and still prints two tickets to an A4 page; the booking link can be copied, and its QR
code is drawn for the browser that holds the booking."""

import os
import re
from datetime import date

import pytest

from tests.conftest import CHROMIUM, SERVERS, served_app

pytestmark = [
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="browser tests need Debian's chromium (.ci/run installs it)",
    ),
    pytest.mark.xdist_group(SERVERS),
]

PHONE = {"width": 390, "height": 844}
#: A4's width at 96 px an inch.
A4_WIDTH = 794


@pytest.fixture
def site(app, make_event, make_registration, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the browser tests run once, on SQLite")
    event = make_event(
        capacity=10,
        texts={"en": {"title": "Išgyvenimo stovykla Dzūkijos nacionaliniame parke, vasara"}},
    )
    booking, token = make_registration(
        event,
        date(2013, 5, 1),
        date(2015, 3, 2),
        date(2016, 7, 7),
        guardian="Aldona Kazlauskienė-Vaitkevičiūtė",
        locale="lt",  # the tickets are in the family's language: long words
    )
    with served_app(app, tmp_path, workers=2) as root:
        yield {"base": root, "token": token, "booking": booking}


def phone(chromium, site, *, javascript: bool = True):
    """A phone that has opened the booking's link (so its session holds the booking)."""
    context = chromium.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(f"{site['base']}/b/{site['token']}")
    assert page.url.endswith(f"/booking/{site['booking'].id}")
    return context, page


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_tickets_page_fits_a_phone_and_prints_two_to_an_a4_page(chromium, site):
    context, page = phone(chromium, site)
    try:
        page.goto(f"{site['base']}/booking/{site['booking'].id}/tickets")
        assert page.locator(".ticket").count() == 3
        assert scroll_width(page) <= PHONE["width"]
        for qr in page.locator(".ticket-qr").all():
            box = qr.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            assert box["width"] >= 150  # still big enough for the gate's camera
        # On paper: A4, the QR beside the text, two tickets to a page.
        page.emulate_media(media="print")
        page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
        assert scroll_width(page) <= A4_WIDTH
        assert page.locator(".ticket").first.evaluate(
            "(e) => getComputedStyle(e).flexDirection"
        ) == ("row")
        pdf = page.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2
    finally:
        context.close()


def test_the_booking_link_fits_a_phone_copies_and_shows_its_qr_code(chromium, site):
    context, page = phone(chromium, site)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site["base"])
        link = f"http://127.0.0.1/b/{site['token']}"
        assert scroll_width(page) <= PHONE["width"]
        text = page.locator("#booking-link")
        assert text.inner_text() == link and text.bounding_box()["width"] <= PHONE["width"]
        copy = page.get_by_role("button", name="Copy the link")
        copy.click()
        page.wait_for_function("document.querySelector('[data-status]').textContent !== ''")
        assert page.locator("[data-status]").inner_text() == "Copied."
        assert page.evaluate("navigator.clipboard.readText()") == link
        qr = page.locator("img.link-qr")
        assert qr.evaluate("(img) => img.complete && img.naturalWidth > 0")
        box = qr.bounding_box()
        assert box["width"] >= 200 and box["x"] + box["width"] <= PHONE["width"]
    finally:
        context.close()


def test_without_javascript_the_link_is_text_to_select_and_no_button_is_dead(chromium, site):
    context, page = phone(chromium, site, javascript=False)
    try:
        assert scroll_width(page) <= PHONE["width"]
        assert page.locator("#booking-link").inner_text().endswith(site["token"])
        assert page.locator(".share-buttons").is_hidden()
        page.locator("#booking-link").click()  # one tap selects the whole link
        assert page.evaluate("String(window.getSelection())").endswith(site["token"])
        assert page.locator("img.link-qr").evaluate("(img) => img.naturalWidth > 0")
    finally:
        context.close()
