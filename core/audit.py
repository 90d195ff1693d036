"""The audit log: who did what sensitive thing, and when — never with personal data in it."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime
from extensions import db


class AuditEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"), index=True)
    #: What happened, as a fixed word: health_sheet_viewed, export, …
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    #: What it concerned, as a type and an id ("event:7"): ids only, never names.
    subject: Mapped[str] = mapped_column(sa.String(60), default="")


def record(action: str, *, staff_id: int | None, subject: str, now: datetime) -> None:
    """Add an entry to the log, in the caller's transaction."""
    db.session.add(AuditEntry(at=now, staff_id=staff_id, action=action, subject=subject))
