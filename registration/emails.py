"""E-mails to families: written to the outbox in the transaction, sent after the commit.

A mail server that is down never loses or rolls back a booking: the message stays in the
outbox, and `flask mail send` (cron) tries again.
"""

import secrets
import smtplib
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from core.db import after_commit, commit, utcnow
from extensions import db
from registration.models import Booking, BookingLink, OutboxMail, waitlist_position
from registration.tickets import qr_png, valid_tickets
from staff.models import hash_token
from web.links import absolute_url

MAX_ATTEMPTS = 20


def new_link(booking: Booking, *, now: datetime) -> str:
    """A new secret link to the booking; the secret is returned once and stored as a hash."""
    token = secrets.token_urlsafe(32)
    db.session.add(BookingLink(booking_id=booking.id, token_hash=hash_token(token), created_at=now))
    return token


def _subject(kind: str, title: str) -> str:
    subjects = {
        "registered": _("Your registration for %(title)s", title=title),
        "promoted": _("A place for you at %(title)s", title=title),
        "offer": _("A place is offered to you at %(title)s", title=title),
        "confirmed": _("Your place at %(title)s is confirmed", title=title),
        "cancelled": _("Cancellation for %(title)s", title=title),
        "offer_expired": _("The offered place at %(title)s has lapsed", title=title),
        "event_cancelled": _("%(title)s is cancelled", title=title),
        "link": _("Your booking link for %(title)s", title=title),
        "data_code": _("Your code to download your data (%(title)s)", title=title),
    }
    return subjects[kind]


def queue_booking_mail(
    booking: Booking, kind: str, *, now: datetime, token: str | None = None
) -> OutboxMail | None:
    """Owe the family a message about its booking; it goes out after the commit."""
    if not booking.contact_email:
        return None
    db.session.flush()
    mail = OutboxMail(
        booking_id=booking.id,
        kind=kind,
        recipient=booking.contact_email,
        link_token=token or new_link(booking, now=now),
        created_at=now,
    )
    db.session.add(mail)
    db.session.info.setdefault("outbox", []).append(mail)
    after_commit(send_queued)
    return mail


def render(mail: OutboxMail) -> EmailMessage:
    """The message, in the family's language, as the booking stands now."""
    booking = mail.booking
    event = booking.event
    with force_locale(booking.locale):
        title = event.text("title", booking.locale)
        if mail.kind == "data_code":
            return _code_message(mail, title)
        tickets = valid_tickets(booking)
        context = {
            "kind": mail.kind,
            "booking": booking,
            "event": event,
            "tickets": tickets,
            "title": title,
            "link": absolute_url("registration.open_booking", token=mail.link_token),
            "position": waitlist_position(booking),
        }
        message = _envelope(mail, _subject(mail.kind, title))
        message.set_content(render_template("emails/booking.txt", **context))
        message.add_alternative(render_template("emails/booking.html", **context), subtype="html")
    html = message.get_body(preferencelist=("html",))
    for ticket in tickets.values():
        # The QR travels inside the message, so it shows even where images from the web do not.
        html.add_related(qr_png(ticket.code), "image", "png", cid=f"<ticket-{ticket.id}@tiltas>")
    return message


def _code_message(mail: OutboxMail, title: str) -> EmailMessage:
    """A short message with only the one-time code: no booking details, no link."""
    message = _envelope(mail, _subject(mail.kind, title))
    message.set_content(
        render_template("emails/data_code.txt", booking=mail.booking, code=mail.link_token)
    )
    return message


def _envelope(mail: OutboxMail, subject: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.recipient
    message["Message-ID"] = make_msgid(domain="tiltas")
    return message


def deliver(message: EmailMessage) -> None:
    """Send through SMTP, or with no MAIL_SERVER write it to MAIL_OUTBOX_DIR."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        folder = Path(config["MAIL_OUTBOX_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}.eml"
        (folder / name).write_bytes(bytes(message))
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _send(mail: OutboxMail) -> bool:
    if not mail.recipient:  # the family's data were erased before it went out
        return False
    try:
        message = render(mail)
        deliver(message)
    except Exception as error:  # a server down, a refused address, a message that broke
        mail.attempts += 1
        mail.last_error = str(error)[:500]
        current_app.logger.warning("mail %s not sent: %s", mail.id, error)
        return False
    mail.attempts += 1
    mail.sent_at = utcnow()
    mail.subject = str(message["Subject"])
    mail.last_error = None
    mail.link_token = None  # the family has it now; the database need not keep it
    return True


def send_queued() -> None:
    """Send what this transaction wrote to the outbox, once it has committed."""
    queued = db.session.info.pop("outbox", [])
    if not queued:
        return
    for mail in queued:
        _send(mail)
        # Each message's mark is kept as soon as it went: a failure later sends no mail twice.
        commit()


def send_outbox(*, limit: int = 500) -> tuple[int, int]:
    """Send every message still waiting (for cron); return (sent, failed)."""
    mails = db.session.scalars(
        sa.select(OutboxMail)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMail.id)
        .limit(limit)
    ).all()
    sent = 0
    for mail in mails:
        sent += _send(mail)
        commit()
    return sent, len(mails) - sent
