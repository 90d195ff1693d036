"""An event's sheets: correct on a hand-made fixture, readable by csv and openpyxl, safe."""

import csv
import io
from datetime import date

import openpyxl
import pytest
import sqlalchemy as sa

from core.audit import AuditEntry
from core.db import commit
from extensions import db
from registration.exports import FILE_TYPES, open_sheet, to_file
from registration.models import ConsentKind
from registration.services import register
from staff.models import Role
from tests.conftest import NOW, family, login


@pytest.fixture
def camp(make_event, make_registration, make_staff):
    """A 3-day camp: two siblings (one vegetarian, one with asthma), a child with a
    formula-like name, and one family on the waiting list."""
    event = make_event(capacity=3, min_age=None, max_age=None)
    siblings = family(
        date(2014, 5, 1),
        date(2017, 1, 1),
        guardian="Ona Kazlauskienė",
        consents={ConsentKind.HEALTH_DATA: True},
    )
    siblings.participants[0].first_name, siblings.participants[0].dietary = "Rūta", "Vegetarian"
    siblings.participants[1].first_name = "Jonas"
    siblings.participants[1].health_notes = "Asthma: inhaler in the blue bag."
    siblings.pickup_adults = "Petras Kazlauskas (uncle)"
    register(event.id, siblings, now=NOW)
    formula = family(date(2013, 3, 3), guardian='=HYPERLINK("x")')
    formula.participants[0].first_name, formula.participants[0].dietary = "=1+2", " vegetarian "
    register(event.id, formula, now=NOW)
    make_registration(event, date(2012, 2, 2), guardian="Waiting Family")
    commit()
    organiser = make_staff(Role.ORGANISER, partner=event.partner)
    return event, organiser


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_kitchen_sheet_counts_meals_per_day_and_needs(client, camp):
    event, organiser = camp
    login(client, organiser)
    rows = csv_rows(client.get(f"/staff/events/{event.id}/sheets/kitchen?format=csv"))
    days = [row for row in rows[1:] if row and row[0].startswith("2027")]
    assert days == [
        ["2027-07-05", "3", ""],
        ["2027-07-06", "3", ""],
        ["2027-07-07", "3", ""],
        ["2027-07-08", "3", ""],
        ["2027-07-09", "3", ""],
    ]
    assert ["vegetarian", "2"] in [row[:2] for row in rows]


def test_roster_csv_and_xlsx_hold_exactly_what_the_screen_shows(client, camp):
    event, organiser = camp
    login(client, organiser)
    page = client.get(f"/staff/events/{event.id}/sheets/roster").text
    rows = csv_rows(client.get(f"/staff/events/{event.id}/sheets/roster?format=csv"))
    assert len(rows) == 1 + 4  # a header and four people, the waiting child too
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/staff/events/{event.id}/sheets/roster?format=xlsx").data)
    )
    sheet = workbook.active
    xlsx_rows = [
        [str(c) if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert xlsx_rows == rows
    for row in rows[1:]:
        assert row[1].lstrip("'") in page.replace("&#39;", "'").replace("&#34;", '"')


def test_exports_never_run_as_formulas(client, camp):
    event, organiser = camp
    login(client, organiser)
    rows = csv_rows(client.get(f"/staff/events/{event.id}/sheets/roster?format=csv"))
    cells = [cell for row in rows for cell in row]
    assert "'=1+2" in cells and "=1+2" not in cells
    assert not any(cell[:1] in "=+-@" for cell in cells if cell)
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/staff/events/{event.id}/sheets/pickup?format=xlsx").data)
    )
    values = [
        c for row in workbook.active.iter_rows(values_only=True) for c in row if isinstance(c, str)
    ]
    assert not any(value.startswith("=") for value in values)


def test_health_sheet_is_for_organisers_only_and_every_view_is_logged(client, camp, make_staff):
    event, organiser = camp
    login(client, organiser)
    page = client.get(f"/staff/events/{event.id}/sheets/health")
    assert "Asthma: inhaler in the blue bag." in page.text
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="health_sheet_viewed"))
    assert entry.staff_id == organiser.id and entry.subject == f"event:{event.id}"
    assert "Asthma" not in entry.subject
    client.post("/staff/logout")
    for role in (Role.SCANNER, Role.FACILITY):
        login(client, make_staff(role))
        assert client.get(f"/staff/events/{event.id}/sheets/health").status_code == 403
        client.post("/staff/logout")
    login(client, make_staff(Role.ORGANISER))  # another partner's organiser
    assert client.get(f"/staff/events/{event.id}/sheets/health").status_code == 404


def test_pickup_and_emergency_sheets(client, camp):
    event, organiser = camp
    login(client, organiser)
    pickup = csv_rows(client.get(f"/staff/events/{event.id}/sheets/pickup?format=csv"))
    assert ["Kazlauskienė", "Rūta", "13", "Ona Kazlauskienė; Petras Kazlauskas (uncle)"] in pickup
    emergency = csv_rows(client.get(f"/staff/events/{event.id}/sheets/emergency?format=csv"))
    assert len(emergency) == 1 + 3  # confirmed people only


def test_open_sheet_logs_health_and_kitchen_views_and_exports_only(camp):
    """The kitchen sheet names who needs each diet (an allergy, a faith): its views are logged."""
    event, organiser = camp
    kitchen = open_sheet(event, "kitchen", viewer=organiser, now=NOW)
    assert kitchen.title == "Kitchen sheet" and kitchen.headers == [
        "Day or need",
        "People",
        "Names",
    ]
    open_sheet(event, "roster", viewer=organiser, now=NOW)
    health = open_sheet(event, "health", viewer=organiser, now=NOW, export="csv")
    assert [row[1] for row in health.rows] == ["Jonas"]
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["kitchen_sheet_viewed", "health_sheet_viewed", "export_health"]


def test_a_table_becomes_the_file_it_is_asked_for():
    table = (["name", "count"], [["=1+2", 3]])
    assert to_file("csv", "t", *table).decode("utf-8-sig").splitlines() == [
        "name,count",
        "'=1+2,3",
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(to_file("xlsx", "t", *table))).active
    assert list(sheet.iter_rows(values_only=True)) == [("name", "count"), ("'=1+2", 3)]
    assert set(FILE_TYPES) == {"csv", "xlsx"}


def test_kitchen_sheet_names_who_needs_each_diet_in_csv_xlsx_and_on_the_page(client, camp):
    event, organiser = camp
    login(client, organiser)
    url = f"/staff/events/{event.id}/sheets/kitchen"
    rows = csv_rows(client.get(url + "?format=csv"))
    assert rows[0] == ["Day or need", "People", "Names"]
    # "Vegetarian" and " vegetarian " are one need; its people by last name, never a formula.
    [vegetarian] = [row for row in rows if row[0] == "vegetarian"]
    assert vegetarian == ["vegetarian", "2", '\'=1+2 =HYPERLINK("x"); Rūta Kazlauskienė']
    # Nobody else has a diet: the waiting child is not fed, nor the sibling without one.
    assert [row[0] for row in rows[1:] if row[0] and not row[0].startswith("2027")] == [
        "vegetarian"
    ]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url + "?format=xlsx").data))
    xlsx_rows = [
        [str(c) if c is not None else "" for c in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]
    assert xlsx_rows == rows
    page = client.get(url).text
    assert "People per day" in page and "Special diets" in page
    assert "Monday, July 5, 2027: 3 people" in page and "Friday, July 9, 2027: 3 people" in page
    needs = page.split('class="sheet kitchen-needs"')[1].split("</table>")[0]
    assert "<th>Diet</th><th>People</th><th>Names</th>" in needs
    assert (
        "<bdi>Rūta Kazlauskienė</bdi>" in needs
        and "<bdi>=1+2 =HYPERLINK(&#34;x&#34;)</bdi>" in needs
    )
    assert "Jonas" not in needs and "Waiting" not in needs


def test_kitchen_page_days_follow_the_pages_language(client, camp):
    event, organiser = camp
    login(client, organiser)
    page = client.get(f"/staff/events/{event.id}/sheets/kitchen?lang=lt").text
    assert "2027 m. liepos 5 d., pirmadienis" in page and "2027-07-05" not in page


def test_kitchen_sheet_with_no_diets_says_nobody(client, make_event, make_registration, make_staff):
    event = make_event(capacity=3, min_age=None, max_age=None)
    make_registration(event, date(2014, 5, 1))
    organiser = make_staff(Role.ORGANISER, partner=event.partner)
    login(client, organiser)
    page = client.get(f"/staff/events/{event.id}/sheets/kitchen").text
    needs = page.split('class="sheet kitchen-needs"')[1].split("</table>")[0]
    assert "Nobody." in needs
    assert open_sheet(event, "kitchen", viewer=organiser, now=NOW).rows[-1] == ["", "", ""]
