"""Retention: health notes purged after 30 days, people anonymised after 365, on time."""

from datetime import date

import sqlalchemy as sa

from camps.models import Bed, Room, RoomKind
from core.db import commit
from extensions import db
from registration.models import Booking, ConsentKind, Participant, Stay
from registration.reports import programme_report
from registration.services import register
from tests.conftest import NOW, family, guest_stay
from tests.registration.test_erasure import traces

# The camp ends 2027-07-09 16:00 in Vilnius (13:00 UTC).
DAY_BEFORE_HEALTH = "2027-08-08T12:00:00"
DAY_AFTER_HEALTH = "2027-08-09T14:00:00"
DAY_BEFORE_DATA = "2028-07-08T12:00:00"
DAY_AFTER_DATA = "2028-07-09T14:00:00"


def camp_with_notes(make_event):
    event = make_event()
    data = family(date(2014, 5, 1), consents={ConsentKind.HEALTH_DATA: True})
    data.participants[0].health_notes = "Diabetes: insulin at 8 and 20."
    data.participants[0].gender = "female"
    data.country = "LT"
    booking, _t = register(event.id, data, now=NOW)
    commit()
    return event, booking


def run(runner, now: str) -> str:
    result = runner.invoke(args=["retention", "run", "--now", now])
    assert result.exit_code == 0, result.output
    return result.output


def test_health_notes_are_purged_thirty_days_after_the_event(runner, make_event):
    camp_with_notes(make_event)
    assert "0 health note(s) deleted" in run(runner, DAY_BEFORE_HEALTH)
    assert db.session.scalar(sa.select(Participant.health_notes)) != ""
    output = run(runner, DAY_AFTER_HEALTH)
    assert "1 health note(s) deleted" in output and "Diabetes" not in output
    assert db.session.scalar(sa.select(Participant.health_notes)) == ""
    assert "0 health note(s) deleted" in run(runner, DAY_AFTER_HEALTH)  # idempotent


def test_people_are_anonymised_a_year_after_and_the_counts_stay(runner, make_event):
    event, _booking = camp_with_notes(make_event)
    before = programme_report([event.partner_id], date(2027, 1, 1), date(2028, 1, 1))
    assert "0 person(s) anonymised" in run(runner, DAY_BEFORE_DATA)
    output = run(runner, DAY_AFTER_DATA)
    assert "1 person(s) anonymised" in output
    person = db.session.scalar(sa.select(Participant))
    db.session.refresh(person)
    assert person.first_name == "—" and person.last_name == "" and person.anonymised_at
    assert person.birth_date != date(2014, 5, 1) and person.age == 13
    contact = db.session.scalar(sa.select(Booking))
    assert contact.contact_name == "—" and contact.contact_email is None
    after = programme_report([event.partner_id], date(2027, 1, 1), date(2028, 1, 1))
    assert (after.people, after.by_country, after.by_gender, after.by_age_band) == (
        before.people,
        before.by_country,
        before.by_gender,
        before.by_age_band,
    )
    assert "0 person(s) anonymised" in run(runner, DAY_AFTER_DATA)  # idempotent
    assert traces("Kazlausk", "ona@example.lt", "Diabetes") == []


def test_retention_never_touches_an_event_that_has_not_ended(runner, make_event):
    camp_with_notes(make_event)
    run(runner, "2027-07-08T12:00:00")  # during the camp
    person = db.session.scalar(sa.select(Participant))
    assert person.health_notes and person.anonymised_at is None


def test_guests_of_temporary_stays_are_anonymised_a_year_after_they_left(runner, make_venue):
    venue = make_venue(name="Antazavė")
    room = Room(venue_id=venue.id, name="Room 9", kind=RoomKind.FAMILY)
    db.session.add(room)
    db.session.flush()
    bed = Bed(room_id=room.id, label="9-1")
    db.session.add(bed)
    commit()
    guest_stay(bed, date(2027, 3, 1), date(2027, 3, 20), name="Aurelija")
    db.session.scalars(sa.select(Stay)).one().referred_by = "Zarasai social services"
    commit()
    assert "0 guest(s) anonymised" in run(runner, "2028-03-01T00:00:00")
    assert "1 guest(s) anonymised" in run(runner, "2028-03-21T00:00:00")
    assert traces("Aurelija", "Jonaitė", "1990-03-04", "Zarasai social") == []
    stay = db.session.scalars(sa.select(Stay)).one()
    assert stay.nights == 19  # the bed-nights still count
    assert "0 guest(s) anonymised" in run(runner, "2028-03-22T00:00:00")  # idempotent
