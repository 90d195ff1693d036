"""Bookings, participants, consents, and the mail outbox."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from camps.models import Event
from core.db import UTCDateTime, str_enum, utcnow
from core.enums import TitledEnum
from core.text import fold
from extensions import db


class ParticipantStatus(TitledEnum):
    """waitlisted → confirmed (auto) or → offered → confirmed | cancelled (offer expired);
    confirmed | offered | waitlisted → cancelled, which is final."""

    CONFIRMED = "confirmed", _l("Confirmed")
    OFFERED = "offered", _l("Place offered")
    WAITLISTED = "waitlisted", _l("On the waiting list")
    # Translators: a participant's place was given up (not an event that was called off).
    CANCELLED = "cancelled", lazy_pgettext("participant's place", "Cancelled")


#: Statuses that hold a seat (counted in Event.seats_taken).
HOLDS_SEAT = {ParticipantStatus.CONFIRMED, ParticipantStatus.OFFERED}
#: Statuses that count as an active place for the "same person twice" rule.
ACTIVE = {ParticipantStatus.CONFIRMED, ParticipantStatus.OFFERED, ParticipantStatus.WAITLISTED}


class SiblingMode(TitledEnum):
    """How a family's places are given when not all of them fit."""

    # Translators: how a family with several children is seated: all get a place, or none does.
    TOGETHER = "together", lazy_pgettext("sibling mode", "All of the family or nobody")
    # Translators: how a family with several children is seated: as many as fit; the rest wait.
    ANY = "any", lazy_pgettext("sibling mode", "As many as fit; the others wait")


class Gender(TitledEnum):
    # The words the registration form offers, so both read alike.
    FEMALE = "female", _l("Female")
    MALE = "male", _l("Male")
    OTHER = "other", _l("Other")


class ConsentKind(enum.StrEnum):
    """Stored and in the API only: never shown by its value, so it has no title."""

    DATA_PROCESSING = "data_processing"
    GUARDIAN = "guardian"
    HEALTH_DATA = "health_data"
    PHOTOS = "photos"


#: From this age on a person registers alone; below it, a guardian registers them.
ADULT_AGE = 18


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on the given day."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def person_key(first_name: str, last_name: str, birth_date: date) -> str:
    """The same person however the name was typed (core.text.fold), and born that day."""
    return f"{fold(first_name)}|{fold(last_name)}|{birth_date.isoformat()}"


class Booking(db.Model):
    """One family's (or one young adult's) registration for one event."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id"), index=True)
    #: Short reference people can read out on the phone, e.g. TLT-7K3Q9M2X.
    reference: Mapped[str] = mapped_column(sa.String(16), unique=True)
    contact_name: Mapped[str] = mapped_column(sa.String(200))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    #: True when the contact is the parent or guardian of a minor taking part.
    is_guardian: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str] = mapped_column(sa.String(5), default="en")
    #: Country of residence (ISO 3166-1 alpha-2), for the programme's reports; may be unknown.
    country: Mapped[str | None] = mapped_column(sa.String(2))
    #: Who else may collect the children (names), shown to the gate when a minor leaves.
    pickup_adults: Mapped[str] = mapped_column(sa.String(500), default="")
    emergency_name: Mapped[str] = mapped_column(sa.String(200), default="")
    emergency_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    sibling_mode: Mapped[SiblingMode] = mapped_column(
        str_enum(SiblingMode, "sibling_mode"), default=SiblingMode.TOGETHER
    )
    #: The staff member who registered on the family's behalf, if any.
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    #: HMAC of the client address a public registration came from (never the address), to
    #: show organisers a burst from one source; dropped with the booking's other data.
    source_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    participants: Mapped[list["Participant"]] = relationship(
        back_populates="booking", order_by="Participant.id"
    )
    consents: Mapped[list["Consent"]] = relationship(back_populates="booking")
    links: Mapped[list["BookingLink"]] = relationship(back_populates="booking")

    @property
    def status(self) -> str:
        """confirmed, waitlisted, partial (some of each) or cancelled, for the family."""
        statuses = {p.status for p in self.participants if p.status != ParticipantStatus.CANCELLED}
        if not statuses:
            return "cancelled"
        if statuses <= HOLDS_SEAT:
            return "confirmed" if ParticipantStatus.OFFERED not in statuses else "offered"
        if statuses == {ParticipantStatus.WAITLISTED}:
            return "waitlisted"
        return "partial"


class BookingLink(db.Model):
    """A secret link to a booking; only its SHA-256 is stored. Every e-mail carries a new one,
    so a link in an older e-mail keeps working."""

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(sa.ForeignKey("booking.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    booking: Mapped[Booking] = relationship(back_populates="links")


class Participant(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(sa.ForeignKey("booking.id"), index=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id"), index=True)
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    birth_date: Mapped[date]
    gender: Mapped[Gender | None] = mapped_column(str_enum(Gender, "gender"))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    dietary: Mapped[str] = mapped_column(sa.String(500), default="")
    #: Shown only to roles that need it; a scanner sees only that there is something.
    health_notes: Mapped[str] = mapped_column(sa.Text, default="")
    #: Needs an accessible room at the facility (wheelchair, mobility).
    needs_accessible_room: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: person_key(): the "same person twice on one event" rule compares this.
    person_key: Mapped[str] = mapped_column(sa.String(260))
    status: Mapped[ParticipantStatus] = mapped_column(
        str_enum(ParticipantStatus, "participant_status"), index=True
    )
    #: Deadline of an offered place; afterwards the offer passes to the next family.
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the retention rule replaced the person's data with anonymous values.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why the place ended: family, staff, offer_expired.
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(20))

    booking: Mapped[Booking] = relationship(back_populates="participants")
    event: Mapped[Event] = relationship()

    __table_args__ = (
        # One active place per person per event, whatever the code path or the race.
        sa.Index(
            "uq_participant_active_person",
            "event_id",
            "person_key",
            unique=True,
            sqlite_where=sa.text("status != 'cancelled'"),
            postgresql_where=sa.text("status != 'cancelled'"),
        ),
        sa.CheckConstraint(
            "status != 'offered' OR offer_expires_at IS NOT NULL", name="offer_has_deadline"
        ),
        # The queue: who waits at an event, in booking order, read from the index alone.
        sa.Index("ix_participant_queue", "event_id", "status", "booking_id"),
    )

    @property
    def age(self) -> int:
        """Age on the event's first day in the venue's zone."""
        return age_on(self.birth_date, self.event.starts_on)

    @property
    def is_adult(self) -> bool:
        return self.age >= ADULT_AGE

    @property
    def attention(self) -> bool:
        return bool(self.health_notes)

    @property
    def photos(self) -> bool:
        """Whether the family agreed to photos (the gate must know when it did not)."""
        return any(c.kind == ConsentKind.PHOTOS and c.granted for c in self.booking.consents)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name[:1]}."


class Consent(db.Model):
    """A consent as given: what, by whom, when, and which version of the text was shown."""

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(sa.ForeignKey("booking.id"), index=True)
    kind: Mapped[ConsentKind] = mapped_column(str_enum(ConsentKind, "consent_kind"))
    granted: Mapped[bool]
    text_version: Mapped[str] = mapped_column(sa.String(20))
    given_by: Mapped[str] = mapped_column(sa.String(200))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime)

    booking: Mapped[Booking] = relationship(back_populates="consents")


class DataCode(db.Model):
    """A one-time code e-mailed to a family before it downloads its data; only its hash stays."""

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(sa.ForeignKey("booking.id"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Wrong codes tried against it; at the limit it is spent.
    attempts: Mapped[int] = mapped_column(default=0)
    #: When it was used or replaced by a newer code: a code works once.
    spent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxMail(db.Model):
    """An e-mail owed to a family, written in the same transaction as the change it reports.

    It is rendered and sent after the commit (never while the event is locked); the link's
    secret waits here only until then.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(sa.ForeignKey("booking.id"), index=True)
    #: registered, promoted, offer, confirmed, cancelled, offer_expired, event_cancelled, link,
    #: data_code (the one-time code for a data download travels in link_token until sent)
    kind: Mapped[str] = mapped_column(sa.String(20))
    recipient: Mapped[str] = mapped_column(sa.String(254))
    link_token: Mapped[str | None] = mapped_column(sa.String(100))
    subject: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    #: A sender's claim on the message until this time (core.jobs' lease): nobody else sends
    #: it meanwhile; a sender that died lets it lapse, and the message goes out once more.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))

    booking: Mapped[Booking] = relationship()


class Ticket(db.Model):
    """A participant's way in: the QR holds only `code`, an opaque random secret."""

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participant.id"), index=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id"), index=True)
    #: 160 random bits in upper-case Base32, so the QR uses its compact alphanumeric mode.
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    #: What offline scanners get instead of the code itself.
    code_sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Set when the place is cancelled or the ticket reissued; a revoked code never works again.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Whether the holder's last accepted scan was an entry (kept under the ticket's lock).
    inside: Mapped[bool] = mapped_column(default=False)
    #: When the current stay on site began; answers "already in since 10:42".
    entered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The first entry ever: "has arrived".
    first_entered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[Participant] = relationship()

    __table_args__ = (
        # "On site now" is counted on every scan: from the index alone.
        sa.Index("ix_ticket_inside", "event_id", "inside"),
        # One ticket per participant that can still open the gate.
        sa.Index(
            "uq_ticket_valid_participant",
            "participant_id",
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        ),
    )


class Scan(db.Model):
    """One scan at a gate, accepted or not; replayed nonces return the stored answer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ticket.id"), index=True)
    #: in or out.
    direction: Mapped[str] = mapped_column(sa.String(3))
    #: The answer's code: ok, already_checked_in, unknown_ticket, …
    result: Mapped[str] = mapped_column(sa.String(24))
    #: When the device scanned (offline scans arrive later) and when the server heard of it.
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The device's own id for this scan: a repeat records nothing new.
    nonce: Mapped[str | None] = mapped_column(sa.String(100), unique=True)
    #: For unknown codes: a short hash prefix, never the code itself.
    code_hint: Mapped[str | None] = mapped_column(sa.String(16))
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    answer: Mapped[str] = mapped_column(sa.Text)

    __table_args__ = (sa.Index("ix_scan_event_ticket", "event_id", "ticket_id", "result"),)


class StayStatus(TitledEnum):
    """planned → checked_in → checked_out; planned or checked_in → cancelled."""

    # Translators: a stay in a bed of the facility: booked, the person has not arrived yet.
    PLANNED = "planned", lazy_pgettext("stay status", "Not arrived yet")
    # Translators: a stay in a bed of the facility: the person has arrived and sleeps there.
    CHECKED_IN = "checked_in", lazy_pgettext("stay status", "Staying")
    # Translators: a stay in a bed of the facility: the person has left at the end of the stay.
    CHECKED_OUT = "checked_out", lazy_pgettext("stay status", "Left")
    # Translators: a stay in a bed of the facility that was called off.
    CANCELLED = "cancelled", lazy_pgettext("stay status", "Cancelled")


class StayPurpose(TitledEnum):
    # The words the facility pages have always used.
    CAMP = "camp", _l("Camp")
    TEMPORARY_STAY = "temporary_stay", _l("Temporary stay")


class Stay(db.Model):
    """A person in a bed for the nights [arrives_on, departs_on): the day they leave is free."""

    id: Mapped[int] = mapped_column(primary_key=True)
    bed_id: Mapped[int] = mapped_column(sa.ForeignKey("bed.id"), index=True)
    #: A confirmed participant of a camp here, or else a guest on a temporary stay.
    participant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("participant.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("event.id"), index=True)
    guest_first_name: Mapped[str] = mapped_column(sa.String(100), default="")
    guest_last_name: Mapped[str] = mapped_column(sa.String(100), default="")
    guest_birth_date: Mapped[date | None]
    #: person_key() of whoever sleeps here: one person holds one bed a night.
    person_key: Mapped[str] = mapped_column(sa.String(260), default="", server_default="")
    referred_by: Mapped[str] = mapped_column(sa.String(200), default="")
    purpose: Mapped[StayPurpose] = mapped_column(str_enum(StayPurpose, "stay_purpose"))
    arrives_on: Mapped[date] = mapped_column(index=True)
    departs_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[StayStatus] = mapped_column(
        str_enum(StayStatus, "stay_status"), default=StayStatus.PLANNED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[Participant | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("departs_on > arrives_on", name="departs_after_arrival"),
        sa.CheckConstraint(
            "participant_id IS NOT NULL OR guest_first_name != ''", name="someone_stays"
        ),
    )

    @property
    def first_name(self) -> str:
        return self.participant.first_name if self.participant else self.guest_first_name

    @property
    def nights(self) -> int:
        return (self.departs_on - self.arrives_on).days

    @classmethod
    def live_during(cls, start: date, end: date) -> sa.ColumnElement[bool]:
        """The stays, not cancelled, that share a night with [start, end)."""
        return sa.and_(
            cls.status != StayStatus.CANCELLED, cls.arrives_on < end, cls.departs_on > start
        )


def waitlist_positions(event_id: int) -> dict[int, int]:
    """Each waiting family's place in the queue (1 = next), by booking id."""
    rows = db.session.execute(
        sa.select(Booking.id)
        .join(Participant, Participant.booking_id == Booking.id)
        .where(Participant.event_id == event_id, Participant.status == ParticipantStatus.WAITLISTED)
        .group_by(Booking.id)
        .order_by(Booking.id)
    ).scalars()
    return {booking_id: position for position, booking_id in enumerate(rows, start=1)}


def waitlist_position(booking: Booking) -> int | None:
    """The family's place in the queue (1 = next), or None when nobody of it waits."""
    if all(p.status != ParticipantStatus.WAITLISTED for p in booking.participants):
        return None
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Participant.booking_id))).where(
            Participant.event_id == booking.event_id,
            Participant.status == ParticipantStatus.WAITLISTED,
            Participant.booking_id <= booking.id,
        )
    )
