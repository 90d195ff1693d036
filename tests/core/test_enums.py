"""Titled enums: a value for the database, a title in the language of whoever reads it."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from camps.models import EventKind
from core.enums import TitledEnum
from staff.models import Role


class Colour(TitledEnum):
    RED = "red", _l("Red")
    GREEN = "green", _l("Green")


def test_members_are_their_values():
    assert Colour("red") is Colour.RED and Colour.RED == "red" and str(Colour.GREEN) == "green"
    assert [member.value for member in Colour] == ["red", "green"]


def test_titles_are_translated_when_they_are_read(app):
    with app.test_request_context():
        assert Role.ADMIN.title == "Administrator"
        with force_locale("lt"):
            assert Role.ADMIN.title == "Administratorius"
            assert dict(EventKind.options())["survival_camp"] == "Išgyvenimo stovykla"
        assert [str(title) for _value, title in Colour.options()] == ["Red", "Green"]


def test_a_member_without_a_title_is_refused_at_import():
    with pytest.raises(TypeError):

        class Untitled(TitledEnum):
            PLAIN = "plain"


def _titled_enums() -> list[type[TitledEnum]]:
    """Every TitledEnum of the code (the app imports them all), not the tests' own."""
    found, todo = [], list(TitledEnum.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if not cls.__module__.startswith("tests."):
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__qualname__)


def _kept_in_english(language: str) -> set[str]:
    """Entries a translator gave the English word on purpose ("Workshop" in German)."""
    path = Path(__file__).parents[2] / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    return {m.id for m in catalog if m.id and m.string and m.id == m.string and not m.fuzzy}


@pytest.mark.parametrize("language", ["lt", "pl", "lv", "cs", "de"])
def test_every_shown_enum_has_a_translated_title_in_each_language(app, language):
    enums = _titled_enums()
    assert {cls.__name__ for cls in enums} >= {
        "Gender",
        "StayStatus",
        "StayPurpose",
        "WaitlistMode",
    }
    kept = _kept_in_english(language)
    untranslated = []
    with app.test_request_context():
        for cls in enums:
            for member in cls:
                with force_locale("en"):
                    english = member.title
                with force_locale(language):
                    title = member.title
                if not title or (title == english and english not in kept):
                    untranslated.append(f"{cls.__name__}.{member.name}: {english}")
    assert untranslated == []
