"""The scanner page in a real browser: Debian's Chromium, a fake camera showing a real ticket."""

import io
import json
import os
import shutil
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PIL import Image

from auth import Role
from bench.load import gunicorn
from extensions import db, utcnow
from registration.models import Scan
from registration.tickets import qr_png, valid_ticket
from tests.conftest import PASSWORD, api_token

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason="browser tests need Debian's chromium (.ci/run installs it)",
)


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
    env = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "browser",
        "BASE_URL": "http://127.0.0.1",
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
    }
    with gunicorn("app:create_app()", env, workers=2) as port:
        yield {
            "url": f"http://127.0.0.1:{port}",
            "event": event,
            "codes": [valid_ticket(b.participants[0]).code for b in (first, second)],
            "names": [b.participants[0].first_name for b in (first, second)],
            "scanner": scanner,
        }


def browser(playwright, tmp_path, extra=()):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*FLAGS, *extra], headless=True
    )


def log_in(page, site):
    page.goto(f"{site['url']}/staff/login")
    page.fill("input[name=email]", site["scanner"].email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.narrow button[type=submit]")
    page.goto(f"{site['url']}/staff/scan?event={site['event'].id}")
    page.wait_for_function("document.getElementById('scanner').dataset.synced === 'true'")


def ok_scans() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count(Scan.id)).filter_by(result="ok"))


def test_camera_scan_checks_in_and_a_second_scan_shows_already_in(site, tmp_path):
    from playwright.sync_api import sync_playwright

    video = tmp_path / "ticket.y4m"
    write_y4m(qr_png(site["codes"][0]), video)
    camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    with sync_playwright() as playwright:
        chromium = browser(playwright, tmp_path, camera)
        page = chromium.new_context(bypass_csp=True).new_page()  # lets the test's waits run
        log_in(page, site)
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
        chromium.close()
    assert ok_scans() == 1


def test_offline_scans_queue_and_upload_exactly_once(site, tmp_path, client):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser(playwright, tmp_path)
        context = chromium.new_context(bypass_csp=True)  # lets the test's waits run
        page = context.new_page()
        log_in(page, site)
        page.evaluate("navigator.serviceWorker.ready.then(() => caches.has('tiltas-scanner-v1'))")
        page.wait_for_function(
            "caches.open('tiltas-scanner-v1').then(c => c.match(location.href)).then(r => !!r)"
        )
        context.set_offline(True)
        page.wait_for_function("document.getElementById('scanner').dataset.online === 'false'")
        for code in (site["codes"][0], site["codes"][1], site["codes"][0]):
            page.fill("#code", code)
            page.press("#code", "Enter")
            page.wait_for_timeout(300)
        assert page.text_content("#queue") == "3"
        assert "Already inside" in page.text_content("#reason")
        # Opened again with no connection at all, the page still works (service worker).
        page.reload()
        page.wait_for_selector("#code")
        assert page.text_content("#queue") == "3"
        assert ok_scans() == 0
        queued = page.evaluate("localStorage.getItem('tiltas.queue')")
        context.set_offline(False)
        page.wait_for_function(
            "document.getElementById('queue').textContent === '0'", timeout=20000
        )
        chromium.close()
    assert ok_scans() == 2
    # Uploading the very same batch again changes nothing.
    items = [
        {k: v for k, v in item.items() if k not in ("local", "hash")} for item in json.loads(queued)
    ]
    headers = api_token(client, site["scanner"])
    again = client.post("/api/v1/checkin/batch", json={"items": items}, headers=headers)
    assert again.status_code == 200
    assert ok_scans() == 2
    assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 3


def test_no_browser_download_is_needed():
    assert shutil.which("chromium") or os.path.exists(CHROMIUM)
