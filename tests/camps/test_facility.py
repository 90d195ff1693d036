"""The facility's inventory: beds in room order, closures of beds and of rooms."""

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from camps.facility import add_closure, add_room, closures_of, facility_beds
from camps.models import RoomKind
from core.db import commit
from registration.models import StayPurpose
from staff.models import Role
from tests.conftest import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    PASSWORD,
    SERVERS,
    guest_stay,
    login,
    served_app,
)
from tests.test_pages import AXE


def test_beds_come_by_floor_room_and_label_and_closures_by_date(make_venue):
    venue = make_venue(name="Antazavė")
    upstairs = add_room(venue, name="B", floor=2, kind=RoomKind.DORMITORY, beds=2)
    downstairs = add_room(venue, name="A", floor=1, kind=RoomKind.FAMILY, beds=1)
    other = add_room(make_venue(), name="C", floor=0, kind=RoomKind.FAMILY, beds=1)
    beds = facility_beds(venue.id)
    assert [bed.label for bed in beds] == ["A-1", "B-1", "B-2"]
    assert beds[0].room is downstairs
    late = add_closure(
        room_id=upstairs.id,
        bed_id=None,
        starts_on=date(2027, 8, 1),
        ends_on=date(2027, 8, 3),
        reason="paint",
    )
    early = add_closure(
        room_id=None,
        bed_id=beds[0].id,
        starts_on=date(2027, 7, 1),
        ends_on=date(2027, 7, 2),
        reason="repair",
    )
    add_closure(
        room_id=other.id,
        bed_id=None,
        starts_on=date(2027, 7, 1),
        ends_on=date(2027, 7, 9),
        reason="elsewhere",
    )
    commit()
    assert closures_of(beds) == [early, late]
    assert closures_of(beds, during=(date(2027, 7, 2), date(2027, 8, 2))) == [late]
    assert closures_of([]) == []


# --- The occupancy board as staff read it (issue 14) ------------------------------------------

BOARD_START = date(2027, 7, 1)
STYLESHEET = Path(__file__).resolve().parents[2] / "static/css/tiltas.css"


@pytest.fixture
def board(make_venue, make_event, make_staff):
    """A room of seven beds: a camp's bar in each of the six programme colours, one guest."""
    venue = make_venue(name="Antazavė", timezone="Europe/Vilnius")
    add_room(venue, name="A", floor=1, kind=RoomKind.DORMITORY, beds=7)
    commit()
    beds = facility_beds(venue.id)
    camps = [make_event(venue=venue, texts={"en": {"title": f"Camp {n}"}}) for n in range(6)]
    names = ("Jonas", "Ona", "Rūta", "Ąžuolas", "Eglė", "Tomas")
    for bed, camp, name in zip(beds, camps, names, strict=False):
        stay = guest_stay(bed, BOARD_START, BOARD_START + timedelta(days=3), name=name)
        stay.purpose, stay.event_id = StayPurpose.CAMP, camp.id
    guest_stay(beds[6], BOARD_START + timedelta(days=1), BOARD_START + timedelta(days=2))
    commit()
    return venue, camps, make_staff(Role.FACILITY)


def board_url(venue, span="week") -> str:
    return f"/staff/facility/{venue.id}/board?start={BOARD_START.isoformat()}&span={span}"


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of each rule, outside @media blocks, in the file's order."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = dict(
            (name.strip(), value.strip())
            for name, _colon, value in (d.partition(":") for d in body.split(";") if ":" in d)
        )
        found += [(selector.strip(), declarations) for selector in selectors.split(",")]
    return found


def _last(rules, selector: str, prop: str) -> str:
    values = [d[prop] for s, d in rules if s == selector and prop in d]
    assert values, f"no {prop} for {selector}"
    return values[-1]


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_helper_matches_known_ratios():
    assert round(contrast("#fff", "#000"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_every_bar_colour_carries_its_name_at_wcag_aa_contrast():
    rules = _rules(STYLESHEET.read_text("utf-8"))
    text = _last(rules, ".board td.stay a", "color")
    assert _last(rules, ".board td.stay", "color") == text
    bars = {f".programme-{n}": _last(rules, f".programme-{n}", "background") for n in range(6)}
    bars |= {
        f".purpose-{p.value}": _last(rules, f".purpose-{p.value}", "background")
        for p in StayPurpose
        if any(s == f".purpose-{p.value}" for s, _d in rules)
    }
    assert len(bars) >= 7
    low = {name: round(contrast(text, bg), 2) for name, bg in bars.items()}
    assert all(ratio >= 4.5 for ratio in low.values()), low


def test_night_headings_give_weekday_and_day_and_month_in_the_pages_language(client, board):
    venue, _camps, staff = board
    login(client, staff)
    page = client.get(board_url(venue) + "&lang=lt").text
    heads = re.findall(r'<th scope="col" class="night[^"]*"[^>]*>(.*?)</th>', page)
    assert len(heads) == 7
    # 1 July 2027 is a Thursday: ketvirtadienis, "Kt" for short; the month before the day.
    assert heads[0] == '<span class="weekday">Kt</span> <span class="day">07-01</span>'
    assert '<span class="day">07-07</span>' in heads[6]
    german = client.get(board_url(venue) + "&lang=de").text
    assert '<span class="weekday">Do.</span> <span class="day">01.07.</span>' in german
    assert '<span class="weekday">Sa.</span> <span class="day">03.07.</span>' in german
    # No bare day numbers left as headings.
    assert not re.search(r'class="night[^"]*"[^>]*>\d+</th>', german)


def test_the_board_has_a_legend_of_its_colours(client, board):
    venue, camps, staff = board
    login(client, staff)
    page = client.get(board_url(venue)).text
    legend = page.split('class="board-legend"')[1].split("</section>")[0]
    assert "What the colours mean" in legend
    for camp in camps:
        assert f'<span class="swatch programme-{camp.id % 6}" aria-hidden="true"></span>' in legend
        assert f"<bdi>{camp.text('title', 'en')}</bdi>" in legend
    assert "swatch purpose-temporary_stay" in legend and "Temporary stay" in legend
    assert "swatch closed" in legend and "Closed" in legend
    # Each colour the bars use is in the legend.
    used = set(re.findall(r'class="stay purpose-\w+ (programme-\d)"', page))
    assert used and used <= set(re.findall(r"swatch (programme-\d)", legend))


def test_legend_shows_only_the_camps_on_the_nights_shown(client, board):
    venue, _camps, staff = board
    login(client, staff)
    later = client.get(f"/staff/facility/{venue.id}/board?start=2027-09-01&span=week").text
    legend = later.split('class="board-legend"')[1].split("</section>")[0]
    assert "swatch programme-" not in legend and "Temporary stay" in legend


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="browser tests need Debian's chromium")
@pytest.mark.skipif(not AXE.exists(), reason="axe-core comes from npm (.ci/run installs it)")
@pytest.mark.xdist_group(SERVERS)
def test_names_on_the_bars_pass_axe_colour_contrast_in_chromium(app, board, tmp_path):
    from playwright.sync_api import sync_playwright

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the browser tests run once, on SQLite")
    venue, _camps, staff = board
    url, email = board_url(venue), staff.email
    with served_app(app, tmp_path, workers=1) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_init_script(path=str(AXE))
            page = context.new_page()
            page.goto(f"{root}/staff/login")
            page.fill("input[name=email]", email)
            page.fill("input[name=password]", PASSWORD)
            with page.expect_navigation():
                page.click("form.narrow button[type=submit]")
            page.goto(f"{root}{url}")
            bars = page.eval_on_selector_all(
                "td.stay a",
                "(all) => all.map((a) => [a.parentNode.className, getComputedStyle(a).color,"
                " getComputedStyle(a.parentNode).backgroundColor])",
            )
            assert {c.split()[-1] for c, _f, _b in bars if "camp" in c} == {
                f"programme-{n}" for n in range(6)
            }
            assert len(bars) == 7
            found = page.evaluate(
                """async () => (await axe.run(document, {runOnly: ["color-contrast"]}))
                    .violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ")))"""
            )
            assert found == [], (found, bars)
        finally:
            browser.close()
