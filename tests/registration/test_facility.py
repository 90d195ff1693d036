"""The facility's staff pages: the occupancy board and today's arrivals and departures."""

import csv
import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from camps.facility import add_closure
from camps.models import Bed, Closure, Room, RoomKind
from core.db import commit, utcnow
from extensions import db
from registration.models import Stay, StayPurpose, StayStatus
from registration.occupancy import board_rows
from registration.stays import book_stay
from staff.models import Role
from tests.conftest import NOW, guest_stay, login


@pytest.fixture
def wing(make_venue):
    def build(rooms=2, beds_per_room=3):
        venue = make_venue(name="Antazavė", timezone="Europe/Vilnius")
        beds = []
        for number in range(rooms):
            room = Room(venue_id=venue.id, name=f"R{number:02d}", floor=1, kind=RoomKind.DORMITORY)
            db.session.add(room)
            db.session.flush()
            for label in range(beds_per_room):
                bed = Bed(room_id=room.id, label=f"R{number:02d}-{label}")
                db.session.add(bed)
                beds.append(bed)
        commit()
        return venue, beds

    return build


def test_board_rows_draw_bars_closures_and_free_beds(wing):
    _venue, beds = wing(rooms=1, beds_per_room=2)
    start = date(2027, 7, 1)
    first = guest_stay(beds[0], date(2027, 6, 28), date(2027, 7, 3))  # began before the board
    second = guest_stay(beds[0], date(2027, 7, 3), date(2027, 7, 5))  # same bed, the next night
    closure = add_closure(
        room_id=None,
        bed_id=beds[1].id,
        starts_on=date(2027, 7, 2),
        ends_on=date(2027, 7, 4),
        reason="repair",
    )
    rows, free = board_rows(beds, [first, second], [closure], start, 5)
    (_bed0, cells0), (_bed1, cells1) = rows
    assert [(c.nights, c.stay) for c in cells0] == [(2, first), (2, second), (1, None)]
    assert [c.closed for c in cells1] == [False, True, True, False, False]
    assert free == [1, 0, 0, 1, 2]


def test_board_for_forty_beds_and_ninety_nights_runs_a_fixed_number_of_queries(
    client, wing, make_staff, count_queries
):
    venue, beds = wing(rooms=8, beds_per_room=5)
    login(client, make_staff(Role.FACILITY))
    url = f"/staff/facility/{venue.id}/board?start=2027-07-01&span=quarter"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for index, bed in enumerate(beds):
        for week in range(0, 12, 2):
            guest_stay(
                bed,
                date(2027, 7, 1) + timedelta(days=7 * week + index % 3),
                date(2027, 7, 1) + timedelta(days=7 * week + 5),
                name=f"G{index}-{week}",
            )
        add_closure(
            room_id=None,
            bed_id=bed.id,
            starts_on=date(2027, 9, 20),
            ends_on=date(2027, 9, 22),
            reason="paint",
        )
    commit()
    with count_queries() as many:
        page = client.get(url)
    assert page.status_code == 200 and "G39-10" in page.text
    assert len(few) == len(many) <= 8


def test_arrivals_and_departures_today_check_in_and_out(client, wing, make_staff):
    venue, beds = wing(rooms=1, beds_per_room=2)
    today = utcnow().astimezone(venue.zone).date()
    arriving = guest_stay(beds[0], today, today + timedelta(days=2), name="Arriving")
    leaving = guest_stay(beds[1], today - timedelta(days=3), today, name="Leaving")
    leaving.status = StayStatus.CHECKED_IN
    commit()
    login(client, make_staff(Role.FACILITY))
    page = client.get(f"/staff/facility/{venue.id}/today").text
    assert "Arriving" in page and "Leaving" in page
    client.post(f"/staff/facility/stays/{arriving.id}/check_in")
    client.post(f"/staff/facility/stays/{leaving.id}/check_out")
    db.session.expire_all()
    assert db.session.get(Stay, arriving.id).status == StayStatus.CHECKED_IN
    assert db.session.get(Stay, leaving.id).status == StayStatus.CHECKED_OUT


def test_facility_pages_need_the_facility_role(client, wing, make_staff):
    venue, _beds = wing()
    login(client, make_staff(Role.ORGANISER))
    assert client.get(f"/staff/facility/{venue.id}/board").status_code == 403


def test_bed_night_report_by_month_programme_and_purpose(
    client, wing, make_staff, make_event, make_registration, make_partner
):
    venue, beds = wing(rooms=1, beds_per_room=2)
    partner = make_partner(name="=Zarasų rajono savivaldybė")  # formula-like on purpose
    camp = make_event(venue=venue, partner=partner)
    booking, _t = make_registration(camp)
    book_stay(
        bed_id=beds[0].id,
        arrives_on=date(2027, 7, 30),
        departs_on=date(2027, 8, 2),
        purpose=StayPurpose.CAMP,
        participant=booking.participants[0],
        now=NOW,
    )
    guest_stay(beds[1], date(2027, 8, 1), date(2027, 8, 4), name="Guest")
    commit()
    login(client, make_staff(Role.FACILITY))
    url = f"/staff/facility/{venue.id}/report?from=2027-07-01&to=2027-08-31"
    page = client.get(url)
    assert page.status_code == 200 and "<svg" in page.text
    csv_response = client.get(url + "&format=csv")
    text = csv_response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["2027-07", "'=Zarasų rajono savivaldybė", "camp", "2", "", ""] in rows
    assert ["2027-08", "'=Zarasų rajono savivaldybė", "camp", "1", "", ""] in rows
    assert ["2027-08", "—", "temporary_stay", "3", "", ""] in rows
    # July: 2 of 62 open bed-nights; August: 4 of 62.
    assert ["2027-07", "all", "all", "2", "62", "0.032"] in rows
    assert ["2027-08", "all", "all", "4", "62", "0.065"] in rows


def test_facility_staff_add_rooms_and_close_and_reopen_beds(client, wing, make_staff):
    venue, beds = wing(rooms=1, beds_per_room=2)
    login(client, make_staff(Role.FACILITY))
    url = f"/staff/facility/{venue.id}/rooms"
    response = client.post(
        url,
        data={
            "room-name": "201",
            "room-floor": "2",
            "room-kind": "family",
            "room-beds": "4",
            "room-submit": "1",
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Bed.id))) == 6
    response = client.post(
        url,
        data={
            "closure-target": f"bed-{beds[0].id}",
            "closure-starts_on": "2027-07-01",
            "closure-ends_on": "2027-07-10",
            "closure-reason": "repair",
            "closure-submit": "1",
        },
    )
    assert response.status_code == 302
    closure = db.session.scalar(sa.select(Closure))
    assert closure.bed_id == beds[0].id
    bad = client.post(
        url,
        data={
            "closure-target": f"bed-{beds[0].id}",
            "closure-starts_on": "2027-07-10",
            "closure-ends_on": "2027-07-01",
            "closure-submit": "1",
        },
    )
    assert bad.status_code == 200 and "The end must be after the start." in bad.text
    client.post(url, data={"remove-closure": closure.id})
    assert db.session.scalar(sa.select(sa.func.count(Closure.id))) == 0


def test_staff_move_a_stay_to_a_free_bed(client, wing, make_staff):
    _venue, beds = wing(rooms=1, beds_per_room=3)
    moving = guest_stay(beds[0], date(2027, 7, 5), date(2027, 7, 9))
    guest_stay(beds[1], date(2027, 7, 8), date(2027, 7, 10), name="Other")
    commit()
    login(client, make_staff(Role.FACILITY))
    url = f"/staff/facility/stays/{moving.id}"
    assert client.get(url).status_code == 200
    taken = client.post(url, data={"bed_id": beds[1].id}, follow_redirects=True)
    assert "Someone else has this bed" in taken.text
    assert client.post(url, data={"bed_id": beds[2].id}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Stay, moving.id).bed_id == beds[2].id


def test_coordinator_books_a_guest_and_sees_clear_errors(client, wing, make_staff):
    venue, beds = wing(rooms=1, beds_per_room=1)
    login(client, make_staff(Role.FACILITY))
    url = f"/staff/facility/{venue.id}/stays/new"
    data = {
        "bed_id": beds[0].id,
        "first_name": "Aldona",
        "last_name": "Petrauskienė",
        "birth_date": "1950-03-03",
        "referred_by": "Zarasų socialinių paslaugų centras",
        "arrives_on": "2027-07-05",
        "departs_on": "2027-07-12",
    }
    assert client.post(url, data=data).status_code == 302
    again = client.post(url, data=data)
    assert again.status_code == 200 and "Someone else has this bed" in again.text
    wrong = client.post(url, data={**data, "departs_on": "2027-07-01", "arrives_on": "2027-08-01"})
    assert "The departure must be after the arrival." in wrong.text
    assert db.session.scalar(sa.select(sa.func.count(Stay.id))) == 1
