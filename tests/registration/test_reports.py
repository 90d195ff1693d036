"""Programme reports: right on a hand-counted fixture, small groups hidden, fixed queries."""

import csv
import html
import io
import re
from datetime import UTC, date, datetime

import openpyxl
import pytest

from camps.models import EventKind
from core.db import commit
from registration.checkin import ScanRequest, perform_checkin
from registration.eligibility import ParticipantData
from registration.reports import (
    charts,
    latest_event_with_people,
    programme_report,
    report_partners,
    report_period,
    shown,
)
from registration.services import register
from registration.tickets import valid_ticket
from staff.models import Role
from tests.conftest import NOW, family, login


def people(event, count, *, born, country, gender, arrive=0, prefix="P", now=NOW, **extra):
    """Register `count` single participants; check the first `arrive` of them in."""
    booked = []
    for number in range(count):
        data = family(born, guardian=f"Guardian {prefix}{number}", **extra)
        data.country = country
        data.participants[0] = ParticipantData(
            first_name=f"{prefix}{number}", last_name="Report", birth_date=born, gender=gender
        )
        booking, _t = register(event.id, data, now=now)
        booked.append(booking.participants[0])
    for participant in booked[:arrive]:
        perform_checkin(
            ScanRequest(code=valid_ticket(participant).code, event_id=event.id),
            event=event,
            user=None,
            now=NOW,
        )
    commit()
    return booked


@pytest.fixture
def programme(make_event, make_partner):
    partner = make_partner(name="Alytaus miesto bendruomenės centras")
    earlier = make_event(
        partner=partner,
        starts_at=datetime(2026, 7, 1, 10, 0),
        ends_at=datetime(2026, 7, 2, 10, 0),
        capacity=50,
    )
    people(
        earlier,
        2,
        born=date(2013, 1, 1),
        country="LT",
        gender="female",
        prefix="R",
        now=datetime(2026, 6, 1, tzinfo=UTC),
    )
    camp = make_event(
        partner=partner,
        starts_at=datetime(2027, 7, 5, 10, 0),
        ends_at=datetime(2027, 7, 9, 16, 0),
        capacity=50,
    )  # 102 hours
    workshop = make_event(
        partner=partner,
        kind=EventKind.WORKSHOP,
        starts_at=datetime(2027, 8, 2, 9, 0),
        ends_at=datetime(2027, 8, 2, 16, 0),
        capacity=50,
    )  # 7 hours
    # The camp: the two from last year come back, 6 Lithuanian girls (5 come), 3 Polish boys.
    people(camp, 2, born=date(2013, 1, 1), country="LT", gender="female", prefix="R", arrive=2)
    people(camp, 6, born=date(2015, 1, 1), country="LT", gender="female", arrive=5)
    people(camp, 3, born=date(2011, 1, 1), country="PL", gender="male", prefix="Q")
    # The workshop: 5 social workers, all come.
    people(workshop, 5, born=date(1985, 1, 1), country="LV", gender="other", prefix="W", arrive=5)
    return partner


def test_report_counts_match_the_hand_counted_fixture(programme):
    report = programme_report([programme.id], date(2027, 1, 1), date(2028, 1, 1))
    assert report.events_by_kind == {"survival_camp": 1, "workshop": 1}
    assert report.people == 16 and report.registered == 16
    assert report.attended == 12
    assert report.by_country == {"LT": 8, "PL": 3, "LV": 5}
    assert report.by_gender == {"female": 8, "male": 3, "other": 5}
    # Ages on each event's first day: 14 (the returning pair), 12, 16, 41.
    assert report.by_age_band == {"14_17": 5, "under_14": 6, "30_plus": 5}
    assert (report.first_time, report.returning) == (14, 2)
    assert report.hours == pytest.approx(109.0)
    assert report.professionals_trained == 5


def test_small_groups_are_not_shown_exactly(client, programme, make_staff):
    assert (shown(0), shown(3), shown(4), shown(5)) == ("0", "<5", "<5", "5")
    login(client, make_staff(Role.ORGANISER, partner=programme))
    url = "/staff/reports?from=2027-01-01&to=2027-12-31"
    rows = list(csv.reader(io.StringIO(client.get(url + "&format=csv").data.decode("utf-8-sig"))))
    assert ["Country", "Poland", "<5"] in rows and ["Gender", "Male", "<5"] in rows
    assert ["Country", "Lithuania", "8"] in rows
    page = client.get(url).text
    assert "<svg" in page and "&lt;5" in page
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url + "&format=xlsx").data))
    assert [list(r) for r in workbook.active.iter_rows(values_only=True)][1:] == [
        [section, group, count] for section, group, count in rows[1:]
    ]


def test_report_runs_a_fixed_number_of_queries(
    client, programme, make_staff, make_event, count_queries
):
    login(client, make_staff(Role.ORGANISER, partner=programme))
    url = "/staff/reports?from=2027-01-01&to=2027-12-31"
    with count_queries() as few:
        client.get(url)
    for number in range(9):
        event = make_event(
            partner=programme, starts_at=datetime(2027, 9, 1 + number, 10, 0), capacity=50
        )
        people(
            event,
            10,
            born=date(2012, 1, 1),
            country="CZ",
            gender="male",
            prefix=f"X{number}-",
            arrive=3,
        )
    with count_queries() as many:
        client.get(url)
    assert len(few) == len(many)


def test_organisers_see_only_their_own_programme(client, programme, make_staff, make_partner):
    other = make_staff(Role.ORGANISER, partner=make_partner())
    login(client, other)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/staff/reports?partner={programme.id}&from=2027-01-01&to=2027-12-31&format=csv"
                ).data.decode("utf-8-sig")
            )
        )
    )
    assert ["People", "All", "0"] in rows


@pytest.mark.parametrize("role", [Role.SCANNER, Role.FACILITY])
def test_reports_and_sheets_are_not_for_scanners_or_the_facility(client, make_staff, role):
    login(client, make_staff(role))
    assert client.get("/staff/reports").status_code == 403


def test_report_table_and_charts_shape_the_hand_counted_fixture(programme):
    report = programme_report([programme.id], date(2027, 1, 1), date(2028, 1, 1))
    assert ("country", "PL", "<5") in report.rows()  # the keys stay fixed words
    headers, rows = report.table()
    assert headers == ["Section", "Group", "People"]
    assert (
        rows == [list(row) for row in report.labelled_rows()]
        and ["Country", "Poland", "<5"] in rows
    )
    titled = {title: bars for title, bars, _people in charts(report)}
    assert titled["People by age band"] == [
        ("under 14", 6),
        ("14–17", 5),
        ("18–29", 0),
        ("30 and over", 5),
    ]
    assert titled["People by country"] == [("Latvia", 5), ("Lithuania", 8), ("Poland", 3)]
    assert titled["Registered and attended"] == [
        ("registered", 16),
        ("attended", 12),
        ("first time", 14),
        ("returning", 2),
    ]
    assert titled["Events by kind"] == [("Survival camp", 1), ("Workshop", 1)]


def test_report_period_runs_to_its_last_day_or_is_this_year():
    today = date(2027, 3, 9)
    assert report_period(date(2027, 2, 1), date(2027, 2, 28), today=today) == (
        date(2027, 2, 1),
        date(2027, 3, 1),
    )
    assert report_period(date(2027, 2, 1), None, today=today) == (
        date(2027, 1, 1),
        date(2028, 1, 1),
    )
    start, end = report_period(date(2027, 5, 1), date(2027, 3, 1), today=today)
    assert not start < end  # the page refuses it


def test_report_partners_are_those_the_staff_member_manages(make_staff, make_partner):
    ours, theirs = make_partner(name="B partner"), make_partner(name="A partner")
    assert report_partners(make_staff(Role.ORGANISER, partner=ours)) == [ours]
    assert report_partners(make_staff(Role.ADMIN))[:2] == [theirs, ours]


def test_report_shows_sections_and_groups_as_words_not_keys(client, programme, make_staff):
    login(client, make_staff(Role.ORGANISER, partner=programme))
    page = client.get("/staff/reports?from=2027-01-01&to=2027-12-31&lang=de").text
    table = page.split("<table>")[1]
    for key in ("under_14", "30_plus", "female", "participation", "first_time", "bed_nights"):
        assert f">{key}<" not in table
    assert "01.01.2027 – 31.12.2027" in page  # the period as the language writes its dates
    counts = page.split('<ul class="counts">')[1].split("</ul>")[0]
    assert "</strong> " not in counts  # each figure under its label, never glued before a word


def _chart_rows(page: str) -> dict[str, list[tuple[str, str, float, float, float]]]:
    """Each chart's bars as drawn: (label, value, label's y, bar's y, value's x)."""
    found = {}
    for figure in re.findall(r"<figure class=\"chart-figure\">(.*?)</figure>", page, re.S):
        title = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1).strip()
        found[title] = [
            (html.unescape(label), html.unescape(value), float(ly), float(ry), float(vx))
            for ly, label, ry, vx, value in re.findall(
                r'<text class="chart-label" x="0" y="([\d.]+)"[^>]*>(.*?)</text>\s*'
                r'<rect x="0" y="([\d.]+)"[^>]*></rect>\s*'
                r'<text class="chart-value" x="([\d.]+)"[^>]*>(.*?)</text>',
                figure,
            )
        ]
    return found


def test_every_bar_shows_its_value_and_no_label_overlaps_a_bar(client, programme, make_staff):
    login(client, make_staff(Role.ORGANISER, partner=programme))
    page = client.get("/staff/reports?from=2027-01-01&to=2027-12-31&lang=lt").text
    drawn = _chart_rows(page)
    assert len(drawn) == 5 and all(drawn.values())
    width = float(re.search(r'class="chart" viewBox="0 0 (\d+) ', page).group(1))
    for bars in drawn.values():
        for label, value, label_y, bar_y, value_x in bars:
            assert value  # never hidden, the longest bar's too
            # The value after the bar, with room for six characters inside the chart.
            assert value_x + 6 * 8 <= width, (label, value)
            assert label_y < bar_y  # the label on its own line above its bar
            assert len(label) * 8 <= width  # and it fits the chart at 13 px
    everyone = [bar for bars in drawn.values() for bar in bars if bar[1] == "16"]
    assert everyone and everyone[0][4] == max(bar[4] for bar in everyone)  # the longest: shown


def test_groups_are_words_in_the_charts_and_counts_of_events_are_never_under_five(
    client, programme, make_staff
):
    login(client, make_staff(Role.ORGANISER, partner=programme))
    page = client.get("/staff/reports?from=2027-01-01&to=2027-12-31").text
    shown_part = page.split('<div class="charts">')[1].split("</table>")[0]
    for key in ("under_14", "14_17", "30_plus", "female", "male", "other", "survival_camp", "LT"):
        assert not re.search(rf"(?<![\w-]){key}(?![\w-])", shown_part), key
    drawn = {title: {b[0]: b[1] for b in bars} for title, bars in _chart_rows(page).items()}
    assert drawn["People by gender"] == {"Female": "8", "Male": "<5", "Other": "5"}
    assert drawn["People by country"] == {"Latvia": "5", "Lithuania": "8", "Poland": "<5"}
    # One camp and one workshop: events are not people, so their counts are exact.
    assert drawn["Events by kind"] == {"Survival camp": "1", "Workshop": "1"}
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/staff/reports?from=2027-01-01&to=2027-12-31&format=csv").data.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert ["Events", "Survival camp", "1"] in rows and ["Events", "Workshop", "1"] in rows
    report = programme_report([programme.id], date(2027, 1, 1), date(2028, 1, 1))
    assert [people for title, _b, people in charts(report)] == [True, True, True, True, False]


def test_the_report_opens_on_a_period_with_data(client, programme, make_staff, monkeypatch):
    login(client, make_staff(Role.ORGANISER, partner=programme))
    # In 2029 nothing has happened yet: the report opens on the year up to the last event.
    monkeypatch.setattr(
        "registration.views.staff.utcnow", lambda: datetime(2029, 3, 9, 12, 0, tzinfo=UTC)
    )
    page = client.get("/staff/reports").text
    assert 'name="from" value="2026-08-03"' in page and 'name="to" value="2027-08-02"' in page
    assert _chart_rows(page)["People by country"]
    # In a year that has data, that year.
    monkeypatch.setattr(
        "registration.views.staff.utcnow", lambda: datetime(2027, 3, 9, 12, 0, tzinfo=UTC)
    )
    page = client.get("/staff/reports").text
    assert 'name="from" value="2027-01-01"' in page and 'name="to" value="2027-12-31"' in page


def test_the_default_period_ends_at_the_last_event_with_people(programme, make_event):
    # An event no one registered for, later than the rest, does not count.
    make_event(partner=programme, starts_at=datetime(2028, 5, 1, 10, 0))
    assert latest_event_with_people([programme.id], before=date(2030, 1, 1)) == date(2027, 8, 2)
    assert latest_event_with_people([programme.id], before=date(2027, 1, 1)) == date(2026, 7, 1)
    assert latest_event_with_people([programme.id + 99], before=date(2030, 1, 1)) is None
    today = date(2030, 2, 1)
    assert report_period(None, None, today=today, latest=date(2027, 8, 2)) == (
        date(2026, 8, 3),
        date(2027, 8, 3),
    )
    assert report_period(None, None, today=today, latest=None) == (
        date(2030, 1, 1),
        date(2031, 1, 1),
    )
    assert report_period(None, None, today=date(2027, 3, 1), latest=date(2027, 8, 2)) == (
        date(2027, 1, 1),
        date(2028, 1, 1),
    )
    assert report_period(None, None, today=today, latest=date(2028, 2, 29))[0] == date(2027, 3, 1)
