"""The booking link on the booking page: plain text with Copy and Share, a QR code only for the
browser that holds the booking (never cached), and for a family without e-mail, how to get the
link back through the staff."""

import re

import pytest
import sqlalchemy as sa

from core.audit import AuditEntry
from extensions import db
from registration.tickets import qr_png
from staff.models import Role
from tests.conftest import login

PHONE = "+37060000000"


def opened(app, token):
    client = app.test_client()
    response = client.get(f"/b/{token}")
    assert response.status_code == 302
    return client


def test_the_link_is_plain_text_with_copy_share_and_a_qr_code(app, make_event, make_registration):
    booking, token = make_registration(make_event())
    page = opened(app, token).get(f"/booking/{booking.id}").text
    link = f"https://tiltas.test/b/{token}"
    assert f'<p class="link-text" id="booking-link">{link}</p>' in page
    assert "<input" not in page.split('class="booking-link"')[1].split("</section>")[0]
    assert f'data-share-link="{link}"' in page and "js/share.js" in page
    assert "data-copy>Copy the link<" in page and "data-share hidden>Share the link<" in page
    assert f'src="/booking/{booking.id}/link.png"' in page


def test_the_qr_code_is_the_link_for_its_holder_only_and_never_cached(
    app, make_event, make_registration, make_staff
):
    event = make_event()
    booking, token = make_registration(event)
    response = opened(app, token).get(f"/booking/{booking.id}/link.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.data == qr_png(f"https://tiltas.test/b/{token}", box_size=6)
    # Anyone else: not found, even the staff who manage the event (they hold no link).
    assert app.test_client().get(f"/booking/{booking.id}/link.png").status_code == 404
    staff = app.test_client()
    login(staff, make_staff(Role.ORGANISER, partner=event.partner))
    assert staff.get(f"/booking/{booking.id}").status_code == 200
    assert staff.get(f"/booking/{booking.id}/link.png").status_code == 404
    _other, other_token = make_registration(event)
    assert opened(app, other_token).get(f"/booking/{booking.id}/link.png").status_code == 404


def _no_email_note(page: str) -> str:
    found = re.search(r'<p class="link-no-email">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def test_a_family_with_an_email_reads_no_note_about_getting_the_link_back(
    app, make_event, make_registration
):
    booking, token = make_registration(make_event())
    assert _no_email_note(opened(app, token).get(f"/booking/{booking.id}").text) == ""


def test_a_family_with_only_a_phone_reads_how_to_get_its_link_back(
    app, make_event, make_registration, make_partner
):
    event = make_event(partner=make_partner(name="Vilties namai"))
    booking, token = make_registration(event, email=None, contact_phone=PHONE)
    note = _no_email_note(opened(app, token).get(f"/booking/{booking.id}").text)
    assert "we cannot send you this link again" in note
    assert "ask the staff of Vilties namai, who run this event" in note


def test_a_family_registered_by_staff_is_told_to_ask_the_staff_who_registered_it(
    app, make_event, make_registration, make_staff, make_partner
):
    event = make_event(partner=make_partner(name="Vilties namai"))
    worker = make_staff(Role.ORGANISER, partner=event.partner)
    booking, token = make_registration(event, email=None, contact_phone=PHONE, staff=worker)
    note = _no_email_note(opened(app, token).get(f"/booking/{booking.id}").text)
    assert "ask the staff of Vilties namai who registered you" in note


def test_staff_give_a_family_a_new_link_that_opens_its_booking(
    app, make_event, make_registration, make_staff
):
    event = make_event()
    booking, old_token = make_registration(event, email=None, contact_phone=PHONE)
    staff = app.test_client()
    login(staff, make_staff(Role.ORGANISER, partner=event.partner))
    page = staff.get(f"/booking/{booking.id}").text
    assert "Give the family a new booking link" in page
    response = staff.post(f"/booking/{booking.id}/new-link")
    # Shown once, to print or show: never cached, and not kept by the staff browser.
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    token = re.search(r"https://tiltas\.test/b/([\w-]+)", response.text).group(1)
    assert token != old_token
    assert staff.get(f"/booking/{booking.id}/link.png").status_code == 404
    assert not re.search(r"/b/[\w-]{20,}", staff.get(f"/booking/{booking.id}/print").text)
    for link in (token, old_token):  # the family's old link, if found again, still works
        assert opened(app, link).get(f"/booking/{booking.id}").status_code == 200
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="booking_link_issued"))
    assert entry.subject == f"booking:{booking.id}" and entry.staff_id is not None


@pytest.mark.parametrize("who", ["stranger", "family", "other partner"])
def test_no_one_else_makes_a_new_link(app, make_event, make_registration, make_staff, who):
    event = make_event()
    booking, token = make_registration(event)
    client = app.test_client()
    if who == "family":
        client = opened(app, token)
    elif who == "other partner":
        login(client, make_staff(Role.ORGANISER))
    assert client.post(f"/booking/{booking.id}/new-link").status_code == 404
    assert "new booking link" not in client.get(f"/booking/{booking.id}").text
