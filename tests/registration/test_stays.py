"""Stays at the facility: one stay a bed a night, closures, moves, occupancy, races."""

import concurrent.futures
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from bench.load import call
from camps.facility import add_closure
from camps.models import Bed, Room, RoomKind
from core.db import commit
from core.errors import DomainError, ValidationError
from extensions import db
from registration.allocation import allocate_beds
from registration.models import Stay, StayPurpose
from registration.occupancy import occupancy
from registration.stays import book_stay, change_stay, move_stay
from staff.models import Role
from tests.conftest import NOW, api_token, guest_stay, login

JULY = date(2027, 7, 1)


@pytest.fixture
def facility(make_venue):
    """Antazavė in small: a dormitory of three beds and a family room of two."""
    venue = make_venue(name="Antazavė", timezone="Europe/Vilnius")
    dorm = Room(venue_id=venue.id, name="Room 1", floor=1, kind=RoomKind.DORMITORY)
    family = Room(venue_id=venue.id, name="Room 2", floor=1, kind=RoomKind.FAMILY)
    db.session.add_all([dorm, family])
    db.session.flush()
    beds = [Bed(room_id=dorm.id, label=f"1-{n}") for n in (1, 2, 3)]
    beds += [Bed(room_id=family.id, label=f"2-{n}") for n in (1, 2)]
    db.session.add_all(beds)
    commit()
    return venue, dorm, family, beds


def day(n):
    return date(2027, 7, n)


def test_a_bed_holds_one_stay_a_night(facility):
    bed = facility[3][0]
    guest_stay(bed, day(5), day(9))
    for arrives, departs in (
        (day(8), day(10)),
        (day(1), day(6)),
        (day(6), day(7)),
        (day(4), day(12)),
    ):
        with pytest.raises(DomainError) as info:
            guest_stay(bed, arrives, departs)
        assert info.value.code == "bed_taken"


def test_the_night_a_stay_ends_is_free_for_the_next(facility):
    bed = facility[3][0]
    guest_stay(bed, day(5), day(9))
    next_stay = guest_stay(bed, day(9), day(12))
    earlier = guest_stay(bed, day(1), day(5))
    assert next_stay.nights == 3 and earlier.nights == 4


def test_closed_room_or_bed_is_refused(facility):
    _venue, dorm, _family, beds = facility
    add_closure(
        room_id=dorm.id, bed_id=None, starts_on=day(10), ends_on=day(20), reason="renovation"
    )
    add_closure(room_id=None, bed_id=beds[3].id, starts_on=day(1), ends_on=day(3), reason="repair")
    for bed, arrives, departs in ((beds[0], day(19), day(21)), (beds[3], day(2), day(4))):
        with pytest.raises(DomainError) as info:
            guest_stay(bed, arrives, departs)
        assert info.value.code == "bed_closed"
    assert guest_stay(beds[0], day(20), day(22)).nights == 2  # the closure's end night is open


@pytest.mark.parametrize(("arrives", "departs"), [(day(5), day(5)), (day(5), day(4))])
def test_departure_must_be_after_arrival(facility, arrives, departs):
    with pytest.raises(ValidationError) as info:
        guest_stay(facility[3][0], arrives, departs)
    assert "departs_on" in info.value.fields


def test_only_confirmed_participants_stay(facility, make_event, make_registration):
    venue, *_rest, beds = facility
    event = make_event(venue=venue, capacity=1)
    confirmed, _t = make_registration(event)
    waiting, _t = make_registration(event)
    stay = book_stay(
        bed_id=beds[0].id,
        arrives_on=day(5),
        departs_on=day(9),
        purpose=StayPurpose.CAMP,
        participant=confirmed.participants[0],
        now=NOW,
    )
    assert stay.event_id == event.id and stay.first_name == confirmed.participants[0].first_name
    with pytest.raises(ValidationError):
        book_stay(
            bed_id=beds[1].id,
            arrives_on=day(5),
            departs_on=day(9),
            purpose=StayPurpose.CAMP,
            participant=waiting.participants[0],
            now=NOW,
        )


def test_moving_a_stay_checks_the_new_bed(facility):
    beds = facility[3]
    stay = guest_stay(beds[0], day(5), day(9))
    guest_stay(beds[1], day(8), day(10), name="Rasa")
    with pytest.raises(DomainError) as info:
        move_stay(stay.id, beds[1].id, now=NOW)
    assert info.value.code == "bed_taken"
    move_stay(stay.id, beds[2].id, now=NOW)
    assert stay.bed_id == beds[2].id
    assert guest_stay(beds[0], day(5), day(9), name="Aistė").nights == 4  # the old bed is free


def test_check_in_check_out_and_cancel(facility):
    stay = guest_stay(facility[3][0], day(5), day(9))
    with pytest.raises(DomainError):
        change_stay(stay.id, "check_out", now=NOW)
    change_stay(stay.id, "check_in", now=NOW)
    change_stay(stay.id, "check_out", now=NOW)
    assert stay.checked_in_at and stay.checked_out_at
    other = guest_stay(facility[3][1], day(5), day(9), name="Rūta")
    change_stay(other.id, "cancel", now=NOW)
    assert guest_stay(facility[3][1], day(6), day(8), name="Rūta").nights == 2  # cancelled: free


def test_occupancy_counts_beds_and_bed_nights(facility):
    _venue, dorm, _family, beds = facility
    guest_stay(beds[0], day(1), day(4))
    guest_stay(beds[3], day(2), day(3), name="Rūta")
    add_closure(room_id=dorm.id, bed_id=None, starts_on=day(3), ends_on=day(4), reason="paint")
    result = occupancy(facility[0].id, day(1), day(5))
    assert [n["beds_occupied"] for n in result["nights"]] == [1, 2, 1, 0]
    assert [n["beds_open"] for n in result["nights"]] == [5, 5, 2, 5]
    assert result["bed_nights"] == 4


def _second_stay_refused_by_postgresql(bed, **stay) -> None:
    """Write a stay past the services: the database itself must refuse it."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the exclusion constraints are PostgreSQL's")
    db.session.add(
        Stay(
            bed_id=bed.id,
            guest_first_name="X",
            purpose=StayPurpose.TEMPORARY_STAY,
            arrives_on=day(8),
            departs_on=day(10),
            created_at=NOW,
            **stay,
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        commit()
    db.session.rollback()


def test_postgresql_itself_refuses_overlapping_stays(app, facility):
    bed = facility[3][0]
    guest_stay(bed, day(5), day(9))
    commit()
    _second_stay_refused_by_postgresql(bed)


def test_api_books_and_refuses_with_codes(client, facility, make_staff):
    beds = facility[3]
    headers = api_token(client, make_staff(Role.FACILITY))
    body = {
        "bed_id": beds[0].id,
        "guest": {"first_name": "Ieva", "last_name": "Jonaitė", "birth_date": "1990-03-04"},
        "arrives_on": "2027-07-05",
        "departs_on": "2027-07-09",
        "purpose": "temporary_stay",
    }
    created = client.post("/api/v1/stays", json=body, headers=headers)
    assert created.status_code == 201 and created.json["nights"] == 4
    taken = client.post("/api/v1/stays", json=body, headers=headers)
    assert taken.status_code == 409 and taken.json["error"]["code"] == "bed_taken"
    bad = client.post("/api/v1/stays", json={**body, "departs_on": "2027-07-05"}, headers=headers)
    assert bad.status_code == 422 and "departs_on" in bad.json["error"]["fields"]
    closure = client.post(
        "/api/v1/closures",
        headers=headers,
        json={
            "bed_id": beds[1].id,
            "starts_on": "2027-07-01",
            "ends_on": "2027-07-31",
            "reason": "repair",
        },
    )
    assert closure.status_code == 201
    closed = client.post("/api/v1/stays", json={**body, "bed_id": beds[1].id}, headers=headers)
    assert closed.status_code == 409 and closed.json["error"]["code"] == "bed_closed"
    stay_id = created.json["id"]
    assert (
        client.post(f"/api/v1/stays/{stay_id}/check-in", headers=headers).json["status"]
        == "checked_in"
    )
    assert (
        client.post(f"/api/v1/stays/{stay_id}/check-out", headers=headers).json["status"]
        == "checked_out"
    )
    facilities = client.get("/api/v1/facilities", headers=headers).json
    assert [len(room["beds"]) for room in facilities[0]["rooms"]] == [3, 2]
    occupancy_json = client.get(
        f"/api/v1/facilities/{facility[0].id}/occupancy?from=2027-07-05&to=2027-07-06",
        headers=headers,
    ).json
    assert occupancy_json["bed_nights"] == 2 and len(occupancy_json["nights"]) == 2


def test_facility_api_needs_the_facility_role(client, facility, make_staff):
    organiser = make_staff(Role.ORGANISER)
    response = client.get("/api/v1/facilities", headers=api_token(client, organiser))
    assert response.status_code == 403
    admin = make_staff(Role.ADMIN)
    assert client.get("/api/v1/facilities", headers=api_token(client, admin)).status_code == 200


def test_two_staff_booking_one_bed_at_once_one_wins(app, facility, make_staff, server):
    bed = facility[3][0]
    token = api_token(app.test_client(), make_staff(Role.FACILITY))["Authorization"]
    bodies = [
        {
            "bed_id": bed.id,
            "guest": {"first_name": f"Guest{i}", "last_name": "Race", "birth_date": "1990-03-04"},
            "arrives_on": "2027-07-05",
            "departs_on": f"2027-07-{8 + i % 3:02d}",
            "purpose": "temporary_stay",
        }
        for i in range(8)
    ]
    with server() as port:

        def book(body):
            return call(port, "POST", "/api/v1/stays", body, {"Authorization": token})

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(book, bodies))
    statuses = sorted(status for status, _body in answers)
    assert statuses == [201] + [409] * 7, answers
    assert {body["error"]["code"] for status, body in answers if status == 409} == {"bed_taken"}
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Stay.id))) == 1


@pytest.fixture
def camp_house(make_venue):
    """Two family rooms (3 beds), a dormitory (4), an accessible room (2)."""
    venue = make_venue(name="Antazavė house", timezone="Europe/Vilnius")
    layout = [
        ("F1", RoomKind.FAMILY, 3),
        ("F2", RoomKind.FAMILY, 3),
        ("D1", RoomKind.DORMITORY, 4),
        ("A1", RoomKind.ACCESSIBLE, 2),
    ]
    rooms = {}
    for name, kind, count in layout:
        room = Room(venue_id=venue.id, name=name, kind=kind)
        db.session.add(room)
        db.session.flush()
        db.session.add_all(Bed(room_id=room.id, label=f"{name}-{n}") for n in range(count))
        rooms[name] = room
    commit()
    return venue, rooms


def room_of(participant):
    stay = db.session.scalar(sa.select(Stay).filter_by(participant_id=participant.id))
    return db.session.get(Bed, stay.bed_id).room.name if stay else None


def test_allocation_keeps_families_together_and_dormitories_unmixed(
    camp_house, make_event, make_registration
):
    venue, _rooms = camp_house
    event = make_event(venue=venue, capacity=20)
    siblings, _t = make_registration(event, date(2014, 1, 1), date(2016, 1, 1))
    lone_child, _t = make_registration(event, date(2013, 1, 1))
    wheelchair, _t = make_registration(event, date(2012, 1, 1))
    wheelchair.participants[0].needs_accessible_room = True
    commit()
    result = allocate_beds(event, now=NOW)
    assert not result.unplaced
    first, second = (room_of(p) for p in siblings.participants)
    assert first == second and first.startswith("F")
    assert room_of(lone_child.participants[0]) == "D1"
    assert room_of(wheelchair.participants[0]) == "A1"
    assert {s.arrives_on for s in result.placed} == {event.starts_on}


def test_allocation_lists_who_cannot_be_placed_and_why(camp_house, make_event, make_registration):
    venue, _rooms = camp_house
    event = make_event(venue=venue, capacity=30, max_age=None)
    make_registration(event, date(2014, 1, 1))  # a child takes the dormitory for minors
    adult, _t = make_registration(event, date(1990, 1, 1), guardian="Adult Alone")
    big, _t = make_registration(event, *[date(2014, 1, 1)] * 4, guardian="Big Family")
    result = allocate_beds(event, now=NOW)
    reasons = {participant.booking_id: reason for participant, reason in result.unplaced}
    assert "dormitory" in reasons[adult.id]  # never in a room with minors
    assert "family room" in reasons[big.id]  # four do not fit a three-bed room
    assert allocate_beds(event, now=NOW).placed == []  # placed people keep their beds


def guest(first="Ieva", last="Jonaitė", born="1990-03-04", **changes):
    return {"first_name": first, "last_name": last, "birth_date": born, **changes}


def stay_body(bed, **changes):
    return {
        "bed_id": bed.id,
        "guest": guest(),
        "arrives_on": "2027-07-05",
        "departs_on": "2027-07-09",
        "purpose": "temporary_stay",
        **changes,
    }


def test_one_person_holds_one_bed_a_night(client, facility, make_staff):
    beds = facility[3]
    headers = api_token(client, make_staff(Role.FACILITY))
    assert client.post("/api/v1/stays", json=stay_body(beds[0]), headers=headers).status_code == 201
    # The same guest (name and birth date, however the name is typed) in another bed.
    twin = stay_body(beds[1], guest=guest(first=" ieva", last="JONAITĖ"), arrives_on="2027-07-08")
    refused = client.post("/api/v1/stays", json=twin, headers=headers)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "person_has_bed"
    namesake = stay_body(beds[1], guest=guest(born="1991-03-04"))
    assert client.post("/api/v1/stays", json=namesake, headers=headers).status_code == 201
    after = stay_body(beds[2], arrives_on="2027-07-09", departs_on="2027-07-11")
    assert client.post("/api/v1/stays", json=after, headers=headers).status_code == 201


def test_a_participant_is_not_put_in_two_beds_on_one_night(facility, make_event, make_registration):
    venue, _dorm, _family, beds = facility
    event = make_event(
        venue=venue, starts_at=datetime(2027, 7, 5, 10), ends_at=datetime(2027, 7, 9, 12)
    )
    booking, _t = make_registration(event, date(2014, 5, 1))
    child = booking.participants[0]
    book_stay(
        bed_id=beds[0].id,
        participant=child,
        arrives_on=day(5),
        departs_on=day(9),
        purpose=StayPurpose.CAMP,
        now=NOW,
    )
    with pytest.raises(DomainError) as info:
        book_stay(
            bed_id=beds[1].id,
            participant=child,
            arrives_on=day(6),
            departs_on=day(7),
            purpose=StayPurpose.CAMP,
            now=NOW,
        )
    assert info.value.code == "person_has_bed"


def test_the_guest_page_refuses_one_person_in_two_beds(client, facility, make_staff):
    venue, _dorm, _family, beds = facility
    guest_stay(beds[0], day(5), day(9))
    login(client, make_staff(Role.FACILITY))
    response = client.post(
        f"/staff/facility/{venue.id}/stays/new",
        data={
            "bed_id": str(beds[1].id),
            "first_name": "Ieva",
            "last_name": "Jonaitė",
            "birth_date": "1990-03-04",
            "arrives_on": "2027-07-06",
            "departs_on": "2027-07-08",
        },
    )
    assert response.status_code == 200
    assert "This person already has a bed on some of these nights." in response.text


@pytest.mark.parametrize(
    "born", ["2030-01-01", "1899-12-31", None, "9999-12-31"], ids=["future", "old", "none", "edge"]
)
def test_a_guests_birth_date_follows_the_registrations_rules(client, facility, make_staff, born):
    headers = api_token(client, make_staff(Role.FACILITY))
    body = stay_body(facility[3][0], guest=guest(born=born))
    response = client.post("/api/v1/stays", json=body, headers=headers)
    assert response.status_code == 422
    assert "guest.birth_date" in response.json["error"]["fields"]


def test_a_guests_name_loses_invisible_characters(client, facility, make_staff):
    headers = api_token(client, make_staff(Role.FACILITY))
    body = stay_body(facility[3][0], guest=guest(first="Ie\u202eva\u200b"))
    assert client.post("/api/v1/stays", json=body, headers=headers).status_code == 201
    assert db.session.scalars(sa.select(Stay.guest_first_name)).one() == "Ieva"


def test_a_stay_for_an_event_that_is_not_there_is_refused(client, facility, make_staff):
    headers = api_token(client, make_staff(Role.FACILITY))
    for event_id in (99_999, 2**31 - 1):
        body = stay_body(facility[3][0], event_id=event_id)
        response = client.post("/api/v1/stays", json=body, headers=headers)
        assert response.status_code == 422 and "event_id" in response.json["error"]["fields"]


def test_postgresql_itself_refuses_one_person_in_two_beds(app, facility):
    beds = facility[3]
    first = guest_stay(beds[0], day(5), day(9))
    commit()
    _second_stay_refused_by_postgresql(beds[1], person_key=first.person_key)


def test_a_closure_removed_twice_is_not_found_the_second_time(client, facility, make_staff):
    headers = api_token(client, make_staff(Role.FACILITY))
    closure = add_closure(
        room_id=None, bed_id=facility[3][0].id, starts_on=day(1), ends_on=day(3), reason=""
    )
    commit()
    path = f"/api/v1/closures/{closure.id}"
    assert client.delete(path, headers=headers).status_code == 204
    again = client.delete(path, headers=headers)
    assert again.status_code == 404 and again.json["error"]["code"] == "not_found"


def test_a_stays_state_purpose_and_dates_are_shown_as_words(client, facility, make_staff):
    stay = guest_stay(facility[3][0], day(5), day(9), name="אסתר")
    commit()
    login(client, make_staff(Role.FACILITY))
    page = client.get(f"/staff/facility/stays/{stay.id}?lang=de").text
    assert ">planned<" not in page and ">temporary_stay<" not in page and "2027-07-05 –" not in page
    assert "05.07.2027" in page and "<bdi>אסתר</bdi>" in page
    english = client.get(f"/staff/facility/stays/{stay.id}?lang=en").text
    assert "Not arrived yet" in english and "Temporary stay" in english and "4 nights" in english


def test_rooms_count_their_beds_in_one_message(client, facility, make_staff):
    login(client, make_staff(Role.FACILITY))
    page = client.get(f"/staff/facility/{facility[0].id}/rooms").text
    assert "3 beds" in page and "2 beds" in page
