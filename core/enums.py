"""Enums whose members carry a title to show people, translated when it is shown."""

import enum


class TitledEnum(enum.StrEnum):
    """A string enum whose members are declared with their title: `ADMIN = "admin", _l("…")`.

    The title is a lazy translation, so it is written once, at import, and read in the
    language of whoever looks at it.
    """

    def __new__(cls, value: str, title):
        member = str.__new__(cls, value)
        member._value_ = value
        member.lazy_title = title
        return member

    @property
    def title(self) -> str:
        """The title in the current language."""
        return str(self.lazy_title)

    @classmethod
    def options(cls) -> list[tuple[str, object]]:
        """(value, lazy title) for each member: a form's choices, built at import."""
        return [(member.value, member.lazy_title) for member in cls]
