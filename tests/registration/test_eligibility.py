"""The registration's input rules that registering and a guest's stay share."""

from datetime import date

from registration.eligibility import check_birth_date

TODAY = date(2027, 1, 15)


def test_a_date_of_birth_is_required_and_real(app):
    errors = {}
    check_birth_date(date(2014, 5, 1), "ok", errors, today=TODAY)
    check_birth_date(None, "missing", errors, today=TODAY)
    check_birth_date(date(2027, 1, 16), "future", errors, today=TODAY)
    check_birth_date(date(1899, 12, 31), "ancient", errors, today=TODAY)
    assert errors == {
        "missing": "This field is required.",
        "future": "Give a real date of birth.",
        "ancient": "Give a real date of birth.",
    }
