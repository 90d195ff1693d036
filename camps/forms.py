"""Forms for events, partners and venues, and the public event filters."""

import sqlalchemy as sa
from babel import Locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DateTimeLocalField,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms import (
    Form as PlainForm,
)
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import HiddenInput

from camps.models import (
    Bed,
    Event,
    EventKind,
    Partner,
    RoomKind,
    Venue,
    WaitlistMode,
)
from camps.services import TEXT_LIMITS, EventData, country_codes
from core.errors import DomainError
from core.languages import LANGUAGE_TITLES, LANGUAGES
from extensions import db
from web.forms import Form, choices
from web.locale import current_locale

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class EventTextForm(PlainForm):
    """An event's words in one language."""

    title = StringField(_l("Title"))
    summary = StringField(_l("Summary"))
    description = TextAreaField(_l("Description"))
    practical_info = TextAreaField(_l("Practical information"))


def _texts(locale: str) -> FormField:
    return FormField(EventTextForm, label=LANGUAGE_TITLES[locale], separator="-")


class EventForm(Form):
    kind = SelectField(_l("Kind"), choices=choices(EventKind.options()))
    partner_id = SelectField(_l("Organised by"), coerce=int)
    venue_id = SelectField(_l("Venue"), coerce=int)
    starts_at = DateTimeLocalField(
        _l("Starts (venue's local time)"), format=DATETIME_FORMAT, validators=[InputRequired()]
    )
    ends_at = DateTimeLocalField(
        _l("Ends (venue's local time)"), format=DATETIME_FORMAT, validators=[InputRequired()]
    )
    capacity = IntegerField(_l("Places"), validators=[InputRequired()])
    min_age = IntegerField(_l("Minimum age"), validators=[Optional()])
    max_age = IntegerField(_l("Maximum age"), validators=[Optional()])
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens"), format=DATETIME_FORMAT, validators=[Optional()]
    )
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes (empty: when the event starts)"),
        format=DATETIME_FORMAT,
        validators=[Optional()],
    )
    waitlist_mode = SelectField(
        _l("When a place is freed"),
        choices=choices(
            [
                (WaitlistMode.AUTO.value, _l("give it to the next family at once")),
                (WaitlistMode.OFFER.value, _l("offer it to the next family until a deadline")),
            ]
        ),
    )
    offer_hours = IntegerField(
        _l("Hours to accept an offer"), default=48, validators=[InputRequired()]
    )
    #: The version of the event the form showed: a save over someone else's change is refused.
    sequence = IntegerField(widget=HiddenInput(), validators=[Optional()])
    en = _texts("en")
    lt = _texts("lt")
    pl = _texts("pl")
    lv = _texts("lv")
    cs = _texts("cs")
    de = _texts("de")

    def field_path(self, path: str) -> str:
        # The services say "title.en"; here that field is en-title.
        name, _dot, locale = path.partition(".")
        return f"{locale}.{name}" if locale in LANGUAGES else path

    def fill_choices(self, partners: list[Partner]) -> None:
        self.partner_id.choices = choices((p.id, p.name) for p in partners)
        venues = db.session.scalars(sa.select(Venue).order_by(Venue.country, Venue.name))
        self.venue_id.choices = choices(
            (v.id, f"{v.name} ({v.country}, {v.timezone})") for v in venues
        )

    def fill_from(self, event: Event) -> None:
        """Show the event's values, times in the venue's zone."""
        zone = event.venue.zone
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            value = getattr(event, name)
            self[name].data = value.astimezone(zone).replace(tzinfo=None) if value else None
        for locale, text in event.texts.items():
            for field in TEXT_LIMITS:
                self[locale][field].data = getattr(text, field)

    def keep_typed(self, error: DomainError, event: Event | None) -> None:
        """After a save over someone else's change: what was typed stays in the form, and the
        next save is over the current version."""
        if error.code == "changed_meanwhile":
            self.sequence.data, self.sequence.raw_data = event.sequence, None

    def to_data(self) -> EventData:
        return EventData(
            kind=EventKind(self.kind.data),
            partner=db.session.get(Partner, self.partner_id.data),
            venue=db.session.get(Venue, self.venue_id.data),
            texts={locale: dict(self[locale].data) for locale in LANGUAGES},
            starts_at=self.starts_at.data,
            ends_at=self.ends_at.data,
            capacity=self.capacity.data,
            min_age=self.min_age.data,
            max_age=self.max_age.data,
            registration_opens_at=self.registration_opens_at.data,
            registration_closes_at=self.registration_closes_at.data,
            waitlist_mode=WaitlistMode(self.waitlist_mode.data),
            offer_hours=self.offer_hours.data,
        )


def _country_choices():
    names = Locale.parse(current_locale()).territories
    return choices(
        sorted(((code, names.get(code, code)) for code in country_codes()), key=lambda c: c[1])
    )


class PartnerForm(Form):
    name = StringField(_l("Name"), validators=[InputRequired()])
    country = SelectField(_l("Country"), choices=_country_choices)


class VenueForm(Form):
    name = StringField(_l("Name"), validators=[InputRequired()])
    address = StringField(_l("Address"))
    country = SelectField(_l("Country"), choices=_country_choices)
    timezone = StringField(_l("Time zone"), default="Europe/Vilnius", validators=[InputRequired()])


class RoomForm(Form):
    name = StringField(_l("Room"), validators=[InputRequired()])
    floor = IntegerField(_l("Floor"), default=0, validators=[InputRequired()])
    kind = SelectField(_l("Kind"), choices=choices(RoomKind.options()))
    beds = IntegerField(_l("Beds"), default=2, validators=[InputRequired()])

    def to_data(self) -> dict:
        """The room as add_room() takes it."""
        return {
            "name": self.name.data,
            "floor": self.floor.data,
            "kind": RoomKind(self.kind.data),
            "beds": self.beds.data,
        }


class ClosureForm(Form):
    target = SelectField(_l("Room or bed"))
    starts_on = DateField(_l("First night closed"), validators=[InputRequired()])
    ends_on = DateField(_l("Open again from"), validators=[InputRequired()])
    reason = StringField(_l("Reason (renovation, repair)"))

    def fill_targets(self, beds: list[Bed]) -> None:
        """Offer each room of these beds, then each bed."""
        rooms = {bed.room_id: bed.room for bed in beds}
        self.target.choices = choices(
            [(f"room-{room.id}", room.name) for room in rooms.values()]
            + [(f"bed-{bed.id}", bed.label) for bed in beds]
        )

    def to_data(self) -> dict:
        """The closure as add_closure() takes it."""
        kind, _dash, target = self.target.data.partition("-")
        return {
            "room_id": int(target) if kind == "room" else None,
            "bed_id": int(target) if kind == "bed" else None,
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "reason": self.reason.data or "",
        }
