"""The scanner page in a real browser: Debian's Chromium, a fake camera showing a real ticket."""

import io
import json
import os
import re
import shutil
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PIL import Image

from core.db import commit, utcnow
from extensions import db
from registration.models import Scan
from registration.tickets import qr_png, valid_ticket
from staff.models import ApiToken, Role, StaffSession
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS, PASSWORD, SERVERS, api_token, served_app

CACHE = "tiltas-scanner-v2"

pytestmark = [
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="browser tests need Debian's chromium (.ci/run installs it)",
    ),
    # Timed against a live page: never beside the tests that start whole servers.
    pytest.mark.xdist_group(SERVERS),
]


def write_y4m(png: bytes, path, *, frames: int = 20, width: int = 640, height: int = 480):
    """A still video of the QR for Chromium's fake camera (YUV 4:2:0)."""
    qr = Image.open(io.BytesIO(png)).convert("RGB")
    side = min(width, height) - 80
    frame = Image.new("RGB", (width, height), "white")
    frame.paste(qr.resize((side, side), Image.NEAREST), ((width - side) // 2, (height - side) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (width // 2, height // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as handle:
        handle.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _i in range(frames):
            handle.write(b"FRAME\n" + planes)


@pytest.fixture
def site(app, make_event, make_registration, make_staff, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the browser tests run once, on SQLite")
    start = (utcnow() + timedelta(hours=6)).replace(tzinfo=None, microsecond=0)  # venue time
    event = make_event(starts_at=start, ends_at=start + timedelta(days=3))
    first, _t = make_registration(event, now=utcnow())
    second, _t = make_registration(event, now=utcnow())
    scanner = make_staff(Role.SCANNER)
    with served_app(app, tmp_path, workers=2) as root:
        yield {
            "url": f"{root}",
            "event": event,
            "codes": [valid_ticket(b.participants[0]).code for b in (first, second)],
            "names": [b.participants[0].first_name for b in (first, second)],
            "scanner": scanner,
        }


@pytest.fixture(scope="module")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def launch(playwright, extra=()):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, *extra], headless=True
    )


@pytest.fixture(scope="module")
def chromium(playwright):
    """One browser for the module; each test has its own context (cookies, storage, workers)."""
    browser = launch(playwright)
    yield browser
    browser.close()


@pytest.fixture
def context(chromium):
    context = chromium.new_context(bypass_csp=True)  # lets the test's waits run
    yield context
    context.close()


def sign_in(page, site):
    """Log in on the login page; a scanner lands on the event picker."""
    page.goto(f"{site['url']}/staff/login")
    page.fill("input[name=email]", site["scanner"].email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.narrow button[type=submit]")


def log_in(page, site):
    sign_in(page, site)
    page.goto(f"{site['url']}/staff/scan?event={site['event'].id}")
    page.wait_for_function("document.getElementById('scanner').dataset.synced === 'true'")


def log_out(page):
    with page.expect_navigation():
        page.click("form[action$='/staff/logout'] button[type=submit]")


def offline_open(page, url: str | None = None) -> None:
    """Open (or reload) a page with the network gone, as the service worker must serve it.

    Known flake, cause not found yet: on a loaded machine Chromium now and then fails one
    offline navigation (net::ERR_FAILED) although the worker's log shows the saved page in
    the cache. A second try a moment later is what a person at the gate would do; two
    failures in a row still fail the test.
    """
    from playwright.sync_api import Error

    for attempt in (1, 2):
        try:
            if url:
                page.goto(url)
            else:
                page.reload()
            return
        except Error as error:
            if attempt == 2 or "ERR_FAILED" not in str(error):
                raise
            page.wait_for_timeout(500)


def scan(page, code):
    """Type a code as a USB scanner would, and wait for the answer."""
    count = page.locator("#recent li").count()
    page.fill("#code", code)
    page.press("#code", "Enter")
    page.wait_for_function(f"document.querySelectorAll('#recent li').length > {count}")


def ok_scans() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count(Scan.id)).filter_by(result="ok"))


def all_scans() -> int:
    return db.session.scalar(sa.select(sa.func.count(Scan.id)))


def camera_browser(playwright, tmp_path, code):
    """A Chromium whose fake camera shows the ticket's QR code."""
    video = tmp_path / "ticket.y4m"
    write_y4m(qr_png(code), video)
    camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    return launch(playwright, camera)


def test_camera_scan_checks_in_and_a_second_scan_shows_already_in(site, tmp_path, playwright):
    chromium = camera_browser(playwright, tmp_path, site["codes"][0])
    try:
        page = chromium.new_context(bypass_csp=True).new_page()  # lets the test's waits run
        log_in(page, site)
        # The decoder is most of the page's weight: it comes when the camera starts.
        assert page.evaluate("typeof window.jsQR") == "undefined"
        page.click("#start-camera")
        page.wait_for_selector("#result:not([hidden])", timeout=20000)
        assert page.text_content("#verdict") == "IN"
        assert site["names"][0] in page.text_content("#who")
        # The camera keeps seeing the ticket; after the pause the same code is refused.
        page.wait_for_function(
            "document.getElementById('reason').textContent.includes('Already inside')",
            timeout=20000,
        )
        assert page.text_content("#verdict") == "NOT ALLOWED"
    finally:
        chromium.close()
    assert ok_scans() == 1


def test_offline_scans_queue_and_upload_exactly_once(site, context, client):
    page = context.new_page()
    log_in(page, site)
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function(f"caches.open('{CACHE}').then(c => c.match(location.href))")
    context.set_offline(True)
    page.wait_for_function("document.getElementById('scanner').dataset.online === 'false'")
    for code in (site["codes"][0], site["codes"][1], site["codes"][0]):
        scan(page, code)
    assert page.text_content("#queue") == "3"
    assert "Already inside" in page.text_content("#reason")
    assert ok_scans() == 0
    # Opened again with no connection at all, the page still works (service worker). (Not
    # checked here that the server still has none: right after a reload Chromium's emulated
    # offline has let a request out before it took hold. The upload's exactly-once below
    # holds either way.)
    offline_open(page)
    page.wait_for_selector("#code")
    assert page.text_content("#queue") == "3"
    queued = page.evaluate("localStorage.getItem('tiltas.queue')")
    context.set_offline(False)
    page.wait_for_function("document.getElementById('queue').textContent === '0'", timeout=20000)
    assert ok_scans() == 2
    # Uploading the very same batch again changes nothing.
    items = [
        {k: v for k, v in item.items() if k not in ("local", "hash")} for item in json.loads(queued)
    ]
    headers = api_token(client, site["scanner"])
    again = client.post("/api/v1/checkin/batch", json={"items": items}, headers=headers)
    assert again.status_code == 200
    assert ok_scans() == 2 and all_scans() == 3


def test_conflicts_and_times_are_written_in_the_page_language(site, chromium, client):
    """A browser set to US English showing a German page: words and times follow the page."""
    context = chromium.new_context(
        bypass_csp=True, locale="en-US", extra_http_headers={"Accept-Language": "de"}
    )
    # Also the language cookie: a page the service worker fetches may go without the test's
    # extra header (Playwright attaches to a new worker late), and would come in English.
    context.add_cookies([{"name": "lang", "value": "de", "url": site["url"]}])
    try:
        page = context.new_page()
        log_in(page, site)
        context.set_offline(True)
        page.wait_for_function("document.getElementById('scanner').dataset.online === 'false'")
        scan(page, site["codes"][0])
        assert page.text_content("#verdict") == "EINLASS"
        # 24-hour German time, not the browser's "2:05:09 PM".
        recent = page.text_content("#recent li")
        assert re.match(r"^\d{2}:\d{2}:\d{2} · EINLASS · ", recent), recent
        # Meanwhile another gate lets the same child in: the server's answer differs.
        headers = api_token(client, site["scanner"])
        other = {"code": site["codes"][0], "event_id": site["event"].id, "direction": "in"}
        assert client.post("/api/v1/checkin", json=other, headers=headers).json["ok"]
        context.set_offline(False)
        page.wait_for_selector("#conflicts li", timeout=20000)
        conflict = page.text_content("#conflicts li")
        assert site["names"][0] in conflict
        assert "„durchgelassen“" in conflict and "„schon vor Ort“" in conflict, conflict
        assert "already_checked_in" not in conflict and "ok" not in conflict.split()
    finally:
        context.close()


def test_scans_made_at_once_offline_all_stay_queued(site, context):
    """Two codes typed in a moment (a USB scanner is fast): both must reach the queue."""
    page = context.new_page()
    log_in(page, site)
    context.set_offline(True)
    page.wait_for_function("document.getElementById('scanner').dataset.online === 'false'")
    codes = json.dumps(site["codes"])
    page.evaluate(
        f"""{codes}.forEach((code) => {{
            document.getElementById('code').value = code;
            document.getElementById('manual').requestSubmit();
        }})"""
    )
    page.wait_for_function("JSON.parse(localStorage.getItem('tiltas.queue') || '[]').length >= 2")
    page.wait_for_timeout(300)  # any later write that would drop one has happened by now
    queue = json.loads(page.evaluate("localStorage.getItem('tiltas.queue')"))
    assert sorted(item["code"] for item in queue) == sorted(site["codes"])


def saved(page, *paths) -> None:
    """Wait until the scanner's cache holds these pages (matched whatever their Vary)."""
    keys = json.dumps(list(paths))
    page.wait_for_function(
        f"caches.open('{CACHE}').then(c => Promise.all({keys}.map("
        "k => c.match(k, {ignoreVary: true})))).then(found => found.every(Boolean))"
    )


def test_scanner_opens_offline_by_navigating_also_after_a_new_login(site, context):
    from playwright.sync_api import Error

    url, event_page = site["url"], f"/staff/scan?event={site['event'].id}"
    page = context.new_page()
    sign_in(page, site)  # lands on the picker
    page.goto(url + event_page)
    page.wait_for_function("document.getElementById('scanner').dataset.synced === 'true'")
    saved(page, "/staff/scan", event_page, "/staff/scan/last-event")
    # Another cookie between the visits: a new login, then none that the server knows.
    log_out(page)
    sign_in(page, site)
    saved(page, "/staff/scan", event_page)
    context.set_offline(True)
    probe = context.new_page()
    with pytest.raises(Error):  # the network is really gone, also for the service worker
        probe.goto(f"{url}/staff/scan?event=999999")
    probe.close()
    offline_open(page, url + event_page)
    assert page.locator("#scanner").get_attribute("data-event-id") == str(site["event"].id)
    offline_open(page, f"{url}/staff/scan")  # goes on at the event last used
    assert page.url == url + event_page
    page.wait_for_selector("#scanner")
    page.click("text=Choose another event")
    page.wait_for_selector("#scan-pick")
    context.clear_cookies()
    context.add_cookies([{"name": "tiltas_session", "value": "stale", "url": url}])
    offline_open(page, f"{url}/staff/scan")
    assert page.url == url + event_page
    assert page.text_content("#net") != "Online"


def test_logout_takes_tokens_and_ticket_lists_and_keeps_the_queue(site, context, client):
    page = context.new_page()
    log_in(page, site)
    token_key = f"tiltas.token.{site['scanner'].id}"
    token = json.loads(page.evaluate(f"localStorage.getItem('{token_key}')"))["token"]
    assert page.evaluate(f"localStorage.getItem('tiltas.tickets.{site['event'].id}')")
    # Logged out in another tab of this browser: the scanner's tab lets go of the names too.
    other = context.new_page()
    other.goto(f"{site['url']}/staff/scan")
    log_out(other)
    page.wait_for_function("document.getElementById('scanner').dataset.login === 'ended'")
    assert page.is_visible("#login-ended")
    scan(page, site["codes"][0])
    assert "Unknown ticket" not in page.text_content("#result")
    assert page.text_content("#verdict") == "CHECK THE PAPER LIST"
    assert "Your login has ended" in page.text_content("#login-ended")
    assert page.text_content("#queue") == "1"
    stored = page.evaluate("Object.fromEntries(Object.entries(localStorage))")
    assert list(stored) == ["tiltas.queue"]
    assert [item["code"] for item in json.loads(stored["tiltas.queue"])] == [site["codes"][0]]
    assert not any(name in json.dumps(stored) for name in site["names"])
    refused = client.get(
        f"/api/v1/events/{site['event'].id}/checkin/sync",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert refused.status_code == 401
    # The next login uploads what waited, once.
    sign_in(other, site)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("document.getElementById('queue').textContent === '0'", timeout=20000)
    assert page.is_hidden("#login-ended")
    assert page.evaluate(f"localStorage.getItem('{token_key}')") is not None
    assert ok_scans() == 1 and all_scans() == 1


def test_a_refused_token_keeps_the_scan_queued_and_says_the_login_ended(site, context):
    user_id = site["scanner"].id
    page = context.new_page()
    log_in(page, site)
    # The token is revoked but the login goes on: a fresh token, and the server answers.
    db.session.execute(sa.delete(ApiToken).filter_by(user_id=user_id))
    commit()
    scan(page, site["codes"][0])
    assert page.text_content("#verdict") == "IN" and page.text_content("#queue") == "0"
    assert page.is_hidden("#login-ended")
    # The login itself ends on the server (logged out elsewhere, or too long idle).
    db.session.execute(sa.delete(ApiToken).filter_by(user_id=user_id))
    db.session.execute(sa.delete(StaffSession).filter_by(user_id=user_id))
    commit()
    scan(page, site["codes"][1])
    assert page.is_visible("#login-ended")
    assert "Your login has ended" in page.text_content("#login-ended")
    assert "Scans waiting to upload: 1" in page.text_content("#login-ended")
    assert page.text_content("#verdict") == "IN"  # the phone's own verdict
    assert site["names"][1] in page.text_content("#who")
    assert "Unknown ticket" not in page.text_content("#result")
    assert page.text_content("#queue") == "1"
    assert ok_scans() == 1
    # Logged in again (in another tab): the queue goes up, and is recorded once.
    sign_in(context.new_page(), site)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("document.getElementById('queue').textContent === '0'", timeout=20000)
    assert page.is_hidden("#login-ended")
    assert ok_scans() == 2 and all_scans() == 2


def test_no_browser_download_is_needed():
    assert shutil.which("chromium") or os.path.exists(CHROMIUM)


def test_every_verdict_fits_its_box_on_a_phone_in_lithuanian(site, chromium):
    """NELEIDŽIAMA, the longest word, and every other verdict stay inside a 390 px phone."""
    context = chromium.new_context(
        bypass_csp=True,
        viewport={"width": 390, "height": 844},
        extra_http_headers={"Accept-Language": "lt"},
    )
    try:
        page = context.new_page()
        log_in(page, site)
        messages = json.loads(page.text_content("#messages"))
        verdicts = [messages[k] for k in ("ok_in", "ok_out", "refused", "no_list_verdict")]
        assert "NELEIDŽIAMA" in verdicts
        for text, box in zip(verdicts, ["scan-ok"] * 2 + ["scan-refused"] * 2, strict=True):
            fits = page.evaluate(
                """([text, box]) => {
                    const result = document.getElementById('result');
                    result.hidden = false;
                    result.className = `scan-result ${box}`;
                    const verdict = document.getElementById('verdict');
                    verdict.textContent = text;
                    return {
                        verdict: [verdict.scrollWidth, verdict.clientWidth],
                        result: [result.scrollWidth, result.clientWidth],
                        page: [document.documentElement.scrollWidth, window.innerWidth],
                    };
                }""",
                [text, box],
            )
            for name, (scroll, client) in fits.items():
                assert scroll <= client, (text, name, fits)
    finally:
        context.close()


def test_a_page_saved_for_offline_warns_on_a_day_the_event_is_not_running(site, context):
    """The saved page asks the phone's clock: opened offline after the camp, it warns."""
    page = context.new_page()
    log_in(page, site)
    page.evaluate("navigator.serviceWorker.ready")
    saved(page, f"/staff/scan?event={site['event'].id}")
    context.set_offline(True)
    # The camp starts within hours and lasts three days: tomorrow it runs, in a fortnight not.
    page.clock.set_fixed_time(utcnow() + timedelta(days=1, hours=12))
    offline_open(page)
    page.wait_for_selector("#code")
    assert page.is_hidden("#not-today")
    page.clock.set_fixed_time(utcnow() + timedelta(days=14))
    offline_open(page)
    page.wait_for_selector("#not-today", state="visible")
    assert "is not running today" in page.text_content("#not-today")


def test_the_service_worker_saves_the_decoder_so_the_camera_works_offline(
    site, tmp_path, playwright
):
    chromium = camera_browser(playwright, tmp_path, site["codes"][0])
    try:
        context = chromium.new_context(bypass_csp=True)
        page = context.new_page()
        log_in(page, site)
        page.evaluate("navigator.serviceWorker.ready")
        saved(page, f"/staff/scan?event={site['event'].id}", "/staff/scan/vendor/jsQR.js")
        assert page.evaluate("typeof window.jsQR") == "undefined"
        context.set_offline(True)
        offline_open(page)
        page.wait_for_selector("#code")
        page.click("#start-camera")
        page.wait_for_selector("#result:not([hidden])", timeout=20000)
        assert page.text_content("#verdict") == "IN"
        assert "Saved on this phone" in page.text_content("#reason")
        assert page.evaluate("typeof window.jsQR") == "function"
    finally:
        chromium.close()
