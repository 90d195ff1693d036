"""Titled enums: a value for the database, a title in the language of whoever reads it."""

import pytest
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
