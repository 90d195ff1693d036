"""The right to erasure: by the family or by staff, the queue moves, counts stay."""

import json
from datetime import UTC, date, datetime

import sqlalchemy as sa

from core.audit import AuditEntry
from core.db import commit
from extensions import db
from registration.emails import MAX_ATTEMPTS
from registration.models import Booking, OutboxMail, Participant, ParticipantStatus, Scan
from registration.reports import programme_report
from registration.retention import erase_person
from staff.models import Role
from tests.conftest import api_token, login
from web.idempotency import IdempotencyRecord


def test_family_erases_one_child_the_queue_moves_the_sibling_stays(
    app, make_event, make_registration
):
    event = make_event(capacity=2)
    booking, token = make_registration(event, date(2014, 1, 1), date(2016, 1, 1), mode="any")
    waiting, _t = make_registration(event, date(2013, 1, 1), guardian="Next Family")
    client = app.test_client()
    client.get(f"/b/{token}")
    assert "Erase our data" in client.get(f"/booking/{booking.id}").text
    erased, sibling = booking.participants
    response = client.post(f"/booking/{booking.id}/erase", data={"participant": erased.id})
    assert response.status_code == 302
    db.session.expire_all()
    gone = db.session.get(Participant, erased.id)
    assert gone.first_name == "—" and gone.status == ParticipantStatus.CANCELLED
    kept = db.session.get(Participant, sibling.id)
    assert kept.first_name == sibling.first_name and kept.status == ParticipantStatus.CONFIRMED
    assert db.session.get(Participant, waiting.participants[0].id).status == "confirmed"
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="erasure_family_request"))
    assert entry.subject == f"participant:{erased.id}"


def test_staff_erasing_on_the_family_page_are_named_in_the_log(
    app, make_event, make_registration, make_staff
):
    """A staff browser on the family's page (on-behalf registration, or managing the event)."""
    event = make_event()
    booking, _token = make_registration(event)
    organiser = make_staff(Role.ORGANISER, partner=event.partner)
    client = app.test_client()
    login(client, organiser)
    person = booking.participants[0]
    response = client.post(f"/booking/{booking.id}/erase", data={"participant": person.id})
    assert response.status_code == 302
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="erasure_family_request"))
    assert entry.staff_id == organiser.id


def test_staff_erase_a_person_with_a_reason(client, make_event, make_registration, make_staff):
    event = make_event()
    booking, _t = make_registration(event)
    person = booking.participants[0]
    organiser = make_staff(Role.ORGANISER, partner=event.partner)
    login(client, organiser)
    page = client.get(f"/staff/participants/{person.id}/erase")
    assert page.status_code == 200 and "Registered twice by mistake" in page.text
    assert (
        client.post(
            f"/staff/participants/{person.id}/erase", data={"reason": "made up"}
        ).status_code
        == 400
    )
    response = client.post(f"/staff/participants/{person.id}/erase", data={"reason": "duplicate"})
    assert response.status_code == 302
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="erasure_duplicate"))
    assert entry.staff_id == organiser.id and person.last_name not in entry.subject
    db.session.expire_all()
    assert db.session.get(Participant, person.id).anonymised_at is not None


def test_another_partners_organiser_cannot_erase(client, make_event, make_registration, make_staff):
    booking, _t = make_registration(make_event())
    login(client, make_staff(Role.ORGANISER))
    person = booking.participants[0]
    assert (
        client.post(
            f"/staff/participants/{person.id}/erase", data={"reason": "duplicate"}
        ).status_code
        == 404
    )


def test_erasing_someone_who_took_part_keeps_every_count(make_event, make_registration):
    event = make_event()
    booking, _t = make_registration(event, date(2014, 1, 1), date(2016, 1, 1))
    before = programme_report([event.partner_id], date(2027, 1, 1), date(2028, 1, 1))
    after_the_camp = datetime(2027, 8, 1, tzinfo=UTC)
    erase_person(
        booking.participants[0].id, now=after_the_camp, by_staff_id=None, reason="family_request"
    )
    commit()
    after = programme_report([event.partner_id], date(2027, 1, 1), date(2028, 1, 1))
    assert (after.people, after.by_gender, after.by_age_band, after.by_country) == (
        before.people,
        before.by_gender,
        before.by_age_band,
        before.by_country,
    )


def traces(*needles: str) -> list[tuple[str, str]]:
    """Every (table, value) in the whole database that still holds one of the strings."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)):
            for value in row:
                text = str(value)
                if any(needle.casefold() in text.casefold() for needle in needles):
                    found.append((table.name, text))
    return found


def test_erasing_a_whole_family_leaves_no_trace_of_it_anywhere(
    app, client, make_event, make_staff, smtp
):
    event = make_event(capacity=1)
    body = {
        "guardian": {"name": "Ona Kazlauskienė", "email": "ona.k@example.lt"},
        "emergency": {"name": "Petras Kazlauskas", "phone": "+37061234567"},
        "pickup_adults": "Teta Rūta",
        "participants": [
            {"first_name": "Gabija", "last_name": "Kazlauskaitė", "birth_date": "2014-01-01"},
            {"first_name": "Matas", "last_name": "Kazlauskas", "birth_date": "2016-01-01"},
        ],
        "consents": {"data_processing": True, "guardian": True},
        "siblings": "any",
    }
    answer = client.post(
        f"/api/v1/events/{event.id}/registrations",
        json=body,
        headers={"Idempotency-Key": "ona-1"},  # the stored answer holds the names, too
    ).json
    token = answer["booking_token"]
    booking = db.session.scalars(sa.select(Booking)).one()
    scanner = api_token(client, make_staff(Role.SCANNER))
    scanned = client.post(
        "/api/v1/checkin",
        json={"code": answer["participants"][0]["ticket"]["code"], "event_id": event.id},
        headers=scanner,
    )
    assert scanned.json["participant"]["display_name"] == "Gabija K."  # kept with the scan
    mail = db.session.scalars(sa.select(OutboxMail)).first()
    mail.last_error = "550 5.1.1 <ona.k@example.lt>: Recipient address rejected"
    commit()
    needles = ("Kazlausk", "ona.k@", "+37061234567", "Teta Rūta", "Gabija", "Matas")
    assert traces(*needles), "the family is in the database before"
    assert db.session.scalar(sa.select(sa.func.count(IdempotencyRecord.id))) == 1
    family = app.test_client()
    family.get(f"/b/{token}")
    family.post(f"/booking/{booking.id}/data", data={"action": "send"})  # a code e-mail, too
    ids = [p.id for p in booking.participants]
    response = family.post(f"/booking/{booking.id}/erase", data={"participant": ids})
    assert response.status_code == 302
    db.session.expire_all()
    assert traces(*needles) == []
    assert db.session.scalar(sa.select(sa.func.count(IdempotencyRecord.id))) == 0
    # The gate's stored answer forgot the child but still says what the gate decided.
    stored = json.loads(db.session.scalars(sa.select(Scan.answer)).one())
    assert stored["participant"] is None and stored["code"] == "ok" and stored["ok"] is True
    # The e-mails sent stay as kind and time; none waits to go to an erased address.
    mails = db.session.scalars(sa.select(OutboxMail)).all()
    assert mails and all(m.recipient == "" for m in mails)
    assert all(m.sent_at is not None or m.attempts >= MAX_ATTEMPTS for m in mails)
