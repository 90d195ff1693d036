"""The privacy notice: versioned, in every language, never changed once published.

Version 1 is the text shipped in `privacy_texts/`; an admin who changes the text publishes a new
version, and every consent records the version the family was shown.
"""

import functools
import hashlib
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core import audit
from core.db import UTCDateTime
from core.errors import ValidationError
from core.languages import LANGUAGES
from core.locking import lock_name
from core.text import clean_text
from extensions import db

TEXTS_DIR = Path(__file__).parent / "privacy_texts"

#: A published text is at most this long, in each language.
MAX_TEXT = 20_000
#: The PostgreSQL advisory lock publishers take ("TLTPRIV" in ASCII).


class PrivacyNotice(db.Model):
    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: None for the shipped first version that no one has replaced yet.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    #: Language code → the text, paragraphs separated by a blank line.
    texts: Mapped[dict] = mapped_column(sa.JSON)

    def text(self, locale: str) -> str:
        return self.texts.get(locale) or self.texts["en"]

    def sections(self, locale: str) -> list[tuple[str, str]]:
        """The text as (heading, paragraph) pairs: a heading is a block's first line."""
        sections = []
        for block in self.text(locale).strip().split("\n\n"):
            heading, _sep, body = block.strip().partition("\n")
            sections.append((heading.strip(), body.strip()) if body else ("", heading.strip()))
        return sections


@functools.cache
def _shipped_texts() -> dict[str, str]:
    return {code: (TEXTS_DIR / f"{code}.txt").read_text("utf-8") for code in LANGUAGES}


def shipped_texts() -> dict[str, str]:
    """The notice as shipped with the code, read from its files once per process."""
    return dict(_shipped_texts())


def shipped_digest() -> str:
    texts = shipped_texts()
    joined = "\x00".join(f"{code}\x00{texts[code]}" for code in sorted(texts))
    return hashlib.sha256(joined.encode()).hexdigest()


def current_notice() -> PrivacyNotice:
    """The version families are shown now."""
    notice = db.session.scalar(
        sa.select(PrivacyNotice).order_by(PrivacyNotice.version.desc()).limit(1)
    )
    return notice or PrivacyNotice(version=1, published_at=None, texts=shipped_texts())


def notice_version(version: int) -> PrivacyNotice | None:
    notice = db.session.get(PrivacyNotice, version)
    if notice is None and version == 1 and current_notice().version == 1:
        return current_notice()
    return notice


def publish(texts: dict[str, str], *, staff_id: int, now: datetime) -> PrivacyNotice | None:
    """Publish a new version if any language's text changed; None when nothing did."""
    errors = {}
    cleaned = {}
    for code in LANGUAGES:
        text = clean_text(texts.get(code), code, MAX_TEXT, errors, required=True, lines=True)
        cleaned[code] = text + "\n"
    if errors:
        raise ValidationError(errors)
    # One publisher at a time, so two admins saving at once get versions n+1 and n+2 (also the
    # very first time, when there is no row to lock yet).
    lock_name("privacy notice")
    latest = db.session.scalar(
        sa.select(PrivacyNotice).order_by(PrivacyNotice.version.desc()).limit(1)
    )
    if latest is None:
        latest = PrivacyNotice(version=1, published_at=None, texts=shipped_texts())
        db.session.add(latest)
    if {code: latest.texts.get(code, "").strip() for code in LANGUAGES} == {
        code: text.strip() for code, text in cleaned.items()
    }:
        return None
    notice = PrivacyNotice(
        version=latest.version + 1, published_at=now, published_by_id=staff_id, texts=cleaned
    )
    db.session.add(notice)
    audit.record(
        "privacy_published", staff_id=staff_id, subject=f"privacy:{notice.version}", now=now
    )
    return notice
