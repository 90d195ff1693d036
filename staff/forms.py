"""Forms for logging in and for staff accounts."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired, Length, Optional

from core.text import MAX_EMAIL
from staff.models import Role
from web.forms import Form, choices


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=MAX_EMAIL)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class StaffForm(Form):
    # The e-mail address is checked by the service (core.text), as everywhere.
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=MAX_EMAIL)])
    role = SelectField(_l("Role"), choices=choices(Role.options()))
    partner_id = SelectField(_l("Partner organisation"), coerce=int, validate_choice=False)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=200)])
    is_enabled = BooleanField(_l("Account enabled"), default=True)

    def field_path(self, path: str) -> str:
        return "partner_id" if path == "partner" else path
