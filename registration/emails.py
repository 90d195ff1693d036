"""E-mails to families: written to the outbox in the transaction, sent by a job after it.

The outbox is the source of truth. A change writes the messages it owes in its own
transaction; once that commits, one job (registration.tasks.send_mails, core.jobs) carries
their ids to a worker, or past the response in the embedded default. Each message is claimed
under its row's lock, rendered as the booking stands then, sent with a Message-ID of its own
that never changes, and marked sent: a sender killed mid-message repeats at most that one.
A mail server that is down never loses or rolls back a booking: the message stays owed, and
the sweep (beat's send-outbox, or `flask mail send` from cron) tries again, waiting longer
after each failure.
"""

import secrets
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from camps.models import Event
from core import jobs
from core.db import after_commit, begin_write, commit, rollback, utcnow
from core.locking import lock_row
from extensions import db
from registration.models import Booking, BookingLink, OutboxMail, waitlist_position
from registration.tickets import qr_png, valid_tickets
from staff.models import hash_token
from web.links import absolute_url

MAX_ATTEMPTS = 20
#: The job that sends messages by id (registration.tasks).
SEND_MAILS = "registration.send_mails"
#: Where a transaction keeps the messages it owes until it commits.
OWED = "registration.emails.owed"


def new_link(booking: Booking, *, now: datetime) -> str:
    """A new secret link to the booking; the secret is returned once and stored as a hash."""
    token = new_token()
    db.session.add(link_for_new_booking(booking, token, now=now))
    return token


def new_token() -> str:
    return secrets.token_urlsafe(32)


def link_for_new_booking(booking: Booking, token: str, *, now: datetime) -> BookingLink:
    """The booking's link for this secret; a new booking saves it with itself."""
    return BookingLink(booking=booking, token_hash=hash_token(token), created_at=now)


def _subject(kind: str, title: str) -> str:
    subjects = {
        "registered": _("Your registration for %(title)s", title=title),
        "promoted": _("A place for you at %(title)s", title=title),
        "offer": _("A place is offered to you at %(title)s", title=title),
        "confirmed": _("Your place at %(title)s is confirmed", title=title),
        "cancelled": _("Cancellation for %(title)s", title=title),
        "offer_expired": _(
            "The place offered to you at %(title)s has gone to the next family", title=title
        ),
        "event_cancelled": _("%(title)s is cancelled", title=title),
        "link": _("Your booking link for %(title)s", title=title),
        "data_code": _("Your code to download your data (%(title)s)", title=title),
    }
    return subjects[kind]


def queue_booking_mail(
    booking: Booking, kind: str, *, now: datetime, token: str | None = None
) -> OutboxMail | None:
    """Owe the family a message about its booking; a job sends it once this commits."""
    if not booking.contact_email:
        return None
    mail = OutboxMail(
        booking=booking,
        kind=kind,
        recipient=booking.contact_email,
        link_token=token or new_link(booking, now=now),
        created_at=now,
        # Claimed for the job this transaction queues: the sweep leaves it to that job.
        claimed_until=utcnow() + _lease(),
    )
    db.session.add(mail)
    db.session.info.setdefault(OWED, []).append(mail)
    after_commit(_send_owed)
    return mail


def _send_owed() -> None:
    """After the commit: one job for the messages this transaction wrote, by id."""
    owed = db.session.info.pop(OWED, [])
    # The ids are in the identity map's keys: no query, though the commit expired the rows.
    ids = [key.identity[0] for key in map(sa.inspect, owed) if key.identity]
    if ids:
        jobs.dispatch(SEND_MAILS, ids)


def _render_options():
    """What a message shows, loaded with it in a fixed number of queries."""
    booking = joinedload(OutboxMail.booking)
    event = booking.joinedload(Booking.event)
    return (
        event.joinedload(Event.venue),
        event.selectinload(Event.texts),
        booking.selectinload(Booking.participants),
    )


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
    message["Message-ID"] = message_id(mail)
    return message


def message_id(mail: OutboxMail) -> str:
    """The same Message-ID each time the message goes out, so a repeat is seen as one."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "tiltas"
    return f"<mail-{mail.id}.{mail.created_at:%Y%m%d%H%M%S}@{host}>"


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


def _lease() -> timedelta:
    return timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])


def _claim(mail_id: int, *, now: datetime) -> OutboxMail | None:
    """The message, if this sender took it; None if it is not to be sent by this sender.

    Taking it is one conditional write, so of two senders at once only one gets it. A
    message is written claimed for the job its transaction queues, which keeps the sweep
    away; the first sender to try (that job, or a copy of it) takes it whatever that claim
    says. Anyone else takes it only once the claim of whoever tried last has lapsed. A claim
    lasts MAIL_CLAIM_SECONDS: a sender that died mid-message lets it lapse, and that one
    message goes out once more.
    """
    begin_write()
    taken = db.session.execute(
        sa.update(OutboxMail)
        .where(
            OutboxMail.id == mail_id,
            OutboxMail.sent_at.is_(None),
            # An erased family's messages have no recipient left, and MAX_ATTEMPTS spent.
            OutboxMail.recipient != "",
            OutboxMail.attempts < MAX_ATTEMPTS,
            sa.or_(
                OutboxMail.attempts == 0,
                OutboxMail.claimed_until.is_(None),
                OutboxMail.claimed_until <= now,
            ),
        )
        .values(attempts=OutboxMail.attempts + 1, claimed_until=utcnow() + _lease())
    ).rowcount
    commit()
    if taken != 1:
        return None
    return db.session.scalar(
        sa.select(OutboxMail).where(OutboxMail.id == mail_id).options(*_render_options())
    )


def _failure(error: Exception) -> str:
    """What is kept of a failure: its kind and SMTP code, never the addresses in its text."""
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__} {code}" if code else type(error).__name__


def send_one(mail_id: int, *, now: datetime | None = None) -> bool:
    """Claim, render and send one message, then mark it sent; False if it did not go."""
    mail = _claim(mail_id, now=now or utcnow())
    if mail is None:
        return False
    try:
        message = render(mail)
        deliver(message)
    except Exception as error:  # a server down, a refused address, a message that broke
        rollback()
        mail = lock_row(OutboxMail, mail_id)
        current_app.logger.warning("mail %s not sent: %s", mail_id, _failure(error))
        if not mail.recipient:
            commit()  # erased while it was being sent: it stays given up, with nothing kept
            return False
        mail.last_error = _failure(error)
        # Try again later, waiting longer each time: 2, 4, 8 … minutes, at most six hours.
        mail.claimed_until = utcnow() + timedelta(minutes=min(2**mail.attempts, 360))
        commit()
        return False
    # The sent mark in one statement; the row is written by this sender only, by its claim.
    begin_write()
    db.session.execute(
        sa.update(OutboxMail)
        .where(OutboxMail.id == mail_id)
        .values(
            sent_at=utcnow(),
            claimed_until=None,
            subject=str(message["Subject"]),
            last_error=None,
            link_token=None,  # the family has it now; the database need not keep it
        )
    )
    commit()
    return True


def send_mails(mail_ids: list[int], *, now: datetime | None = None) -> int:
    """Send these messages (the job a transaction queued); return how many went."""
    return sum(send_one(mail_id, now=now) for mail_id in mail_ids)


def send_outbox(*, now: datetime, limit: int = 500) -> tuple[int, int]:
    """Send every message owed whose claim or retry time has passed; return (sent, failed)."""
    ids = db.session.scalars(
        sa.select(OutboxMail.id)
        .where(
            OutboxMail.sent_at.is_(None),
            OutboxMail.attempts < MAX_ATTEMPTS,
            sa.or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until <= now),
        )
        .order_by(OutboxMail.id)
        .limit(limit)
    ).all()
    rollback()
    sent = send_mails(ids, now=now)
    return sent, len(ids) - sent
