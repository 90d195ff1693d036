"""The gate page keeps its counts fresh without reloading itself (no meta refresh)."""

import os
from datetime import timedelta

import pytest

from core.db import commit, utcnow
from registration.checkin import ScanRequest, perform_checkin
from registration.tickets import valid_ticket
from staff.models import Role
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS, PASSWORD, SERVERS, login, served_app

#: A cheap phone held upright.
PHONE = {"width": 390, "height": 844}

browser_only = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason="browser tests need Debian's chromium (.ci/run installs it)",
)
#: Timed against a live page: never beside the tests that start whole servers.
on_its_own = pytest.mark.xdist_group(SERVERS)


@pytest.fixture
def camp(make_event, make_registration, make_staff):
    start = (utcnow() + timedelta(hours=6)).replace(tzinfo=None, microsecond=0)  # venue time
    event = make_event(starts_at=start, ends_at=start + timedelta(days=3))
    people = [make_registration(event, now=utcnow())[0].participants[0] for _i in range(2)]
    organiser = make_staff(Role.ORGANISER, partner=event.partner)
    return event, people, organiser


def test_the_gate_page_never_reloads_itself_and_has_a_refresh_link(client, camp):
    event, _people, organiser = camp
    login(client, organiser)
    page = client.get(f"/staff/events/{event.id}/gate").text
    assert "http-equiv" not in page.lower() and "refresh" not in page.lower()
    # The counts again without JavaScript: a plain link to the page itself.
    assert f'href="/staff/events/{event.id}/gate">Show the latest counts</a>' in page
    # The script is a file of the site's own (the CSP allows no inline script).
    assert '<script src="/static/js/gate.js" defer></script>' in page
    assert "<script>" not in page


def counts(page) -> dict[str, str]:
    return dict(
        page.eval_on_selector_all(
            "#gate-counts li",
            "(all) => all.map((li) => [li.firstChild.textContent.trim(),"
            " li.querySelector('strong').textContent])",
        )
    )


@pytest.fixture
def served(app, camp, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the browser tests run once, on SQLite")
    with served_app(app, tmp_path, workers=2) as root:
        yield f"{root}"


@browser_only
@on_its_own
def test_counts_follow_a_check_in_without_the_page_reloading(camp, served, make_staff):
    from playwright.sync_api import sync_playwright

    event, people, organiser = camp
    gate, name = f"/staff/events/{event.id}/gate", people[0].display_name
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        try:
            # The page's own CSP applies: the script must run under it.
            page = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if "Refused" in m.text else None)
            page.goto(f"{served}/staff/login")
            page.fill("input[name=email]", organiser.email)
            page.fill("input[name=password]", PASSWORD)
            with page.expect_navigation():
                page.click("form.narrow button[type=submit]")
            page.clock.install()
            page.goto(served + gate)
            assert counts(page)["Arrived"] == "0" and counts(page)["On site now"] == "0"
            page.evaluate("window.marker = 'still the same page'")
            page.evaluate("window.scrollTo(0, 200)")
            scanner = make_staff(Role.SCANNER)
            perform_checkin(
                ScanRequest(code=valid_ticket(people[0]).code, event_id=event.id),
                event=event,
                user=scanner,
                now=utcnow(),
            )
            commit()
            page.clock.fast_forward(10_000)  # not yet: every 30 s, not at once
            page.wait_for_timeout(300)
            assert counts(page)["Arrived"] == "0"
            with page.expect_response(lambda r: r.url.endswith(gate)):
                page.clock.fast_forward(21_000)
            page.wait_for_function(
                "document.querySelector('#gate-counts li:nth-child(2) strong').textContent === '1'"
            )
            assert counts(page) == {
                "Confirmed": "2",
                "Arrived": "1",
                "On site now": "1",
                "On the waiting list": "0",
            }
            assert page.evaluate("window.marker") == "still the same page"
            assert name in page.text_content("#gate-lists")
            assert page.evaluate("document.querySelectorAll('#gate-counts').length") == 1
            assert not page.query_selector("meta[http-equiv]")
            assert not errors, errors
        finally:
            browser.close()
