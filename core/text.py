"""Text people type: names, addresses, notes. The same rules wherever a person is entered.

Invisible formatting characters are removed: bidirectional overrides and isolates (U+202E
turns "Ona" into a name that reads backwards on the roster), zero-width spaces and joiners
that a phone's keyboard or a copied message slips in, the byte-order mark, soft hyphens.
They carry nothing a name or a note needs, and leaving them would let two spellings of one
child slip past the "registered twice" rule. Control characters are refused, as are lone
surrogates (a JSON body can hold them; no database can store them).
"""

import unicodedata

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

MAX_EMAIL = 254
#: A person's first or last name.
MAX_NAME = 100


def _is_invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf"


def has_forbidden(value: str, *, lines: bool = False) -> bool:
    """Whether the text holds a control character (line breaks allowed with `lines`)."""
    allowed = "\n\t" if lines else ""
    return any(
        (unicodedata.category(char) == "Cc" and char not in allowed)
        or unicodedata.category(char) == "Cs"
        for char in value
    )


def fits(value: str, limit: int, *, lines: bool = False) -> bool:
    """Whether the text is at most `limit` characters long and holds no forbidden character."""
    return len(value) <= limit and not has_forbidden(value, lines=lines)


def normalise(value: str | None, *, lines: bool = False) -> str:
    """The text without invisible formatting characters, trimmed; letters as they were typed."""
    value = "".join(char for char in (value or "") if not _is_invisible(char))
    if lines:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def clean_text(
    value: str | None,
    field: str,
    limit: int,
    errors: dict,
    *,
    required: bool = False,
    lines: bool = False,
) -> str:
    """A name or note as stored; a problem goes into errors[field], translated."""
    value = normalise(value, lines=lines)
    if required and not value:
        errors[field] = _("This field is required.")
    elif has_forbidden(value, lines=lines):
        errors[field] = _("This text contains a character that is not allowed.")
    elif len(value) > limit:
        errors[field] = _("This text is too long: at most %(limit)d characters.", limit=limit)
    return value


def clean_name(value: str | None, field: str, errors: dict) -> str:
    """A person's first or last name as stored: required, at most MAX_NAME characters."""
    return clean_text(value, field, MAX_NAME, errors, required=True)


def fold(name: str) -> str:
    """A name as compared: NFC, case-folded, spaces collapsed, however it was typed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def clean_email(value: str | None, field: str, errors: dict) -> str | None:
    """The address in its normal form, or None when none was given."""
    value = normalise(value)
    if not value:
        return None
    if len(value) > MAX_EMAIL or has_forbidden(value) or any(ch.isspace() for ch in value):
        errors[field] = _("Give a valid e-mail address.")
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        errors[field] = _("Give a valid e-mail address.")
        return None
