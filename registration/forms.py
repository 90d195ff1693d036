"""The registration form: a contact, one or more participants, consents."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.validators import Length, Optional
from wtforms.widgets import HiddenInput

from core.languages import LANGUAGES
from core.text import MAX_EMAIL, MAX_NAME
from registration.eligibility import (
    LIMITS,
    MAX_PARTICIPANTS,
    ParticipantData,
    RegistrationData,
    collect_registration,
    eligibility_problems,
)
from registration.models import ConsentKind, Gender, SiblingMode
from registration.privacy import MAX_TEXT
from registration.stays import MAX_REFERRED_BY
from web.forms import Form, choices


class ParticipantForm(PlainForm):
    first_name = StringField(_l("First name"), validators=[Length(max=MAX_NAME)])
    last_name = StringField(_l("Last name"), validators=[Length(max=MAX_NAME)])
    birth_date = DateField(_l("Date of birth"), validators=[Optional()])
    gender = SelectField(
        _l("Gender (optional)"),
        choices=choices([("", "—"), *Gender.options()]),
        validators=[Optional()],
    )
    dietary = StringField(
        _l("Food: allergies or diet (optional)"), validators=[Length(max=LIMITS["dietary"])]
    )
    health_notes = TextAreaField(
        _l("Health notes for the camp leader (optional)"),
        validators=[Length(max=LIMITS["health_notes"])],
    )
    needs_accessible_room = BooleanField(_l("Needs an accessible room (wheelchair, mobility)"))

    def is_blank(self) -> bool:
        birth = any(self.birth_date.raw_data or [])
        return not (self.first_name.data or self.last_name.data or birth)


class RegistrationForm(Form):
    contact_name = StringField(
        _l("Your name: parent or guardian, or yourself if you are 18 or older"),
        validators=[Length(max=LIMITS["contact_name"])],
    )
    contact_email = EmailField(_l("E-mail"), validators=[Length(max=MAX_EMAIL)])
    contact_phone = TelField(_l("Phone"), validators=[Length(max=LIMITS["phone"])])
    locale = SelectField(_l("Language for our messages"), choices=choices(LANGUAGES.items()))
    country = SelectField(
        _l("Country where you live"),
        choices=choices(
            [
                ("", "—"),
                ("LT", _l("Lithuania")),
                ("PL", _l("Poland")),
                ("LV", _l("Latvia")),
                ("CZ", _l("Czechia")),
                ("DE", _l("Germany")),
            ]
        ),
        validators=[Optional()],
    )
    participants = FieldList(
        FormField(ParticipantForm), min_entries=1, max_entries=MAX_PARTICIPANTS
    )
    emergency_name = StringField(
        # Translators: under "Emergency contact": who to call if something happens at the event.
        _l("Name of the person to call"),
        validators=[Length(max=LIMITS["contact_name"])],
    )
    emergency_phone = TelField(
        # Translators: under "Emergency contact": the phone of the person to call.
        _l("Their phone number"),
        validators=[Length(max=LIMITS["phone"])],
    )
    pickup_adults = StringField(
        _l("Who else may pick up the children? Write their names, or leave it empty."),
        validators=[Length(max=LIMITS["pickup_adults"])],
    )
    #: Hidden from people (CSS); a program that fills in every field fills this one too.
    leave_empty = StringField(_l("Leave this field empty"), validators=[Length(max=200)])
    siblings = RadioField(
        _l("If there are not enough places for everyone"),
        choices=choices(
            [
                (SiblingMode.TOGETHER.value, _l("keep us together: places for all of us or none")),
                (SiblingMode.ANY.value, _l("as many places as possible; the others wait")),
            ]
        ),
        default=SiblingMode.TOGETHER.value,
    )
    consent_data_processing = BooleanField(
        _l("I agree that the organisers store and use these data to run the event.")
    )
    consent_guardian = BooleanField(
        _l("I am the parent or guardian of the minors above and agree to them taking part.")
    )
    consent_health_data = BooleanField(
        _l("I agree that the health notes above are stored and shown to the camp leader.")
    )
    consent_photos = BooleanField(_l("Photos of the participants may be taken and published."))
    #: The version of the privacy notice the form showed, so the consent records what was read.
    privacy_version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def to_data(self) -> RegistrationData:
        #: Rows the family filled in; blank rows are left out and errors mapped back.
        self.rows = [i for i, entry in enumerate(self.participants) if not entry.form.is_blank()]
        people = [self.participants[i].form for i in self.rows]
        return RegistrationData(
            participants=[
                ParticipantData(
                    first_name=person.first_name.data or "",
                    last_name=person.last_name.data or "",
                    birth_date=person.birth_date.data,
                    gender=person.gender.data or None,
                    dietary=person.dietary.data or "",
                    health_notes=person.health_notes.data or "",
                    needs_accessible_room=bool(person.needs_accessible_room.data),
                )
                for person in people
            ],
            contact_name=self.contact_name.data or "",
            contact_email=self.contact_email.data or None,
            contact_phone=self.contact_phone.data or None,
            locale=self.locale.data,
            country=self.country.data or None,
            emergency_name=self.emergency_name.data or "",
            emergency_phone=self.emergency_phone.data or "",
            pickup_adults=self.pickup_adults.data or "",
            consents={kind: bool(self[f"consent_{kind.value}"].data) for kind in ConsentKind},
            # A choice not offered is the field's error (WTForms): meanwhile, the default.
            sibling_mode=SiblingMode(self.siblings.data)
            if self.siblings.data in {mode.value for mode in SiblingMode}
            else SiblingMode.TOGETHER,
            privacy_version=self.privacy_version.data,
        )

    def check_all(self, event, *, today: date, on_behalf: bool) -> bool:
        """Every rule the service checks, all at once, each next to its field.

        The service stops at the first rule about the event (age, guardian, consents); a
        family on a phone should see every mistake in one go. The service still decides.
        """
        data = self.to_data()
        clean, errors = collect_registration(data, today=today)
        if not data.participants:
            # Nobody filled in: the first row's fields are what is missing.
            errors.pop("participants", None)
            for name in ("first_name", "last_name", "birth_date"):
                errors[f"participants.0.{name}"] = _("This field is required.")
        problems = eligibility_problems(clean, data, event, on_behalf=on_behalf, skip=errors)
        for path, (_code, message) in problems.items():
            errors.setdefault(path, message)
        for path, message in errors.items():
            field = self.field_at(self.field_path(path))
            if field is None:
                self.form_errors.append(message)
            elif not field.errors:  # one message a field: WTForms' own comes first
                field.errors = [message]
        return not errors

    def error_summary(self) -> list[tuple[str | None, str]]:
        """(the field's id, what is wrong) for every field at fault, in the page's order.

        Hidden fields have no id to link to: their message is shown without a link.
        """
        found = []
        for field in self:  # declared in the page's order
            if field is not self.participants:
                found += _problems(field)
                continue
            for number, entry in enumerate(field, start=1):
                row = _("Participant %(number)d", number=number)
                for subfield in entry.form:
                    found += _problems(subfield, participant=row)
        return found

    def field_path(self, path: str) -> str:
        if path == "participants":
            # About the rows as a whole (none filled in, one listed twice): the first row.
            rows = getattr(self, "rows", None) or [0]
            return f"participants.{rows[0]}.first_name"
        parts = path.split(".")
        if parts[0] == "participants" and len(parts) == 3 and parts[1].isdigit():
            index = int(parts[1])
            row = self.rows[index] if index < len(self.rows) else index
            return f"participants.{row}.{parts[2]}"
        return FIELD_ALIASES.get(path, path)


def _problems(field, participant: str | None = None) -> list[tuple[str | None, str]]:
    hidden = field.type in ("HiddenField", "CSRFTokenField") or field.name in (
        "privacy_version",
        "leave_empty",
    )
    if hidden:
        return [(None, error) for error in field.errors]
    target = f"{field.id}-0" if field.type == "RadioField" else field.id
    label = field.label.text
    found = []
    for error in field.errors:
        if field.type == "BooleanField":
            text = error  # the box's label is a whole sentence; its message says enough
        elif participant:
            text = pgettext(
                "error summary",
                "%(participant)s, %(field)s: %(error)s",
                participant=participant,
                field=label,
                error=error,
            )
        else:
            text = pgettext("error summary", "%(field)s: %(error)s", field=label, error=error)
        found.append((target, text))
    return found


#: Service field paths → this form's field names.
FIELD_ALIASES = {
    "guardian.name": "contact_name",
    "guardian.email": "contact_email",
    "guardian.phone": "contact_phone",
    "guardian.locale": "locale",
    "guardian.country": "country",
    "emergency.name": "emergency_name",
    "emergency.phone": "emergency_phone",
    "consents.data_processing": "consent_data_processing",
    "consents.guardian": "consent_guardian",
    "consents.health_data": "consent_health_data",
}


class ResendForm(Form):
    email = EmailField(_l("E-mail"), validators=[Length(max=MAX_EMAIL)])


class GuestStayForm(Form):
    """A guest on a temporary stay, referred by an organisation."""

    bed_id = SelectField(_l("Bed"), coerce=int)
    first_name = StringField(_l("First name"), validators=[Length(max=MAX_NAME)])
    last_name = StringField(_l("Last name"), validators=[Length(max=MAX_NAME)])
    birth_date = DateField(_l("Date of birth"), validators=[Optional()])
    referred_by = StringField(
        _l("Referred by (organisation)"), validators=[Length(max=MAX_REFERRED_BY)]
    )
    arrives_on = DateField(_l("Arrives on"), validators=[Optional()])
    departs_on = DateField(_l("Leaves on"), validators=[Optional()])


class PrivacyForm(Form):
    """One text per language; the labels are the languages' own names."""


for _code, _name in LANGUAGES.items():
    setattr(PrivacyForm, _code, TextAreaField(_name, validators=[Length(max=MAX_TEXT)]))
