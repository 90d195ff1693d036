"""E-mails through a real SMTP server on 127.0.0.1, and what happens when it is down."""

import email
import email.policy
import smtplib
from datetime import date, timedelta

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from bench.load import free_port
from core.db import commit, utcnow
from extensions import db
from registration import emails
from registration.emails import MAX_ATTEMPTS, _claim, message_id, send_mails, send_outbox
from registration.models import Booking, OutboxMail, Participant
from registration.retention import erase_person
from registration.waitlist import cancel_participants
from tests.conftest import NOW, Inbox


def register(client, event, lang="lt", email_address="ona@example.lt", births=("2014-05-01",)):
    guardian = {"name": "Ona Kazlauskienė", "email": email_address, "locale": lang}
    people = [
        {"first_name": f"Vaikas{i}", "last_name": "Kazlauskas", "birth_date": born}
        for i, born in enumerate(births)
    ]
    response = client.post(
        f"/api/v1/events/{event.id}/registrations",
        json={
            "guardian": guardian,
            "participants": people,
            "consents": {"data_processing": True, "guardian": True},
        },
    )
    assert response.status_code == 201, response.json
    return response.json


def test_confirmation_in_the_familys_language_plain_and_html(client, make_event, smtp):
    event = make_event(texts={"en": {"title": "Lake camp"}, "lt": {"title": "Stovykla prie ežero"}})
    data = register(client, event, lang="lt")
    (message,) = smtp.messages
    assert message["To"] == "ona@example.lt"
    assert "Stovykla prie ežero" in message["Subject"]
    text, html = smtp.body(kind="plain"), smtp.body(kind="html")
    assert data["reference"] in text and data["reference"] in html
    assert data["booking_url"] in text and data["booking_url"] in html
    assert "Vaikas0 Kazlauskas" in text
    assert "Thank you" not in text  # Lithuanian, not English


def test_waiting_and_promotion_messages(client, make_event, smtp):
    event = make_event(capacity=1)
    first = register(client, event, lang="en")
    register(client, event, lang="en", email_address="second@example.lt", births=("2013-01-01",))
    assert "on the waiting list, and you are next" in smtp.body()
    client.post(f"/api/v1/bookings/{first['booking_token']}/cancel")
    subjects = [m["Subject"] for m in smtp.messages[2:]]
    assert any(s.startswith("Cancellation") for s in subjects)
    promoted = [m for m in smtp.messages if m["Subject"].startswith("A place for you")]
    assert len(promoted) == 1 and promoted[0]["To"] == "second@example.lt"


def test_offer_message_gives_the_deadline(client, make_event, smtp):
    event = make_event(capacity=1, waitlist_mode="offer", offer_hours=48)
    first = register(client, event, lang="en")
    register(client, event, lang="en", email_address="second@example.lt", births=("2013-01-01",))
    client.post(f"/api/v1/bookings/{first['booking_token']}/cancel")
    offer = next(m for m in smtp.messages if m["Subject"].startswith("A place is offered"))
    assert (
        "a place is free for you: accept it by"
        in offer.get_body(preferencelist=("plain",)).get_content()
    )


def test_every_message_carries_a_working_link(client, make_event, smtp):
    event = make_event(capacity=1)
    first = register(client, event, lang="en")
    client.post(f"/api/v1/bookings/{first['booking_token']}/cancel")
    for message in smtp.messages:
        text = message.get_body(preferencelist=("plain",)).get_content()
        link = next(line for line in text.splitlines() if "/b/" in line).strip()
        token = link.rsplit("/b/", 1)[1]
        assert client.get(f"/api/v1/bookings/{token}").status_code == 200


def test_a_failing_mail_server_loses_nothing_and_the_retry_sends_it(
    app, client, make_event, runner
):
    event = make_event()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens
    data = register(client, event, lang="en")
    assert db.session.scalar(sa.select(Booking.reference)) == data["reference"]
    mail = db.session.scalar(sa.select(OutboxMail))
    assert mail.sent_at is None and mail.attempts == 1 and mail.last_error
    assert mail.kind == "registered" and mail.link_token
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "0 sent" in result.output, "the retry waits its time"
    db.session.refresh(mail)
    later = (mail.claimed_until + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")
    result = runner.invoke(args=["mail", "send", "--now", later])
    assert result.exit_code == 1 and "1 still waiting" in result.output
    db.session.refresh(mail)
    later = (mail.claimed_until + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=app.config["MAIL_PORT"])
    controller.start()
    try:
        result = runner.invoke(args=["mail", "send", "--now", later])
    finally:
        controller.stop()
    assert result.exit_code == 0 and "1 sent" in result.output
    assert inbox.messages[0]["To"] == "ona@example.lt"
    db.session.refresh(mail)
    assert mail.sent_at is not None and mail.link_token is None


def test_without_a_mail_server_mail_goes_to_the_outbox_folder(app, client, make_event, tmp_path):
    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path)
    register(client, make_event(), lang="pl")
    (saved,) = tmp_path.glob("*.eml")
    message = email.message_from_bytes(saved.read_bytes(), policy=email.policy.default)
    assert message["To"] == "ona@example.lt"


def test_no_email_no_message(make_event, make_registration, smtp):
    booking, _t = make_registration(make_event(), email=None, contact_phone="+37060000000")
    cancel_participants(booking.id, None, now=NOW)
    commit()
    assert smtp.messages == []
    assert db.session.scalar(sa.select(sa.func.count(OutboxMail.id))) == 0


def test_the_sweep_leaves_alone_a_message_its_job_is_about_to_send(app, make_event, smtp):
    _mail_id, response = _owed_registration(app, make_event())
    assert smtp.messages == []
    assert send_outbox(now=utcnow()) == (0, 0), "claimed for the registration's own job"
    response.close()  # the response has gone: now its job runs
    (message,) = smtp.messages
    assert send_outbox(now=utcnow() + timedelta(hours=1)) == (0, 0)
    mail = db.session.scalar(sa.select(OutboxMail))
    assert send_mails([mail.id, mail.id]) == 0, "a job run again sends nothing twice"
    assert len(smtp.messages) == 1 and message["Message-ID"] == message_id(mail)


def test_a_job_that_comes_late_still_sends_its_message(app, make_event, make_registration, smtp):
    event = make_event()
    make_registration(event, date(2014, 5, 1))
    mail = db.session.scalar(sa.select(OutboxMail))
    assert mail.sent_at is not None, "sent by its job after the commit"
    mail.sent_at, mail.attempts, mail.link_token = None, 0, "a-link-token"
    mail.claimed_until = utcnow() + timedelta(seconds=5)  # its claim is almost over
    commit()
    assert send_mails([mail.id]) == 1, "nobody tried it yet: the claim is still the job's"
    assert (
        len(smtp.messages) == 2 and smtp.messages[0]["Message-ID"] == smtp.messages[1]["Message-ID"]
    )


def _owed_registration(app, event):
    """A registration whose mail job has not run yet (its response is still open)."""
    response = app.test_client().post(
        f"/api/v1/events/{event.id}/registrations",
        json={
            "guardian": {"name": "Ona Kazlauskienė", "email": "ona@example.lt"},
            "participants": [
                {"first_name": "Ieva", "last_name": "Kazlauskaitė", "birth_date": "2014-05-01"}
            ],
            "consents": {"data_processing": True, "guardian": True},
        },
        buffered=False,
    )
    assert response.status_code == 201
    return db.session.scalar(sa.select(OutboxMail.id)), response


def test_of_two_senders_at_once_only_the_one_that_took_the_message_sends_it(app, make_event, smtp):
    mail_id, _response = _owed_registration(app, make_event())
    assert _claim(mail_id, now=utcnow()) is not None  # a copy of the job is mid-send
    assert send_mails([mail_id]) == 0, "the other copy finds it taken"
    assert smtp.messages == []


def test_a_family_erased_while_its_mail_fails_keeps_neither_address_nor_retries(
    app, make_event, smtp, monkeypatch
):
    mail_id, _response = _owed_registration(app, make_event())
    person_id = db.session.scalar(sa.select(Participant.id))

    def refused_after_erasure(message):
        erase_person(person_id, now=utcnow(), by_staff_id=None, reason="family_request")
        commit()
        raise smtplib.SMTPRecipientsRefused({"ona@example.lt": (550, b"5.1.1 user unknown")})

    monkeypatch.setattr(emails, "deliver", refused_after_erasure)
    assert send_mails([mail_id]) == 0
    mail = db.session.get(OutboxMail, mail_id)
    db.session.refresh(mail)
    assert (mail.recipient, mail.last_error, mail.attempts) == ("", None, MAX_ATTEMPTS)
    assert send_outbox(now=utcnow() + timedelta(days=1)) == (0, 0), "given up, not owed"


def test_greetings_carry_no_name_and_one_polite_register(app, client, make_event, smtp):
    event = make_event(capacity=1)
    data = register(client, event, lang="en")
    browser = app.test_client()
    browser.get(data["booking_url"].removeprefix("https://tiltas.test"))
    booking = db.session.scalar(sa.select(Booking))
    assert browser.post(f"/booking/{booking.id}/data", data={"action": "send"}).status_code == 302
    booking_mail, code_mail = smtp.messages
    for text in (smtp.body(0), smtp.body(0, kind="html"), smtp.body(1)):
        assert "Good day," in text
        assert "Hello" not in text and "Ona Kazlauskienė" not in text
    assert code_mail["Subject"].startswith("Your code to download your data")
    assert booking_mail["Subject"].startswith("Your registration")
