"""Forms for logging in and for staff accounts."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email, Length, Optional

from staff.models import Role
from web.forms import Form, choices


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def _role_choices():
    return choices((role.value, role.title) for role in Role)


class StaffForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=_role_choices)
    partner_id = SelectField(_l("Partner organisation"), coerce=int, validate_choice=False)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=200)])
    is_enabled = BooleanField(_l("Account enabled"), default=True)

    def field_path(self, path: str) -> str:
        return "partner_id" if path == "partner" else path
