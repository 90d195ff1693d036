"""Screenshots for the README's "What it looks like": `make screenshots` re-takes them all.

The demo data goes into a fresh SQLite database; gunicorn serves it on 127.0.0.1; Debian's
Chromium (never a downloaded one) opens the pages as a family on a phone and as staff on a
laptop would, and writes `docs/screenshots/<name>.png`.
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from bench.load import gunicorn
from camps.demo import DEMO_PASSWORD
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def _flask(env: dict, *args: str) -> None:
    command = [sys.executable, "-m", "flask", "--app", "app", *args]
    subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)


def _json(url: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if data else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=30) as got:
            return json.load(got)
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{url}: {error.code} {error.read().decode()}") from error


def _booking(url: str, event: dict, family: tuple = ("Kazlauskaitė", "Gabija", "Austėja")) -> str:
    """A family's booking of two sisters, registered through the API: its booking page's path."""
    last_name, older, younger = family
    # Old enough for the event's youngest age on its first day, whatever the demo's dates.
    year = int(event["starts_at"][:4]) - max(event["min_age"] or 0, 10) - 1
    body = {
        "guardian": {"name": "Ona Kazlauskienė", "phone": "+37060000000", "locale": "lt"},
        "participants": [
            {"first_name": name, "last_name": last_name, "birth_date": born}
            for name, born in ((older, f"{year - 1}-04-02"), (younger, f"{year}-01-17"))
        ],
        "consents": {"data_processing": True, "guardian": True},
        "siblings": "together",
    }
    answer = _json(f"{url}/api/v1/events/{event['id']}/registrations", body)
    return "/" + answer["booking_url"].split("/", 3)[3]


def _first_at_antazave(events: list[dict]) -> dict:
    """The first camp at Antazavė, the facility with beds."""
    return min((e for e in events if "Antazav" in e["venue"]["name"]), key=lambda e: e["starts_at"])


def take(url: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    first = _json(f"{url}/api/v1/events?lang=en")
    events = first["events"] + [
        event
        for number in range(2, first["pages"] + 1)
        for event in _json(f"{url}/api/v1/events?lang=en&page={number}")["events"]
    ]
    camp = next(
        event
        for event in events
        if event["kind"] == "survival_camp" and event["places_left"] and event["registration_open"]
    )
    booking = _booking(url, camp)
    antazave = _first_at_antazave(events)
    for family in (
        ("Petraitytė", "Emilija", "Urtė"),
        ("Kowalska", "Zofia", "Hanna"),
        ("Bērziņa", "Anna", "Marta"),
        ("Novák", "Jakub", "Tomáš"),
    ):
        _booking(url, antazave, family)
    shots = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        phone = browser.new_context(viewport=PHONE, locale="lt-LT", device_scale_factor=2)
        page = phone.new_page()
        for name, path in (
            ("home", "/?lang=lt"),
            ("event", f"/events/{camp['id']}"),
            ("registration", f"/events/{camp['id']}/register"),
            ("booking", booking),
        ):
            page.goto(url + path)
            shots.append(OUT / f"{name}.png")
            page.screenshot(path=shots[-1])  # what a phone shows first
        laptop = browser.new_context(viewport=LAPTOP, locale="en-GB")
        page = laptop.new_page()
        page.goto(f"{url}/staff/login")
        page.fill("input[name=email]", "admin@tiltas.example")
        page.fill("input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("form.narrow button[type=submit]")
        page.goto(f"{url}/staff/facility")  # one facility: its board
        board = f"{page.url.split('?')[0]}?start={antazave['starts_at'][:10]}&span=week"
        page.click(f"text=Allocate beds: {antazave['title']}")
        with page.expect_navigation():
            page.click("form button.primary")
        for name, path in (("report", f"{url}/staff/reports"), ("board", board)):
            page.goto(path)
            shots.append(OUT / f"{name}.png")
            page.screenshot(path=shots[-1], full_page=True)
        browser.close()
    return shots


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'screenshots.sqlite3'}",
            "SECRET_KEY": "screenshots",
            "BASE_URL": "http://127.0.0.1",
            "MAIL_OUTBOX_DIR": str(Path(tmp) / "outbox"),
        }
        _flask(env, "db", "upgrade")
        _flask(env, "demo")
        with gunicorn("app:create_app()", env, workers=2) as port:
            for shot in take(f"http://127.0.0.1:{port}"):
                print(shot.relative_to(ROOT))


if __name__ == "__main__":
    main()
