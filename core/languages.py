"""The six languages Tiltas speaks."""

from flask_babel import lazy_gettext as _l

#: Every language Tiltas speaks, English first; each name in its own language.
LANGUAGES = {
    "en": "English",
    "lt": "Lietuvių",
    "pl": "Polski",
    "lv": "Latviešu",
    "cs": "Čeština",
    "de": "Deutsch",
}
DEFAULT_LOCALE = "en"

LANGUAGE_TITLES = {
    "en": _l("English"),
    "lt": _l("Lithuanian"),
    "pl": _l("Polish"),
    "lv": _l("Latvian"),
    "cs": _l("Czech"),
    "de": _l("German"),
}
