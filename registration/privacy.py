"""The privacy notice: versioned, in every language, never changed once published.

The shipped versions are the folders of `privacy_texts/` (`1/`, `2/`, …), one file per language;
a shipped version is never edited, a better text ships as the next folder. They are the notice
while no admin has published one: the first publication stores them all and becomes the version
after the newest. Every consent records the version the family was shown.
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
    #: None for a shipped version.
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


#: The shipped versions, oldest first.
SHIPPED_VERSIONS = sorted(int(path.name) for path in TEXTS_DIR.iterdir() if path.name.isdigit())


@functools.cache
def _shipped_texts(version: int) -> dict[str, str]:
    folder = TEXTS_DIR / str(version)
    return {code: (folder / f"{code}.txt").read_text("utf-8") for code in LANGUAGES}


def shipped_texts(version: int = SHIPPED_VERSIONS[-1]) -> dict[str, str]:
    """A shipped version's texts (the newest by default), read from its files once per process."""
    return dict(_shipped_texts(version))


def shipped_digest(version: int) -> str:
    texts = shipped_texts(version)
    joined = "\x00".join(f"{code}\x00{texts[code]}" for code in sorted(texts))
    return hashlib.sha256(joined.encode()).hexdigest()


def _shipped(version: int) -> PrivacyNotice:
    return PrivacyNotice(version=version, published_at=None, texts=shipped_texts(version))


def _latest_published() -> PrivacyNotice | None:
    return db.session.scalar(
        sa.select(PrivacyNotice).order_by(PrivacyNotice.version.desc()).limit(1)
    )


def current_notice() -> PrivacyNotice:
    """The version families are shown now: the newest published, else the newest shipped."""
    return _latest_published() or _shipped(SHIPPED_VERSIONS[-1])


def notice_version(version: int) -> PrivacyNotice | None:
    """A version as it was shown; the shipped ones also while nothing is published."""
    notice = db.session.get(PrivacyNotice, version)
    if notice is None and version in SHIPPED_VERSIONS and _latest_published() is None:
        return _shipped(version)
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
    latest = _latest_published()
    if latest is None:
        # The shipped versions families consented to are kept, as they were shown.
        shipped = [_shipped(version) for version in SHIPPED_VERSIONS]
        db.session.add_all(shipped)
        latest = shipped[-1]
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
