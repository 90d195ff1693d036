"""The base of every page form: translated built-in messages, service errors on fields, and
the one way a page runs its service."""

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from flask import flash, redirect
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import FieldList, FormField
from wtforms.fields.choices import SelectChoice

from core.bounds import FIRST_DATE, LAST_DATE, MAX_INTEGER
from core.db import commit, rollback
from core.errors import DomainError, ValidationError

T = TypeVar("T")

# WTForms' own messages, looked up in our catalogues so every language has them.
BUILTIN_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid integer value."),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Invalid email address."),
    _l("Not a valid choice."),
    _l("Field must be at least %(min)d characters long."),
    _l("Field cannot be longer than %(max)d characters."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("The CSRF token is missing."),
    _l("The CSRF token has expired."),
    _l("The CSRF token is invalid."),
    _l("The CSRF tokens do not match."),
    _l("The CSRF session token is missing."),
)


def int_arg(value: str | None, default: int | None = None, *, low: int = 1, high=MAX_INTEGER):
    """A whole number written in ASCII digits within [low, high], else the default.

    str.isdigit() also accepts "²" and other digits int() refuses or reads differently.
    """
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 10:
        return default
    number = int(value)
    return number if low <= number <= high else default


def date_arg(value: str | None, default: date | None = None) -> date | None:
    """A YYYY-MM-DD date between FIRST_DATE and LAST_DATE, else the default."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return default
    return day if FIRST_DATE <= day <= LAST_DATE else default


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class _Translations:
    def gettext(self, string):
        return gettext(string)

    def ngettext(self, singular, plural, n):
        return ngettext(singular, plural, n)


class Form(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _Translations()

    def validate(self, extra_validators=None) -> bool:
        """WTForms' checks, then numbers and dates the databases and the calendar can hold."""
        valid = super().validate(extra_validators)
        for field in _leaf_fields(self):
            message = _out_of_range(field)
            if message:
                field.errors = [*field.errors, message]
                valid = False
        return valid

    def field_path(self, path: str) -> str:
        """This form's name for a service's field path; forms whose names differ override it."""
        return path

    def field_at(self, path: str):
        """The field at a dotted path: "capacity", "en.title", "participants.0.first_name"."""
        field = self
        for part in path.split("."):
            try:
                field = field[int(part)] if part.isascii() and part.isdigit() else field[part]
            except (KeyError, TypeError, IndexError):
                return None
        return field

    def add_errors(self, error: ValidationError) -> None:
        """Show a service's field errors next to their fields, the rest above the form."""
        for path, message in error.fields.items():
            field = self.field_at(self.field_path(path))
            if field is None:
                self.form_errors.append(message)
            else:
                field.errors = [*field.errors, message]


#: Where run_form_service shows a refusal that is not about a field: flashed, or above the form.
FLASHED, ABOVE_FORM = "flashed", "above_form"


def run_form_service(
    form: Form | None,
    call: Callable[[], T],
    *,
    success: str | Callable[[T], str],
    redirect_to: str | Callable[[T], str],
    refusal: str = FLASHED,
    on_refused: Callable[[DomainError], object] | None = None,
    on_saved: Callable[[T], object] | None = None,
    tone: str | Callable[[T], str] = "success",
) -> Response | None:
    """Run a page's one service: then commit, flash and redirect, or show why it said no.

    A ValidationError's messages go next to the form's fields; any other refusal is shown
    where `refusal` says: FLASHED, ABOVE_FORM, or the name of the field it concerns. Without
    a form (a button), every refusal is flashed. A refusal rolls back — nothing half-done is
    kept, and the page shown again reads what is stored — and returns None, for the view to
    show its page. `success` and `redirect_to` may be functions of the service's result;
    `on_saved` runs after the commit, `on_refused` after a refusal is shown. `tone` is how the
    message looks: "success", or "notice" for saved but not what was hoped for.
    """
    try:
        result = call()
    except DomainError as error:
        rollback()
        _show_refusal(form, error, refusal)
        if on_refused is not None:
            on_refused(error)
        return None
    commit()
    if on_saved is not None:
        on_saved(result)
    flash(
        success(result) if callable(success) else success, tone(result) if callable(tone) else tone
    )
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def _show_refusal(form: Form | None, error: DomainError, refusal: str) -> None:
    if form is not None and isinstance(error, ValidationError):
        form.add_errors(error)
    elif form is None or refusal == FLASHED:
        flash(error.message, "error")
    elif refusal == ABOVE_FORM:
        form.form_errors.append(error.message)
    else:
        form[refusal].errors = [*form[refusal].errors, error.message]


def _leaf_fields(form):
    for field in form:
        if isinstance(field, FormField):
            yield from _leaf_fields(field.form)
        elif isinstance(field, FieldList):
            for entry in field:
                yield from _leaf_fields(entry.form) if isinstance(entry, FormField) else [entry]
        else:
            yield field


def _out_of_range(field) -> str | None:
    value = field.data
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int) and not -MAX_INTEGER <= value <= MAX_INTEGER:
        return gettext("This number is too large.")
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date) and not FIRST_DATE <= value <= LAST_DATE:
        return gettext(
            "Give a date between the years %(first)d and %(last)d.",
            first=FIRST_DATE.year,
            last=LAST_DATE.year,
        )
    return None
