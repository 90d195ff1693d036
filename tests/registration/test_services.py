"""Registering: places on arrival, eligibility, consents, bad input."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from camps.models import EventStatus
from camps.services import change_status
from core.db import commit
from core.errors import DomainError, NotFound, ValidationError
from extensions import db
from registration.eligibility import ParticipantData
from registration.models import (
    Booking,
    Consent,
    ConsentKind,
)
from registration.services import booking_for_token, register
from registration.waitlist import (
    cancel_participants,
)
from tests.conftest import NOW, assert_counters_match, family, statuses

KID = date(2014, 5, 1)


def test_family_gets_places_while_there_are_some(make_event, make_registration):
    event = make_event(capacity=5)
    booking, token = make_registration(event, KID, KID, KID)
    assert statuses(booking) == ["confirmed"] * 3
    assert booking.status == "confirmed"
    assert booking_for_token(token) == booking
    assert booking_for_token("not-the-token") is None
    assert_counters_match(event)


def test_waitlist_keeps_siblings_together(make_event, make_registration):
    event = make_event(capacity=4)
    make_registration(event, KID, KID)
    three, _token = make_registration(event, KID, KID, KID)
    assert statuses(three) == ["waitlisted"] * 3
    assert three.status == "waitlisted"
    assert_counters_match(event)


def test_any_mode_takes_the_places_there_are(make_event, make_registration):
    event = make_event(capacity=4)
    make_registration(event, KID, KID)
    three, _token = make_registration(event, KID, KID, KID, mode="any")
    assert statuses(three) == ["confirmed", "confirmed", "waitlisted"]
    assert three.status == "partial"
    assert_counters_match(event)


def test_people_waiting_count_against_free_places(make_event, make_registration):
    # Two places free, a family of three waits: a newcomer of one must queue behind them.
    event = make_event(capacity=4)
    make_registration(event, KID, KID)
    make_registration(event, KID, KID, KID)
    single, _token = make_registration(event, KID)
    assert statuses(single) == ["waitlisted"]
    assert event.places_left == 0
    assert_counters_match(event)


def test_age_is_computed_on_the_first_day_in_the_venues_zone(make_event, make_venue):
    # The camp starts 00:30 on 5 July in Vilnius, still 4 July in UTC: a child born on
    # 5 July 2009 is 18 on the first day, so the 10–17 camp is closed to them.
    event = make_event(
        venue=make_venue(timezone="Europe/Vilnius"),
        starts_at=datetime(2027, 7, 5, 0, 30),
        min_age=10,
        max_age=17,
    )
    with pytest.raises(ValidationError) as info:
        register(event.id, family(date(2009, 7, 5)), now=NOW)
    assert info.value.code == "not_eligible"
    assert "participants.0.birth_date" in info.value.fields
    booking, _t = register(event.id, family(date(2009, 7, 6)), now=NOW)
    assert booking.participants[0].age == 17


def test_too_young_is_refused_with_a_reason(make_event):
    event = make_event(min_age=10, max_age=17)
    with pytest.raises(ValidationError) as info:
        register(event.id, family(date(2020, 1, 1)), now=NOW)
    assert info.value.code == "not_eligible"
    assert "10–17" in info.value.fields["participants.0.birth_date"]


def test_minors_need_a_guardian_and_their_consent(make_event):
    event = make_event()
    data = family(KID, guardian="x")
    data.contact_name = ""
    with pytest.raises(ValidationError) as info:
        register(event.id, data, now=NOW)
    assert info.value.code == "guardian_required"
    data = family(KID)
    del data.consents[ConsentKind.GUARDIAN]
    with pytest.raises(ValidationError) as info:
        register(event.id, data, now=NOW)
    assert info.value.code == "consent_required"


def test_young_adult_may_register_alone(make_event):
    event = make_event(min_age=14, max_age=29)
    data = family(date(2003, 2, 1), consents={})
    data.contact_name, data.contact_email = "", None
    del data.consents[ConsentKind.GUARDIAN]
    data.participants[0].email = "jaunuolis@example.lt"
    booking, _t = register(event.id, data, now=NOW)
    assert booking.contact_email == "jaunuolis@example.lt"
    assert booking.contact_name == f"{data.participants[0].first_name} Kazlauskienė"
    assert not booking.is_guardian


def test_health_notes_need_explicit_consent(make_event):
    event = make_event()
    data = family(KID)
    data.participants[0].health_notes = "Asthma: inhaler in the bag."
    with pytest.raises(ValidationError) as info:
        register(event.id, data, now=NOW)
    assert info.value.code == "consent_required"
    assert "consents.health_data" in info.value.fields
    data.consents[ConsentKind.HEALTH_DATA] = True
    booking, _t = register(event.id, data, now=NOW)
    assert booking.participants[0].attention


def test_consents_are_stored_with_time_version_and_who(make_event):
    event = make_event()
    register(event.id, family(KID, consents={ConsentKind.PHOTOS: False}), now=NOW)
    commit()
    consents = {c.kind: c for c in db.session.scalars(sa.select(Consent)).all()}
    assert consents[ConsentKind.GUARDIAN].granted and not consents[ConsentKind.PHOTOS].granted
    assert consents[ConsentKind.DATA_PROCESSING].given_at == NOW
    assert consents[ConsentKind.DATA_PROCESSING].text_version
    assert consents[ConsentKind.DATA_PROCESSING].given_by == "Ona Kazlauskienė"


def test_same_person_cannot_hold_two_places(make_event):
    event = make_event()
    first = family(KID)
    first.participants[0].first_name, first.participants[0].last_name = "Žydrūnė", "Kazlauskienė"
    register(event.id, first, now=NOW)
    again = family(KID, guardian="Petras Kazlauskas")
    # The same child typed in capitals, with decomposed letters (Z + caron, e + dot above).
    again.participants[0] = ParticipantData(
        first_name="Z\u030cYDRU\u0304NE\u0307", last_name=" kazlauskiene\u0307 ", birth_date=KID
    )
    with pytest.raises(DomainError) as info:
        register(event.id, again, now=NOW)
    assert info.value.code == "already_registered"


def test_a_cancelled_person_may_register_again(make_event, make_registration):
    event = make_event()
    booking, _t = make_registration(event, KID)
    cancel_participants(booking.id, None, now=NOW)
    commit()
    again, _t = make_registration(event, KID)
    assert statuses(again) == ["confirmed"]


def test_registration_window_and_cancelled_events_are_respected(make_event):
    event = make_event(registration_opens_at=datetime(2027, 3, 1, 9, 0))
    with pytest.raises(DomainError) as info:
        register(event.id, family(KID), now=NOW)
    assert info.value.code == "registration_closed"
    with pytest.raises(DomainError) as info:
        register(event.id, family(KID), now=datetime(2027, 7, 6, tzinfo=NOW.tzinfo))
    assert info.value.code == "registration_closed"
    change_status(event.id, EventStatus.CANCELLED, now=NOW)
    with pytest.raises(DomainError) as info:
        register(event.id, family(KID), now=datetime(2027, 3, 2, tzinfo=NOW.tzinfo))
    assert info.value.code == "event_cancelled"


def test_draft_events_take_no_registrations(make_event):
    event = make_event(status=EventStatus.DRAFT)
    with pytest.raises(NotFound):
        register(event.id, family(KID), now=NOW)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            lambda d: setattr(d.participants[0], "birth_date", date(2030, 1, 1)),
            "participants.0.birth_date",
        ),
        (
            lambda d: setattr(d.participants[0], "birth_date", date(1899, 12, 31)),
            "participants.0.birth_date",
        ),
        (
            lambda d: setattr(d.participants[0], "first_name", "Ona\x00"),
            "participants.0.first_name",
        ),
        (lambda d: setattr(d.participants[0], "last_name", "x" * 101), "participants.0.last_name"),
        (
            lambda d: setattr(d, "contact_email", "ona@example.lt\nBcc: all@example.lt"),
            "guardian.email",
        ),
        (lambda d: setattr(d, "contact_email", "not an address"), "guardian.email"),
        (lambda d: setattr(d, "participants", []), "participants"),
        (lambda d: setattr(d, "participants", d.participants * 11), "participants"),
        (lambda d: d.consents.pop(ConsentKind.DATA_PROCESSING), "consents.data_processing"),
    ],
)
def test_bad_input_is_refused_with_a_field_error_and_nothing_written(make_event, change, field):
    event = make_event()
    data = family(KID)
    change(data)
    with pytest.raises(ValidationError) as info:
        register(event.id, data, now=NOW)
    assert field in info.value.fields
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_names_are_stored_exactly_as_typed(make_event):
    event = make_event()
    data = family(KID)
    names = ["Žemyna Šarūnė", "Łucja Źdźbło", "Ģirts Ķēniņš", "Řehoř Ďoubalík", "Jürgen Weiß"]
    decomposed = "Z\u030cemyna"  # Ž as Z + combining caron
    data.participants = [
        ParticipantData(first_name=name.split()[0], last_name=name.split()[1], birth_date=KID)
        for name in names
    ] + [ParticipantData(first_name=decomposed, last_name="<b>=1+2</b>", birth_date=KID)]
    booking, _t = register(event.id, data, now=NOW)
    commit()
    stored = [f"{p.first_name} {p.last_name}" for p in booking.participants]
    assert stored[:5] == names
    assert stored[5] == f"{decomposed} <b>=1+2</b>"
