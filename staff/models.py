"""Staff accounts, their roles, login sessions and API tokens."""

import hashlib
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, str_enum, utcnow
from core.enums import TitledEnum
from extensions import db


class Role(TitledEnum):
    ADMIN = "admin", _l("Administrator")
    ORGANISER = "organiser", _l("Organiser")
    FACILITY = "facility", _l("Facility coordinator")
    SCANNER = "scanner", _l("Gate scanner")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class StaffUser(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so logins ignore case.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role, "staff_role"))
    #: The organisation an organiser works for; events of other partners are not theirs.
    partner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("partner.id"))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    #: SHA-256 of the secret in this person's private calendar feed link; None: no feed.
    calendar_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    #: Named, not imported: staff sits below the domain packages.
    partner: Mapped["Partner | None"] = relationship("Partner")  # noqa: F821

    #: Set by the user loader: the login session this request belongs to.
    session_token = None

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    def get_id(self) -> str | None:
        # Flask-Login keeps this in the cookie: a server-side session, not the user id,
        # so logging out (deleting the row) makes every copy of the cookie worthless.
        return self.session_token

    def has_role(self, *roles: Role) -> bool:
        return self.role == Role.ADMIN or self.role in roles

    def can_manage_partner(self, partner_id: int) -> bool:
        return self.role == Role.ADMIN or (
            self.role == Role.ORGANISER and self.partner_id == partner_id
        )

    def __repr__(self) -> str:
        return f"<StaffUser {self.id} {self.role}>"


class StaffSession(db.Model):
    """One login on one browser; deleting it logs that browser out."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Refreshed at most once a minute; a session idle for too long ends.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[StaffUser] = relationship()


class ApiToken(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="CASCADE"))
    #: The login a scanner page got it from: logging out of that browser revokes it.
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_session.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[StaffUser] = relationship()
