"""The base of every page form: translated built-in messages, service errors on fields."""

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from errors import ValidationError

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

    def field_path(self, path: str) -> str:
        """This form's name for a service's field path; forms whose names differ override it."""
        return path

    def field_at(self, path: str):
        """The field at a dotted path: "capacity", "en.title", "participants.0.first_name"."""
        field = self
        for part in path.split("."):
            try:
                field = field[int(part)] if part.isdigit() else field[part]
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
