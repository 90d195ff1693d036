"""Tickets: one per confirmed participant, an opaque code, revoked and rotated."""

import io
from datetime import date

import sqlalchemy as sa
import zxingcpp
from PIL import Image

from camps.models import EventStatus
from camps.services import change_status
from core.db import commit
from extensions import db
from registration.models import Ticket
from registration.tickets import qr_png, reissue_ticket, valid_ticket
from registration.waitlist import cancel_participants
from staff.models import Role
from tests.conftest import NOW, login


def test_each_confirmed_participant_gets_one_ticket(make_event, make_registration):
    event = make_event(capacity=2)
    booking, _t = make_registration(event, date(2014, 1, 1), date(2015, 1, 1))
    waiting, _t = make_registration(event)
    assert all(valid_ticket(p) is not None for p in booking.participants)
    assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 2
    # The waiting list holds no tickets until a place is confirmed.
    assert valid_ticket(waiting.participants[0]) is None
    cancel_participants(booking.id, [booking.participants[0].id], now=NOW)
    commit()
    assert valid_ticket(booking.participants[0]) is None
    assert valid_ticket(waiting.participants[0]) is not None  # promoted into the freed place


def test_code_is_opaque_random_and_alphanumeric(make_event, make_registration):
    booking, _t = make_registration(make_event())
    ticket = valid_ticket(booking.participants[0])
    assert len(ticket.code) >= 26 and ticket.code.isalnum() and ticket.code.isupper()
    participant = booking.participants[0]
    for secret in (participant.first_name, participant.last_name, str(participant.id)):
        assert secret.upper() not in ticket.code


def test_cancelling_revokes_and_reissuing_rotates(make_event, make_registration):
    booking, _t = make_registration(make_event())
    participant = booking.participants[0]
    first = valid_ticket(participant).code
    new = reissue_ticket(participant.id, now=NOW)
    commit()
    assert new.code != first
    assert db.session.scalar(sa.select(Ticket.revoked_at).filter_by(code=first)) is not None
    cancel_participants(booking.id, None, now=NOW)
    commit()
    assert valid_ticket(participant) is None


def test_cancelling_the_event_revokes_every_ticket(make_event, make_registration):
    event = make_event()
    make_registration(event)
    make_registration(event)
    change_status(event.id, EventStatus.CANCELLED, now=NOW)
    commit()
    assert (
        db.session.scalar(sa.select(sa.func.count(Ticket.id)).where(Ticket.revoked_at.is_(None)))
        == 0
    )


def test_printed_qr_decodes_with_an_independent_decoder(make_event, make_registration):
    booking, _t = make_registration(make_event())
    code = valid_ticket(booking.participants[0]).code
    image = Image.open(io.BytesIO(qr_png(code)))
    (result,) = zxingcpp.read_barcodes(image)
    assert result.text == code
    assert result.format == zxingcpp.BarcodeFormat.QRCode
    # Alphanumeric mode keeps it small: version 3 (29 modules) or less for 32 characters.
    assert image.width <= (29 + 8) * 8


def test_qr_images_are_served_for_known_codes_only(client, make_event, make_registration):
    booking, _t = make_registration(make_event())
    code = valid_ticket(booking.participants[0]).code
    png = client.get(f"/t/{code}.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert png.headers["Referrer-Policy"] == "no-referrer"
    svg = client.get(f"/t/{code}.svg")
    assert svg.status_code == 200 and b"<svg" in svg.data
    assert client.get("/t/NOTACODE.png").status_code == 404
    assert client.get("/t/..%2F..%2Fetc.png").status_code == 404


def test_booking_api_lists_tickets_for_confirmed_places(client, make_event, make_registration):
    event = make_event(capacity=1)
    _booking, token = make_registration(event)
    _waiting, waiting_token = make_registration(event)
    (participant,) = client.get(f"/api/v1/bookings/{token}").json["participants"]
    assert participant["ticket"]["code"]
    assert participant["ticket"]["qr_png_url"].endswith(".png")
    (waiting,) = client.get(f"/api/v1/bookings/{waiting_token}").json["participants"]
    assert waiting["ticket"] is None


def test_booking_page_and_a4_sheet_show_the_tickets(app, make_event, make_registration):
    booking, token = make_registration(make_event(), locale="lt")
    code = valid_ticket(booking.participants[0]).code
    client = app.test_client()
    client.get(f"/b/{token}")
    page = client.get(f"/booking/{booking.id}").text
    assert f"/t/{code}.svg" in page
    sheet = client.get(f"/booking/{booking.id}/tickets")
    assert sheet.status_code == 200 and f"/t/{code}.png" in sheet.text
    assert '<html lang="lt">' in sheet.text  # in the family's language
    assert booking.participants[0].display_name in sheet.text
    assert booking.participants[0].last_name not in sheet.text  # first name and initial only


def test_confirmation_email_carries_the_qr_inline(app, client, make_event, tmp_path):
    import email
    import email.policy

    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path)
    event = make_event()
    response = client.post(
        f"/api/v1/events/{event.id}/registrations",
        json={
            "guardian": {"name": "Ona", "email": "ona@example.lt"},
            "participants": [{"first_name": "Rūta", "last_name": "K", "birth_date": "2014-01-01"}],
            "consents": {"data_processing": True, "guardian": True},
        },
    )
    code = response.json["participants"][0]["ticket"]["code"]
    (saved,) = tmp_path.glob("*.eml")
    message = email.message_from_bytes(saved.read_bytes(), policy=email.policy.default)
    images = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1
    (decoded,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(images[0].get_content())))
    assert decoded.text == code
    assert code in message.get_body(preferencelist=("plain",)).get_content()


def test_staff_reissue_a_ticket_from_the_roster(client, make_event, make_registration, make_staff):
    event = make_event()
    booking, _t = make_registration(event)
    participant = booking.participants[0]
    old = valid_ticket(participant).code
    login(client, make_staff(Role.ORGANISER, partner=event.partner))
    response = client.post(f"/staff/participants/{participant.id}/reissue")
    assert response.status_code == 302
    db.session.expire_all()
    assert valid_ticket(participant).code != old
