"""The right of access: a family downloads all its data after a fresh one-time code."""

import json
import re
from datetime import date, timedelta

import sqlalchemy as sa

from core.audit import AuditEntry
from core.db import commit, utcnow
from extensions import db
from registration.models import DataCode
from registration.privacy import SHIPPED_VERSIONS
from registration.rights import MAX_ATTEMPTS
from staff.models import Role
from tests.conftest import login


def code_from(inbox) -> str:
    return re.search(r"^ +(\d{8})\s*$", inbox.body(), re.M).group(1)


def open_booking(app, token):
    client = app.test_client()
    client.get(f"/b/{token}")
    return client


def test_family_downloads_its_data_after_a_code_by_email(app, make_event, make_registration, smtp):
    event = make_event()
    booking, token = make_registration(
        event, date(2014, 5, 1), consents={"health_data": True}, email="ona@example.lt"
    )
    other, _t = make_registration(make_event(), date(2014, 5, 1), email="ona@example.lt")
    stranger, _t = make_registration(event, date(2015, 1, 1), email="someone@example.pl")
    client = open_booking(app, token)
    assert "Download our data" in client.get(f"/booking/{booking.id}").text
    assert client.get(f"/booking/{booking.id}/data").status_code == 200
    sent = client.post(f"/booking/{booking.id}/data", data={"action": "send"})
    assert sent.status_code == 302
    message = smtp.messages[-1]
    assert message["To"] == "ona@example.lt"
    assert "download your data" in message["Subject"]
    assert booking.reference not in smtp.body() and "/b/" not in smtp.body()
    code = code_from(smtp)
    # Only the code's hash is kept once the message has gone.
    stored = db.session.scalar(sa.select(DataCode))
    assert code not in stored.code_hash
    response = client.post(f"/booking/{booking.id}/data", data={"code": code})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    references = [b["reference"] for b in data["bookings"]]
    assert references == [booking.reference, other.reference]
    first = data["bookings"][0]
    assert first["contact"]["email"] == "ona@example.lt"
    assert first["participants"][0]["birth_date"] == "2014-05-01"
    assert first["participants"][0]["tickets"], "the confirmed child's ticket is listed"
    assert {c["kind"] for c in first["consents"]} >= {"data_processing", "guardian"}
    shown = str(SHIPPED_VERSIONS[-1])
    assert all(c["privacy_notice_version"] == shown for c in first["consents"])
    assert any(m["kind"] == "data_code" for m in first["emails"])
    assert stranger.reference not in response.text
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="data_export_family"))
    assert entry.subject == f"booking:{booking.id}" and "Ona" not in entry.subject
    # The code works once.
    again = client.post(f"/booking/{booking.id}/data", data={"code": code})
    assert again.status_code == 200 and "no longer valid" in again.text


def test_a_new_code_replaces_the_old_one(app, make_event, make_registration, smtp):
    booking, token = make_registration(make_event())
    client = open_booking(app, token)
    client.post(f"/booking/{booking.id}/data", data={"action": "send"})
    old = code_from(smtp)
    client.post(f"/booking/{booking.id}/data", data={"action": "send"})
    new = code_from(smtp)
    assert old != new  # two random 8-digit codes: equal once in 10^8
    refused = client.post(f"/booking/{booking.id}/data", data={"code": old})
    assert "This code is not right." in refused.text
    accepted = client.post(f"/booking/{booking.id}/data", data={"code": new})
    assert accepted.mimetype == "application/json"


def test_wrong_codes_are_counted_and_then_the_code_is_spent(
    app, make_event, make_registration, smtp
):
    booking, token = make_registration(make_event())
    client = open_booking(app, token)
    client.post(f"/booking/{booking.id}/data", data={"action": "send"})
    code = code_from(smtp)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for _try in range(MAX_ATTEMPTS - 1):
        response = client.post(f"/booking/{booking.id}/data", data={"code": wrong})
        assert "This code is not right." in response.text
        assert 'aria-invalid="true"' in response.text
    last = client.post(f"/booking/{booking.id}/data", data={"code": wrong})
    assert "Too many wrong codes." in last.text
    spent = client.post(f"/booking/{booking.id}/data", data={"code": code})
    assert spent.mimetype == "text/html" and "no longer valid" in spent.text


def test_an_old_code_has_expired(app, make_event, make_registration, smtp):
    booking, token = make_registration(make_event())
    client = open_booking(app, token)
    client.post(f"/booking/{booking.id}/data", data={"action": "send"})
    code = code_from(smtp)
    stored = db.session.scalar(sa.select(DataCode))
    stored.expires_at = utcnow() - timedelta(minutes=1)
    commit()
    response = client.post(f"/booking/{booking.id}/data", data={"code": code})
    assert response.mimetype == "text/html" and "no longer valid" in response.text


def test_no_code_without_the_booking_open_in_this_browser(client, make_event, make_registration):
    booking, _token = make_registration(make_event())
    assert client.get(f"/booking/{booking.id}/data").status_code == 404
    assert client.post(f"/booking/{booking.id}/data", data={"action": "send"}).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DataCode)) == 0


def test_booking_without_email_is_told_to_ask_the_organiser(
    app, make_event, make_registration, make_staff
):
    event = make_event()
    worker = make_staff(Role.ORGANISER, partner=event.partner)
    booking, token = make_registration(event, email=None, staff=worker)
    client = open_booking(app, token)
    page = client.get(f"/booking/{booking.id}/data").text
    assert "Please ask the organiser for a copy of your data." in page
    response = client.post(f"/booking/{booking.id}/data", data={"action": "send"})
    assert response.status_code == 200 and "ask the organiser" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DataCode)) == 0


def test_organiser_downloads_the_data_of_a_family_without_email(
    client, make_event, make_registration, make_staff
):
    event = make_event()
    worker = make_staff(Role.ORGANISER, partner=event.partner)
    booking, _token = make_registration(event, email=None, staff=worker)
    login(client, worker)
    page = client.get(f"/booking/{booking.id}/data").text
    assert f"/staff/bookings/{booking.id}/data.json" in page
    response = client.get(f"/staff/bookings/{booking.id}/data.json")
    assert response.mimetype == "application/json"
    assert json.loads(response.data)["bookings"][0]["reference"] == booking.reference
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="data_export_staff"))
    assert (entry.staff_id, entry.subject) == (worker.id, f"booking:{booking.id}")
