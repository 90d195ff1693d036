"""Names and notes: invisible characters removed, control characters refused, everywhere."""

import pytest

from core.text import MAX_NAME, clean_email, clean_name, clean_text, fits, fold

INVISIBLE = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200c", "\u200d", "\ufeff"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_are_removed_from_names(app, char):
    errors = {}
    assert clean_text(f"O{char}na", "name", 100, errors) == "Ona"
    assert errors == {}


@pytest.mark.parametrize("value", ["Ona\x07", "Ona\nJonaitė", "\ud800Ona"])
def test_control_characters_and_lone_surrogates_are_refused(app, value):
    errors = {}
    clean_text(value, "name", 100, errors)
    assert "name" in errors


def test_notes_may_hold_line_breaks(app):
    errors = {}
    assert clean_text("Asthma\r\nInhaler", "notes", 100, errors, lines=True) == "Asthma\nInhaler"
    assert errors == {}


def test_letters_stay_as_they_were_typed(app):
    errors = {}
    assert clean_text("Z\u030cemyna", "name", 100, errors) == "Z\u030cemyna"


def test_e_mail_addresses_lose_invisible_characters(app):
    errors = {}
    assert clean_email("ona\u200b@example.lt", "email", errors) == "ona@example.lt"
    assert clean_email("ona@exa mple.lt", "email", errors) is None
    assert "email" in errors


def test_a_text_fits_within_its_limit_without_control_characters(app):
    assert fits("Ona", 3) and not fits("Onutė", 3)
    assert not fits("Ona\x00", 10) and not fits("Ona\nJonaitė", 20)
    assert fits("Asthma\nInhaler", 20, lines=True)


def test_a_name_is_required_and_at_most_a_hundred_characters(app):
    errors = {}
    assert clean_name(" Ona ", "first", errors) == "Ona" and errors == {}
    clean_name("", "first", errors)
    clean_name("x" * (MAX_NAME + 1), "last", errors)
    assert set(errors) == {"first", "last"}


def test_names_fold_to_one_spelling(app):
    assert fold("  ŽEMYNA   Ona ") == fold("z\u030cemyna ona") == "žemyna ona"
