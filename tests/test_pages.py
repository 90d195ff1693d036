"""Every page validates and has no serious accessibility violation.

The pages come from the app's url_map: every GET route is a page unless `not_a_page` says why
not, and its URL arguments are filled from the site's data (Site.values), so a new page is
checked without being listed here — and fails until its arguments have a value. The Nu HTML
checker (`vnu-jar` from npm, one JVM for all pages and the stylesheets) reads them as the test
client gets them; axe-core (npm) runs in Chromium on the same pages served by gunicorn. Forms are
also checked as they come back with mistakes, where a family or a staff member meets the errors.
"""

import asyncio
import contextlib
import dataclasses
import json
import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.routing.converters import AnyConverter

from bench.load import gunicorn
from camps.demo import DEMO_PASSWORD, load_demo
from camps.facility import add_closure, add_room
from camps.models import EventKind, EventStatus, Partner, RoomKind, Venue, WaitlistMode
from camps.services import EventData, create_event
from core.db import commit, utcnow
from extensions import db
from registration.allocation import allocate_beds
from registration.checkin import ScanRequest, perform_checkin
from registration.eligibility import ParticipantData, RegistrationData
from registration.models import (
    ConsentKind,
    ParticipantStatus,
    SiblingMode,
    Stay,
    StayPurpose,
)
from registration.services import register
from registration.stays import Guest, book_stay
from registration.tickets import valid_ticket
from registration.waitlist import cancel_participants
from staff.models import StaffUser
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS, login, running_app

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE = ROOT / "node_modules/axe-core/axe.min.js"
STYLESHEETS = ROOT / "static/css"
#: The Nu HTML checker, errors only, the stylesheets too, its report as JSON on stderr.
CHECKER = ["java", "-jar", str(VNU), "--errors-only", "--also-check-css", "--format", "json"]
#: What fails the build in axe's findings.
SEVERE = ("serious", "critical")

ANON, FAMILY, ADMIN = "anonymous", "family", "admin"
NAMES = ("Jonas", "Ona", "Rūta")

#: Routes that are no page although their path does not say so.
NOT_PAGES = {
    "registration.open_booking": "the booking link: it redirects to the booking page",
    "scan.vendor": "the scanner's JavaScript from npm",
}
#: Paths of files, feeds and exports rather than pages.
FILE_SUFFIXES = (".ics", ".png", ".svg", ".json", ".js", ".csv", ".xlsx")


def not_a_page(rule) -> str | None:
    """Why a GET route is no HTML page, or None for a page."""
    if rule.endpoint == "static":
        return "static files"
    if rule.rule.startswith("/api/"):
        return "the JSON API"
    if rule.rule.endswith(FILE_SUFFIXES):
        return "a file"
    return NOT_PAGES.get(rule.endpoint)


def viewer(path: str) -> str:
    """Who opens a page: the family its booking, an admin the staff pages, anyone the rest."""
    if path.startswith("/booking/") and path != "/booking/resend":
        return FAMILY
    if path.startswith("/staff/") and path != "/staff/login":
        return ADMIN
    return ANON


@dataclasses.dataclass(frozen=True)
class Page:
    name: str
    url: str
    who: str
    #: A form sent back with mistakes: the browser fills in `fill` and clicks `submit`, the
    #: test client posts the same fields.
    submit: str | None = None
    fill: tuple[tuple[str, str], ...] = ()
    status: int = 200


#: A family's registration with the mistakes families make: no last name, a birth in the future.
MISTAKES = (
    ("contact_name", "Aldona Kazlauskienė"),
    ("participants-0-first_name", "Jonas"),
    ("participants-0-birth_date", f"{date.today().year + 1}-01-01"),
)

#: A family's data download with a code that was never sent.
WRONG_CODE = (("code", "12345678"),)


def forms(v: dict) -> list[Page]:
    """Forms sent empty, or wrong, as they come back with their errors."""
    register = f"/events/{v['event_id']}/register"
    sent = [
        ("registration.register_view", register, ()),
        ("registration.register_view", register, MISTAKES),
        ("registration.download_data", f"/booking/{v['booking_id']}/data", WRONG_CODE),
        ("registration.register_on_behalf", f"/staff/events/{v['event_id']}/register", ()),
        ("auth.login_view", "/staff/login", ()),
        ("camps_staff.event_edit", "/staff/events/new", ()),
        ("camps_staff.partner_edit", "/staff/partners/new", ()),
        ("camps_staff.venue_edit", "/staff/venues/new", ()),
        ("auth.staff_edit", "/staff/accounts/new", ()),
        ("facility.new_stay", f"/staff/facility/{v['venue_id']}/stays/new", ()),
    ]
    return [
        Page(
            f"{name} ({'mistakes' if fill else 'sent empty'})",
            url,
            viewer(url),
            submit="main button.primary",
            fill=fill,
        )
        for name, url, fill in sent
    ]


def extras(v: dict) -> list[Page]:
    """Pages a route shows for a query string or an error."""
    return [
        Page("scan.scanner (event)", f"/staff/scan?event={v['event_id']}", ADMIN),
        Page("not found", "/no-such-page", ANON, status=404),
    ]


def route_pages(app, values: dict) -> tuple[list[Page], list[str]]:
    """A page for each GET route (each value of an `any` argument); routes lacking a value."""
    pages, missing = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or not_a_page(rule):
            continue
        choices = {
            name: sorted(converter.items)
            for name, converter in rule._converters.items()
            if isinstance(converter, AnyConverter)
        }
        lacking = sorted(set(rule.arguments) - set(values) - set(choices))
        if lacking:
            missing.append(f"{rule.endpoint} ({rule.rule}): {', '.join(lacking)}")
            continue
        variants = [{}]
        for name, items in choices.items():
            variants = [{**v, name: item} for v in variants for item in items]
        for variant in variants:
            args = {name: values[name] for name in rule.arguments if name not in variant}
            with app.test_request_context():
                url = app.url_for(rule.endpoint, **args, **variant)
            suffix = f" ({', '.join(variant.values())})" if variant else ""
            pages.append(Page(rule.endpoint + suffix, url, viewer(url)))
    return pages, missing


class Site:
    """The demo programmes plus one camp with every kind of data its pages show."""

    def __init__(self, app):
        self.app = app
        now = utcnow()
        load_demo(now=now)
        commit()
        antazave = db.session.scalar(sa.select(Venue).where(Venue.name.like("Antazav%")))
        partner = db.session.scalar(sa.select(Partner).order_by(Partner.id))
        # A second facility, so the facility index lists them instead of redirecting.
        other = db.session.scalar(sa.select(Venue).where(Venue.id != antazave.id).limit(1))
        add_room(other, name="1", floor=0, kind=RoomKind.DORMITORY, beds=2)
        start = (now + timedelta(hours=6)).astimezone(antazave.zone).replace(tzinfo=None)
        event = create_event(
            EventData(
                kind=EventKind.SOCIAL_CAMP,
                partner=partner,
                venue=antazave,
                texts={"en": {"title": "Pages camp", "description": "Two nights at Antazavė."}},
                starts_at=start.replace(microsecond=0),
                ends_at=start.replace(microsecond=0) + timedelta(days=2),
                capacity=2,
                min_age=6,
                max_age=17,
                waitlist_mode=WaitlistMode.OFFER,
            ),
            status=EventStatus.PUBLISHED,
            now=now,
        )
        commit()
        neighbours, _token = register(event.id, self.family("Petraitis", 11), now=now)
        commit()
        booking, self.token = register(event.id, self.family("Kazlauskas", 14, 12, 9), now=now)
        commit()
        # Their place passes to the family as an offer: confirmed, offered and waiting.
        cancel_participants(neighbours.id, None, now=now)
        commit()
        db.session.refresh(booking)
        assert [p.status for p in booking.participants] == [
            ParticipantStatus.CONFIRMED,
            ParticipantStatus.OFFERED,
            ParticipantStatus.WAITLISTED,
        ]
        confirmed = booking.participants[0]
        allocate_beds(event, now=now)
        bed = db.session.scalar(sa.select(Stay.bed_id).filter_by(participant_id=confirmed.id))
        # The same bed after the camp: demo closures leave other beds' nights uncertain.
        stay = book_stay(
            bed_id=bed,
            arrives_on=now.date() + timedelta(days=10),
            departs_on=now.date() + timedelta(days=13),
            purpose=StayPurpose.TEMPORARY_STAY,
            guest=Guest("Ieva", "Jonaitė", date(1990, 3, 4)),
            referred_by="Zarasai social services",
            now=now,
        )
        add_closure(
            room_id=None,
            bed_id=bed,
            starts_on=now.date() + timedelta(days=20),
            ends_on=now.date() + timedelta(days=22),
            reason="Window repair",
        )
        scanner = db.session.scalar(sa.select(StaffUser).filter_by(email="scanner@tiltas.example"))
        perform_checkin(
            ScanRequest(code=valid_ticket(confirmed).code, event_id=event.id),
            event=event,
            user=scanner,
            now=now,
        )
        commit()
        self.admin = db.session.scalar(sa.select(StaffUser).filter_by(email="admin@tiltas.example"))
        self.values = {
            "event_id": event.id,
            "booking_id": booking.id,
            "participant_id": confirmed.id,
            "venue_id": antazave.id,
            "stay_id": stay.id,
            "partner_id": partner.id,
            "user_id": scanner.id,
            "version": 1,
        }
        self.route_pages, self.missing = route_pages(app, self.values)
        self.pages = self.route_pages + extras(self.values) + forms(self.values)

    @staticmethod
    def family(last_name: str, *ages: int) -> RegistrationData:
        """A family whose children are these ages, with every field a family may fill in."""
        year = utcnow().year
        return RegistrationData(
            participants=[
                ParticipantData(
                    first_name=name,
                    last_name=last_name,
                    birth_date=date(year - age, 1, 1),
                    gender="female" if index % 2 else "male",
                    dietary="No nuts" if index == 0 else "",
                    health_notes="Asthma: inhaler in the bag" if index == 0 else "",
                )
                for index, (name, age) in enumerate(zip(NAMES, ages, strict=False))
            ],
            contact_name=f"Aldona {last_name}",
            contact_email=f"{last_name.lower()}@example.lt",
            contact_phone="+37060000000",
            country="LT",
            emergency_name="Petras",
            emergency_phone="+37061111111",
            pickup_adults="Aunt Birutė",
            consents={
                ConsentKind.DATA_PROCESSING: True,
                ConsentKind.GUARDIAN: True,
                ConsentKind.HEALTH_DATA: True,
            },
            sibling_mode=SiblingMode.ANY,
        )

    def clients(self) -> dict:
        anonymous, family, admin = (self.app.test_client() for _i in range(3))
        assert family.get(f"/b/{self.token}").status_code == 302
        login(admin, self.admin, DEMO_PASSWORD)
        return {ANON: anonymous, FAMILY: family, ADMIN: admin}

    def html(self) -> dict[Page, str]:
        """Every page's HTML, as the test client gets it."""
        clients, found = self.clients(), {}
        for page in self.pages:
            client = clients[page.who]
            if page.submit:
                response = client.post(page.url, data=dict(page.fill))
            else:
                response = client.get(page.url)
            assert response.status_code == page.status, (page, response.status_code)
            assert response.mimetype == "text/html", (page, response.mimetype)
            found[page] = response.text
        return found


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    path = tmp_path_factory.mktemp("pages") / "pages.sqlite3"
    with running_app((f"sqlite:///{path}", True)) as app:
        yield Site(app)


@pytest.fixture(scope="module")
def html(site):
    return site.html()


def test_every_page_gets_its_url_from_the_data(site):
    assert not site.missing, f"give these URL arguments a value in Site.values: {site.missing}"
    assert set(NOT_PAGES) <= {rule.endpoint for rule in site.app.url_map.iter_rules()}


def test_the_pages_cover_staff_families_and_the_public(site):
    assert {page.who for page in site.route_pages} == {ANON, FAMILY, ADMIN}


def test_every_page_answers_with_html(html, site):
    assert set(html) == set(site.pages)


@pytest.mark.skipif(not shutil.which("java"), reason="the Nu HTML checker needs java (.ci/run)")
def test_every_page_is_valid_html(html, tmp_path):
    files = {}
    for number, (page, text) in enumerate(html.items()):
        name = f"{number:02d}-{re.sub(r'[^a-z0-9]+', '-', page.name.lower()).strip('-')}.html"
        (tmp_path / name).write_text(text, "utf-8")
        files[name] = page
    stylesheets = sorted(map(str, STYLESHEETS.glob("*.css")))
    result = subprocess.run(
        [*CHECKER, str(tmp_path), *stylesheets],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.stderr.startswith("{"), result.stderr
    errors = []
    for message in json.loads(result.stderr)["messages"]:
        name = message.get("url", "").rpartition("/")[2]
        page = files.get(name)
        where = f"{name} → {page.url}" if page else message.get("url", "?")
        errors.append(f"{where} line {message.get('lastLine')}: {message['message']}")
    assert not errors, "\n".join(errors)


# --- axe-core in Chromium, on the pages as gunicorn serves them -------------------------------

browser_only = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason="browser tests need Debian's chromium (.ci/run installs it)",
)
#: Pages checked at once, each in its own tab (the machine has 2 cores).
TABS = 3

AXE_RUN = """async (severe) => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter((v) => severe.includes(v.impact)).map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((node) => node.target.join(" ")),
  }));
}"""


@pytest.fixture(scope="module")
def served(site, tmp_path_factory):
    env = {
        "DATABASE_URL": site.app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "pages",
        "BASE_URL": "http://127.0.0.1",
        "MAIL_OUTBOX_DIR": str(tmp_path_factory.mktemp("outbox")),
    }
    with gunicorn("app:create_app()", env, workers=2) as port:
        yield f"http://127.0.0.1:{port}"


@contextlib.asynccontextmanager
async def chromium():
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        await browser.close()


async def new_context(browser):
    context = await browser.new_context()
    # Put in by the browser, not by the page: the pages' CSP stays as it is.
    await context.add_init_script(path=AXE)
    return context


async def viewers(browser, site, served) -> dict:
    """A browser context for each viewer: the admin logged in, the family's link opened."""
    contexts = {who: await new_context(browser) for who in (ANON, FAMILY, ADMIN)}
    family = await contexts[FAMILY].new_page()
    await family.goto(f"{served}/b/{site.token}")
    admin = await contexts[ADMIN].new_page()
    await admin.goto(f"{served}/staff/login")
    await admin.fill("input[name=email]", site.admin.email)
    await admin.fill("input[name=password]", DEMO_PASSWORD)
    async with admin.expect_navigation():
        await admin.click("main button.primary")
    await family.close()
    await admin.close()
    return contexts


async def audit(tab, served: str, page: Page) -> list[str]:
    """The page's serious and critical axe violations, one line each."""
    await tab.goto(served + page.url)
    for name, value in page.fill:
        await tab.fill(f"[name={name}]", value)
    if page.submit:
        async with tab.expect_navigation():
            await tab.click(page.submit)
    return [
        f"{page.name} {page.url}: {v['impact']} {v['id']}: {v['help']} {v['targets']}"
        for v in await tab.evaluate(AXE_RUN, list(SEVERE))
    ]


async def audit_all(site, served) -> list[str]:
    async with chromium() as browser:
        contexts = await viewers(browser, site, served)
        queue, found = asyncio.Queue(), []
        for page in site.pages:
            queue.put_nowait(page)

        async def worker():
            tabs = {who: await context.new_page() for who, context in contexts.items()}
            while not queue.empty():
                page = queue.get_nowait()
                found.extend(await audit(tabs[page.who], served, page))

        await asyncio.gather(*(worker() for _i in range(TABS)))
        return found


@browser_only
def test_no_page_has_a_serious_accessibility_violation(site, served):
    found = asyncio.run(audit_all(site, served))
    assert not found, "\n".join(sorted(found))


async def add_rows(site, served) -> dict:
    async with chromium() as browser:
        tab = await (await new_context(browser)).new_page()
        # From the form sent back with errors: the copies must not point at its errors.
        await tab.goto(f"{served}/events/{site.values['event_id']}/register")
        for name, value in MISTAKES:
            await tab.fill(f"[name={name}]", value)
        async with tab.expect_navigation():
            await tab.click("main button.primary")
        await tab.click("button.add-participant")
        await tab.click("button.add-participant")
        return {
            "ids": await tab.eval_on_selector_all("[id]", "(all) => all.map((e) => e.id)"),
            "unlabelled": await tab.eval_on_selector_all(
                "label[for]", "(all) => all.filter((l) => !document.getElementById(l.htmlFor))"
            ),
            "described_by_nothing": await tab.eval_on_selector_all(
                "[aria-describedby]",
                "(all) => all.filter((e) => !document.getElementById(e.getAttribute("
                "'aria-describedby'))).map((e) => e.id)",
            ),
            "invalid": await tab.eval_on_selector_all(
                "[aria-invalid]", "(all) => all.map((e) => e.id)"
            ),
            "names": await tab.eval_on_selector_all(
                "fieldset.participant input[name$=first_name]", "(all) => all.map((i) => i.name)"
            ),
            "legends": await tab.eval_on_selector_all(
                "fieldset.participant legend", "(all) => all.map((l) => l.textContent)"
            ),
            "violations": await tab.evaluate(AXE_RUN, list(SEVERE)),
        }


@browser_only
def test_added_participant_rows_have_their_own_ids_and_labels(site, served):
    found = asyncio.run(add_rows(site, served))
    ids = found["ids"]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert found["unlabelled"] == []
    assert found["described_by_nothing"] == []
    assert "participants-0-birth_date" in found["invalid"]
    assert not [i for i in found["invalid"] if i.startswith(("participants-1-", "participants-2-"))]
    assert found["names"] == [f"participants-{i}-first_name" for i in range(3)]
    assert found["legends"] == [f"Participant {i}" for i in (1, 2, 3)]
    assert found["violations"] == []


#: A page and everything it loads, on a cheap phone over a metered connection.
PAGE_BUDGET = 100_000


class _Loads(HTMLParser):
    """What a page makes the browser fetch: stylesheets, scripts, images, icons."""

    def __init__(self, text: str):
        super().__init__()
        self.urls: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload"):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img", "source") and attrs.get("src"):
            self.urls.append(attrs["src"])


def weight(client, url: str, text: str) -> dict[str, int]:
    """Bytes of the page and of each file it loads (and the files its stylesheets load)."""
    sizes = {url: len(text.encode())}
    pending = _Loads(text).urls
    while pending:
        loaded = pending.pop()
        if loaded in sizes:
            continue
        assert not loaded.startswith(("http:", "https:", "//")), f"{url} loads {loaded}"
        response = client.get(loaded)
        assert response.status_code == 200, (url, loaded, response.status_code)
        sizes[loaded] = len(response.data)
        if response.mimetype == "text/css":
            pending += re.findall(r"url\(['\"]?([^'\")]+)", response.text)
    return sizes


def test_public_pages_and_the_registration_weigh_under_100_kb_with_all_they_load(site):
    clients = site.clients()
    event = site.values["event_id"]
    pages = {
        "/": ANON,
        f"/events/{event}": ANON,
        f"/events/{event}/register": ANON,
        f"/booking/{site.values['booking_id']}": FAMILY,
    }
    heavy = {}
    for url, who in pages.items():
        client = clients[who]
        response = client.get(url)
        assert response.status_code == 200, url
        sizes = weight(client, url, response.text)
        assert len(sizes) > 1, f"{url} loads no stylesheet?"
        if sum(sizes.values()) >= PAGE_BUDGET:
            heavy[url] = sizes
    assert not heavy, heavy


#: Attributes that only work with JavaScript on.
SCRIPT_ONLY = re.compile(r"\son[a-z]+=|href=[\"']?(javascript:|#[\"' >])", re.I)


class _FormsAndButtons(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.forms: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": attrs.get("method", "get"), "buttons": 0})
        elif (
            self.forms
            and tag in ("button", "input")
            and attrs.get("type", "submit")
            in (
                "submit",
                "image",
            )
        ):
            self.forms[-1]["buttons"] += 1


def test_family_and_public_pages_work_with_javascript_off(html):
    """Every form a family meets sends itself with a button, and no link needs a script."""
    broken = []
    for page, text in html.items():
        if page.who == ADMIN:
            continue
        if SCRIPT_ONLY.search(text):
            broken.append(f"{page.url}: {SCRIPT_ONLY.search(text)[0]}")
        for form in _FormsAndButtons(text).forms:
            if form["method"].lower() not in ("get", "post") or not form["buttons"]:
                broken.append(f"{page.url}: a form without a button to send it")
    assert not broken, "\n".join(broken)


#: The gate scanner on a phone: the page and what it loads at first (the QR decoder comes
#: when the camera starts, and the service worker saves it after the page has loaded).
SCANNER_BUDGET = 150_000


def test_the_scanner_weighs_under_150_kb_with_all_it_loads_at_first(site):
    client = site.clients()[ADMIN]
    heavy = {}
    for url in ("/staff/scan", f"/staff/scan?event={site.values['event_id']}"):
        response = client.get(url)
        assert response.status_code == 200, url
        sizes = weight(client, url, response.text)
        assert any("scanner.js" in loaded for loaded in sizes), sizes
        if sum(sizes.values()) >= SCANNER_BUDGET:
            heavy[url] = sizes
    assert not heavy, heavy
