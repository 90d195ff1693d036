"""Partners, venues and events."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, str_enum, utcnow
from core.enums import TitledEnum
from core.languages import DEFAULT_LOCALE, LANGUAGES
from extensions import db


class EventKind(TitledEnum):
    SURVIVAL_CAMP = "survival_camp", _l("Survival camp")
    SOCIAL_CAMP = "social_camp", _l("Social camp")
    WORKSHOP = "workshop", _l("Workshop")
    ACTIVITY = "activity", _l("Activity")


class EventStatus(TitledEnum):
    """draft → published ⇄ draft; draft or published → cancelled, which is final."""

    DRAFT = "draft", _l("Draft")
    PUBLISHED = "published", _l("Published")
    CANCELLED = "cancelled", _l("Cancelled")


class WaitlistMode(TitledEnum):
    # Translators: what happens to a freed place: the next family on the waiting list gets it.
    AUTO = "auto", lazy_pgettext("waiting list mode", "The next family gets it at once")
    # Translators: what happens to a freed place: the next family is offered it until a deadline.
    OFFER = (
        "offer",
        lazy_pgettext("waiting list mode", "Offered to the next family until a deadline"),
    )


class Partner(db.Model):
    """An organisation that runs events: an NGO, a municipality, a school."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    #: ISO 3166-1 alpha-2 code, upper case.
    country: Mapped[str] = mapped_column(sa.String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Partner {self.name!r}>"


class Venue(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    country: Mapped[str] = mapped_column(sa.String(2))
    #: IANA zone; every time of an event here is shown and exported in it.
    timezone: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("name", "country", name="uq_venue_name_country"),)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def __repr__(self) -> str:
        return f"<Venue {self.name!r}>"


class EventFigures:
    """What follows from an event's columns: shared by Event and the lists' plain rows."""

    __slots__ = ()

    @property
    def places_left(self) -> int:
        # Waiting people count against free places, so a newcomer never jumps the queue.
        return max(self.capacity - self.seats_taken - self.waitlist_count, 0)

    @property
    def closes_at(self) -> datetime:
        return self.registration_closes_at or self.starts_at

    def is_registration_open(self, now: datetime) -> bool:
        return (
            self.status == EventStatus.PUBLISHED
            and (self.registration_opens_at is None or self.registration_opens_at <= now)
            and now < self.closes_at
        )


class Event(EventFigures, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable identity in calendar feeds, never reused.
    uid: Mapped[str] = mapped_column(sa.String(36), unique=True, default=lambda: str(uuid.uuid4()))
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind, "event_kind"))
    status: Mapped[EventStatus] = mapped_column(
        str_enum(EventStatus, "event_status"), default=EventStatus.DRAFT, index=True
    )
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("partner.id"), index=True)
    venue_id: Mapped[int] = mapped_column(sa.ForeignKey("venue.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The first day in the venue's zone: ages are computed on it and filters use it.
    starts_on: Mapped[date] = mapped_column(sa.Date, index=True)
    capacity: Mapped[int]
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: None means registration closes when the event starts.
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waitlist_mode: Mapped[WaitlistMode] = mapped_column(
        str_enum(WaitlistMode, "waitlist_mode"), default=WaitlistMode.AUTO
    )
    offer_hours: Mapped[int] = mapped_column(default=48)
    #: Health notes are deleted this many days after the event ends.
    health_retention_days: Mapped[int] = mapped_column(default=30, server_default="30")
    #: Personal data are anonymised this many days after the event ends.
    data_retention_days: Mapped[int] = mapped_column(default=365, server_default="365")
    #: Whether the registration form asks for health notes (camps do; a workshop need not).
    asks_health_notes: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    #: People holding a place (confirmed or offered). Written only under the event's row
    #: lock by the registration services; the check below makes overbooking impossible.
    seats_taken: Mapped[int] = mapped_column(default=0, server_default="0")
    #: People on the waiting list, kept in step with seats_taken under the same lock.
    waitlist_count: Mapped[int] = mapped_column(default=0, server_default="0")
    #: iCalendar SEQUENCE, raised on every change so calendars pick it up.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the organiser last changed the event (iCalendar DTSTAMP and LAST-MODIFIED).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When anything the public lists show last changed, places included (touch()).
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: Raised by one on every change a public list shows (touch()), under the event's lock;
    #: the cached lists are keyed on the database's sum of it, the same on every server.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")

    partner: Mapped[Partner] = relationship()
    venue: Mapped[Venue] = relationship()
    texts: Mapped[dict[str, "EventText"]] = relationship(
        collection_class=sa.orm.attribute_keyed_dict("locale"),
        cascade="all, delete-orphan",
        back_populates="event",
    )

    __table_args__ = (
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("min_age IS NULL OR min_age >= 0", name="min_age_positive"),
        sa.CheckConstraint("max_age IS NULL OR max_age >= 0", name="max_age_positive"),
        sa.CheckConstraint(
            "min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name="age_range"
        ),
        sa.CheckConstraint("offer_hours > 0", name="offer_hours_positive"),
        sa.CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= capacity", name="seats_within_capacity"
        ),
        sa.CheckConstraint("waitlist_count >= 0", name="waitlist_count_positive"),
        sa.CheckConstraint(
            "health_retention_days > 0 AND data_retention_days >= health_retention_days",
            name="retention_periods",
        ),
        sa.CheckConstraint(
            "registration_opens_at IS NULL OR registration_closes_at IS NULL"
            " OR registration_opens_at < registration_closes_at",
            name="registration_window",
        ),
    )

    def touch(self, now: datetime) -> None:
        """Mark a change the public lists show; the caller holds the event's row lock."""
        self.changed_at = now
        # Counted, not timed: a server whose clock is behind still moves the version.
        self.revision = (self.revision or 0) + 1

    def text(self, field: str, locale: str) -> str:
        """The field in the given language, falling back to English."""
        for lang in (locale, DEFAULT_LOCALE):
            text = self.texts.get(lang)
            if text is not None and getattr(text, field):
                return getattr(text, field)
        return ""

    @property
    def timezone(self) -> str:
        return self.venue.timezone

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.kind}>"


class EventText(db.Model):
    """An event's words in one language; English is required, the rest fall back to it."""

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    practical_info: Mapped[str] = mapped_column(sa.Text, default="")

    event: Mapped[Event] = relationship(back_populates="texts")

    __table_args__ = (
        sa.CheckConstraint(
            "locale IN ({})".format(", ".join(f"'{code}'" for code in LANGUAGES)),
            name="locale_known",
        ),
    )


class RoomKind(TitledEnum):
    DORMITORY = "dormitory", _l("Dormitory")
    FAMILY = "family", _l("Family room")
    ACCESSIBLE = "accessible", _l("Accessible room")


class Room(db.Model):
    """A room of a facility (a venue with beds, such as Antazavė)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(sa.ForeignKey("venue.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    floor: Mapped[int] = mapped_column(default=0)
    kind: Mapped[RoomKind] = mapped_column(str_enum(RoomKind, "room_kind"))

    venue: Mapped[Venue] = relationship()
    beds: Mapped[list["Bed"]] = relationship(back_populates="room", order_by="Bed.label")

    __table_args__ = (sa.UniqueConstraint("venue_id", "name", name="uq_room_venue_name"),)


class Bed(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(sa.ForeignKey("room.id"), index=True)
    label: Mapped[str] = mapped_column(sa.String(40))

    room: Mapped[Room] = relationship(back_populates="beds")

    __table_args__ = (sa.UniqueConstraint("room_id", "label", name="uq_bed_room_label"),)


class Closure(db.Model):
    """Nights [starts_on, ends_on) when a room or a bed cannot be used (renovation, repair)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("room.id"), index=True)
    bed_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bed.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.String(200), default="")

    __table_args__ = (
        sa.CheckConstraint("ends_on > starts_on", name="ends_after_start"),
        sa.CheckConstraint("(room_id IS NULL) != (bed_id IS NULL)", name="room_or_bed"),
    )

    @classmethod
    def during(cls, start: date, end: date) -> sa.ColumnElement[bool]:
        """The closures that share a night with [start, end)."""
        return sa.and_(cls.starts_on < end, cls.ends_on > start)
