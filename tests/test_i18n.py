"""Languages: choosing one, falling back safely, complete catalogues, and how they are written."""

import functools
import importlib
import pathlib
import re
import subprocess
import sys

import flask_babel
import jinja2
import pytest
from babel.messages.pofile import read_po

from core.enums import TitledEnum
from core.languages import LANGUAGES
from registration.emails import render
from registration.models import OutboxMail
from registration.privacy import SHIPPED_VERSIONS

ROOT = pathlib.Path(__file__).resolve().parent.parent
#: The keywords `make messages` extracts with, besides Babel's own (_, gettext, ngettext,
#: pgettext, npgettext): a string marked any other way never reaches a translator.
KEYWORDS = [
    "_l",
    "lazy_gettext",
    "lazy_ngettext:1,2",
    "lazy_pgettext:1c,2",
    "lazy_npgettext:1c,2,3",
]
EXTRACT = [
    sys.executable,
    "-m",
    "babel.messages.frontend",
    "extract",
    "--add-comments=Translators:",
    "-F",
    "babel.cfg",
    *(arg for keyword in KEYWORDS for arg in ("-k", keyword)),
]
CATALOGUES = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))


def test_every_language_has_a_catalogue():
    assert {po.parent.parent.name for po in CATALOGUES} == set(LANGUAGES) - {"en"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parent.parent.name)
def test_catalogue_is_complete_and_consistent(po):
    with po.open("rb") as handle:
        catalog = read_po(handle)
    missing, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    problems = [(message.id, error) for message, errors in catalog.check() for error in errors]
    assert not missing, f"untranslated: {missing}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not problems, f"placeholders: {problems}"


def test_catalogues_compile(tmp_path):
    for po in CATALOGUES:
        out = tmp_path / f"{po.parent.parent.name}.mo"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "babel.messages.frontend",
                "compile",
                "-i",
                str(po),
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr


def _key(message) -> tuple:
    """What a catalogue entry is found by: its context and its msgid (with its plural)."""
    return (message.context, message.id)


def _described(key: tuple) -> str:
    context, msgid = key
    return (f"msgctxt {context!r} " if context else "") + f"msgid {msgid!r}"


def test_catalogues_hold_every_string_in_the_code(tmp_path):
    makefile = (ROOT / "Makefile").read_text()
    for flag in ("--add-comments=Translators:", *(f"-k {keyword}" for keyword in KEYWORDS)):
        assert flag in makefile, f"the Makefile's `messages` target and EXTRACT differ on {flag}"
    sources = re.search(r"^SOURCES := (.+)$", makefile, re.MULTILINE).group(1).split()
    pot = tmp_path / "messages.pot"
    subprocess.run([*EXTRACT, "-o", str(pot), *sources], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as handle:
        wanted = {_key(m) for m in read_po(handle) if m.id}
    for po in CATALOGUES:
        with po.open("rb") as handle:
            have = {_key(m) for m in read_po(handle) if m.id}
        missing = sorted(wanted - have, key=repr)
        assert not missing, f"{po.relative_to(ROOT)}: run `make messages` and translate " + (
            "; ".join(map(_described, missing))
        )


@pytest.mark.parametrize(
    ("query", "headers", "cookie", "expected"),
    [
        ("?lang=pl", {"Accept-Language": "de"}, "lt", "pl"),
        ("", {"Accept-Language": "de"}, "lt", "lt"),
        ("", {"Accept-Language": "lv-LV,lv;q=0.9,en;q=0.5"}, None, "lv"),
        ("", {"Accept-Language": "cs"}, None, "cs"),
        ("", {"Accept-Language": "fr"}, None, "en"),
        ("", {}, None, "en"),
        ("?lang=xx", {}, None, "en"),
        ("?lang=../../etc/passwd", {}, None, "en"),
        ("", {"Accept-Language": "x" * 5000}, None, "en"),
        ("", {"Accept-Language": ";;;q=abc,,,"}, None, "en"),
        ("", {}, "../../etc", "en"),
    ],
)
def test_locale_is_chosen_in_order_and_falls_back_safely(client, query, headers, cookie, expected):
    if cookie:
        client.set_cookie("lang", cookie)
    response = client.get("/" + query, headers=headers)
    assert response.status_code == 200
    assert f'<html lang="{expected}">' in response.text


def test_language_switch_remembers_the_choice(client):
    response = client.post("/language", data={"lang": "lv", "next": "/?kind=workshop"})
    assert response.status_code == 302 and response.headers["Location"] == "/?kind=workshop"
    assert '<html lang="lv">' in client.get("/").text


def test_language_switch_ignores_foreign_targets_and_unknown_languages(client):
    response = client.post("/language", data={"lang": "xx", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"
    assert "lang=" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("target", ["/\\evil.example/", "/\t/evil.example/", "/\n/evil.example"])
def test_language_switch_never_leads_to_another_site(client, target):
    # Browsers read a backslash as a slash and drop tabs and line breaks: all lead away.
    response = client.post("/language", data={"lang": "lt", "next": target})
    assert response.headers["Location"] == "/"


def test_every_page_has_a_language_switcher(client, make_event):
    event = make_event()
    for path in ("/", f"/events/{event.id}", "/staff/login", "/nowhere"):
        page = client.get(path).text
        assert all(f'value="{code}"' in page for code in LANGUAGES), path


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_pages_render_in_every_language(client, make_event, lang):
    event = make_event()
    for path in ("/", f"/events/{event.id}", "/staff/login"):
        response = client.get(f"{path}?lang={lang}")
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in response.text


# --- How the catalogues are written (issue 13's proof) ------------------------------------

#: Every language a translator writes, with its catalogue.
TRANSLATED = sorted(set(LANGUAGES) - {"en"})
GLOSSARY = ROOT / "translations" / "GLOSSARY.md"
#: The newest shipped privacy notice: the older ones stay as families consented to them.
NOTICES = ROOT / "registration" / "privacy_texts" / str(SHIPPED_VERSIONS[-1])


@functools.cache
def _catalogue(lang: str):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def _written(lang: str):
    """(where, text) for every msgstr of the language's catalogue and line of its notice."""
    po = f"translations/{lang}/LC_MESSAGES/messages.po"
    for message in _catalogue(lang):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        context = f" (msgctxt {message.context!r})" if message.context else ""
        for text in filter(None, strings):
            yield f"{po}:{message.lineno}: msgid {msgid!r}{context}", text
    notice = NOTICES / f"{lang}.txt"
    for number, line in enumerate(notice.read_text(encoding="utf-8").splitlines(), 1):
        yield f"{notice.relative_to(ROOT)}:{number}", line


def _offences(lang: str, pattern: re.Pattern, keep=lambda text, match: True) -> list[str]:
    """Each match in the language's catalogue and notice, with where it is and what is around it."""
    found = []
    for where, text in _written(lang):
        for match in pattern.finditer(text):
            if keep(text, match):
                around = text[max(0, match.start() - 40) : match.end() + 40]
                found.append(f"{where}: {match.group()!r} in …{around}…")
    return found


# The templates' own lexer, with app.py's settings: trim_blocks eats the line break after a tag.
_JINJA = jinja2.Environment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
_TRANSLATING = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
#: Inline tags keep their neighbours in one sentence; any other tag or text ends it.
_INLINE = r"</?(?:strong|b|em|i|small|span|a|bdi|abbr|mark|code|kbd|sup|sub)\b[^>]*>"
#: A value glued to translated text that is not a sentence, each with why.
_NOT_A_SENTENCE = {
    # A name, then a separate "attention" badge beside it: a mark on the row, not a phrase.
    ("templates/staff/roster.html", "p.last_name"),
}


def _pieces(source: str) -> list[tuple[str, int, str]]:
    """The template as (kind, line, text): data, a variable, a block tag or a comment."""
    pieces, current = [], None
    for line, token, value in _JINJA.lex(source):
        if token == "data":
            if pieces and pieces[-1][0] == "data":
                pieces[-1][2] += value
            else:
                pieces.append(["data", line, value])
        elif token.endswith("_begin"):
            current = [token.removesuffix("_begin"), line, ""]
        elif token.endswith("_end") and current:
            current[2] = current[2].strip()
            pieces.append(current)
            current = None
        elif current is not None:
            current[2] += value
    return [tuple(piece) for piece in pieces]


def _translated(piece) -> str | None:
    """The English a piece shows if it is translated text ("" for a trans block), else None."""
    kind, _line, text = piece
    call = re.match(r"(\w+)\s*\(", text)
    if kind == "variable" and call and call[1] in _TRANSLATING:
        strings = re.findall(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"", text)
        strings = [single or double for single, double in strings]
        skip = 1 if call[1].startswith(("p", "np")) else 0  # pgettext's first is its context
        return strings[skip] if len(strings) > skip else ""
    if kind == "block" and re.match(r"(trans|endtrans)\b", text):
        return ""
    return None


def _glued(path: pathlib.Path) -> list[str]:
    """Each value printed right before translated text, or right after a piece of a sentence."""
    # In a text e-mail a line break ends the line; in HTML it is only a space.
    space = r"[ \t]" if path.suffix == ".txt" else r"\s"
    between = re.compile(rf"(?:{space}|{_INLINE})*")
    pieces = [p for p in _pieces(path.read_text(encoding="utf-8")) if p[0] != "comment"]
    name = path.relative_to(ROOT).as_posix()
    found = []
    for index, piece in enumerate(pieces):
        kind, line, text = piece
        if kind != "variable":
            continue
        after = index + 1
        # Only spaces, inline tags and an if's ends between: shown together, read as one.
        while after < len(pieces) and (
            (pieces[after][0] == "data" and between.fullmatch(pieces[after][2]))
            or (pieces[after][0] == "block" and re.match(r"(if|endif)\b", pieces[after][2]))
        ):
            after += 1
        if after == len(pieces):
            continue
        following, english = pieces[after], _translated(piece)
        if english is None:
            if _translated(following) is not None and (name, text) not in _NOT_A_SENTENCE:
                found.append(f"{name}:{line}: {{{{ {text} }}}} then {{{{ {following[2][:60]} }}}}")
        # A label starts with a capital ("Confirmed" above its figure); a piece of a sentence
        # ("of", "places left") does not, and the value after it is glued into that sentence.
        elif (
            following[0] == "variable" and _translated(following) is None and english[:1].islower()
        ):
            found.append(f"{name}:{line}: {{{{ {text[:60]} }}}} then {{{{ {following[2]} }}}}")
    return found


def test_numbers_before_translated_text_are_whole_messages():
    templates = sorted(
        p for p in (ROOT / "templates").glob("**/*") if p.suffix in {".html", ".txt"}
    )
    found = [offence for path in templates for offence in _glued(path)]
    assert not found, (
        "a value glued to translated text reads wrong in other languages; make each one whole "
        "message with a placeholder (ngettext('%(num)d place', '%(num)d places', n) for a "
        "count):\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    ("source", "glued"),
    [
        ("<li><strong>{{ counts.confirmed }}</strong> {{ _('confirmed') }}</li>", True),
        ("{{ n }}\n  {% trans %}places{% endtrans %}", True),
        ("{{ places(e) }} <small>{{ ngettext('of %(num)d', 'of %(num)d', e.capacity) }}", True),
        ("{{ n }} {% if n > 1 %}{{ _('places') | lower }}{% endif %}", True),
        ("{{ _('only') }} <b>{{ event.seats_left }}</b>", True),
        ("{{ pgettext('seats', 'of') }} {{ event.capacity }}", True),
        ("<li>{{ _('Confirmed') }} <strong>{{ counts.confirmed }}</strong></li>", False),
        ("<th>{{ _('Event') }}</th><td>{{ title }}</td>", False),
        ("<dt>{{ _('Nights') }}</dt><dd>{{ stay.nights }}</dd>", False),
        ("{{ _('Places left:') }} {{ event.seats_left }}", False),
        ("<a href=\"{{ url_for('x') }}\">{{ _('Read it') }}</a>", False),
        ("{% if a %}{{ user.email }}{% else %}{{ _('New account') }}{% endif %}", False),
        ("{{ ngettext('%(num)d place', '%(num)d places', n) }}", False),
    ],
)
def test_the_glued_number_check_sees_what_a_reader_sees(tmp_path, monkeypatch, source, glued):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    template = tmp_path / "templates" / "t.html"
    template.parent.mkdir()
    template.write_text(source, encoding="utf-8")
    assert bool(_glued(template)) is glued


def test_a_line_break_ends_a_line_of_a_text_email(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    template = tmp_path / "templates" / "t.txt"
    template.parent.mkdir()
    template.write_text("{{ link }}\n{{ _('Thanks') }}\n{{ n }} {{ _('places') }}\n")
    assert _glued(template) == ["templates/t.txt:3: {{ n }} then {{ _('places') }}"]


def _titled_enums() -> list[type[TitledEnum]]:
    for module in ("camps.models", "registration.models", "staff.models"):
        importlib.import_module(module)

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    # Only the site's own: a test may define one of its own (tests/core/test_enums.py).
    return [cls for cls in below(TitledEnum) if not cls.__module__.startswith("tests")]


def _glossary() -> str:
    return GLOSSARY.read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", _glossary(), re.MULTILINE | re.DOTALL)
    assert match, f"{GLOSSARY.relative_to(ROOT)} has no '## {title}' section"
    return match.group(1)


def _terms() -> list[dict[str, str]]:
    """The glossary's table, one dict per row: English and each language's word."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in _section("Terms").splitlines()
        if line.startswith("|") and not re.fullmatch(r"[|\s:-]+", line)
    ]
    header, *body = rows
    return [dict(zip(header, row, strict=False)) for row in body]


#: A title may stay as in English only if it is one word the language writes the same: its
#: glossary word (de "Workshop", "Camp"; cs "workshop") or one of these. Two words or more the
#: same as in English were left untranslated.
_SAME_AS_ENGLISH = {"Administrator"}


def _msgid(title) -> tuple[str | None, str] | None:
    """(context, msgid) of a title marked with _l or lazy_pgettext; None if it is not marked."""
    marked_with = getattr(title, "_func", None)  # flask_babel's LazyString keeps its call
    if marked_with is flask_babel.gettext:
        return None, title._args[0]
    if marked_with is flask_babel.pgettext:
        return title._args[0], title._args[1]
    return None


def test_every_shown_enum_has_a_label_in_all_six_languages():
    enums = _titled_enums()
    assert {"EventKind", "EventStatus", "RoomKind", "ParticipantStatus", "Role"} <= {
        cls.__name__ for cls in enums
    }
    glossary = {
        lang: {word.casefold() for row in _terms() for word in re.findall(r"[\w-]+", row[lang])}
        for lang in TRANSLATED
    }
    problems = []
    for cls in enums:
        for member in cls:
            name, key = f"{cls.__name__}.{member.name}", _msgid(member.lazy_title)
            if key is None:
                problems.append(f"{name}: title {member.lazy_title!r} is not marked with _l")
                continue
            context, msgid = key
            if not msgid.strip() or "_" in msgid:
                problems.append(f"{name}: its English title {msgid!r} is a raw value, not words")
            for lang in TRANSLATED:
                entry = _catalogue(lang).get(msgid, context=context)
                where = f"translations/{lang}/LC_MESSAGES/messages.po"
                if entry is None:
                    problems.append(
                        f"{where}: {name} has no entry {_described(key)}: run `make messages` "
                        "and translate it"
                    )
                elif entry.fuzzy:
                    problems.append(
                        f"{where}:{entry.lineno}: {name} {_described(key)} is fuzzy: check the "
                        "translation and remove the fuzzy flag"
                    )
                elif not entry.string:
                    problems.append(f"{where}:{entry.lineno}: {name} {_described(key)} is empty")
                elif entry.string.casefold() == msgid.casefold() and not (
                    len(msgid.split()) == 1
                    and (msgid in _SAME_AS_ENGLISH or msgid.casefold() in glossary[lang])
                ):
                    problems.append(
                        f"{where}:{entry.lineno}: {name} {_described(key)} is left in English"
                    )
    assert not problems, "enum labels:\n" + "\n".join(problems)


#: The glossary's eleven terms the issue names; each must have a word in every language.
GLOSSARY_TERMS = [
    "booking",
    "waiting list",
    "offer",
    "guardian",
    "organiser",
    "facility",
    "bed-night",
    "ticket",
    "check-in",
    "camp",
    "workshop",
]


def _banned() -> dict[str, list[str]]:
    """The Never list: each language's banned stems."""
    lines = re.findall(r"^- (\w+): (.+)$", _section("Never"), re.MULTILINE)
    return {
        lang: [stem.strip() for stem in stems.split(",") if stem.strip()] for lang, stems in lines
    }


def test_catalogues_use_the_glossary_words():
    rows = _terms()
    assert rows and list(rows[0]) == ["English", *(lang for lang in LANGUAGES if lang != "en")]
    for term in GLOSSARY_TERMS:
        found = [row for row in rows if row["English"].split(" (")[0].strip().lower() == term]
        assert found, f"GLOSSARY.md's table has no row for {term!r}"
        for row in found:
            empty = [lang for lang in LANGUAGES if lang != "en" and not row.get(lang)]
            assert not empty, f"GLOSSARY.md: {row['English']!r} has no word in {empty}"
    banned = _banned()
    assert set(banned) == set(TRANSLATED), f"GLOSSARY.md's Never list covers {sorted(banned)}"
    problems = []
    for lang, stems in banned.items():
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, stems)) + ")", re.IGNORECASE)
        # The glossary must not ban its own words.
        problems += [
            f"GLOSSARY.md: {lang} bans {match.group()!r}, yet its term for {row['English']!r} "
            f"is {row[lang]!r}"
            for row in rows
            for match in pattern.finditer(row.get(lang, ""))
        ]
        problems += [
            f"{offence}: not a glossary word; use the {lang} word from GLOSSARY.md's Terms"
            for offence in _offences(lang, pattern)
        ]
    assert not problems, "banned synonyms:\n" + "\n".join(problems)


#: Polish "ty" forms. "ci" in lower case is also "those" (ci uczestnicy), so only "Ci".
_POLISH_TY = re.compile(
    r"(?<!\w)(?:[Tt]y|[Tt]w(?:ój|oja|oje|ojego|ojej|ojemu|oim|oją|oich|oimi)|[Cc]ię|[Cc]iebie"
    r"|[Tt]obie|[Tt]obą|Ci)(?!\w)"
)


def test_polish_catalogue_has_no_informal_ty_forms():
    found = _offences("pl", _POLISH_TY)
    assert not found, (
        "Polish speaks to families as Państwo (Państwa zgłoszenie) or impersonally "
        "(Zgłoszenie zostało zapisane.), never with ty:\n" + "\n".join(found)
    )


def _starts_a_sentence(text: str, match: re.Match) -> bool:
    before = re.sub(r"(?:<[^>]+>|[ \t\"'„“«(\[*•–—-])+$", "", text[: match.start()])
    return not before or before[-1] in ".!?…\n"


def test_lithuanian_speaks_with_lower_case_jus():
    capital = re.compile(r"(?<!\w)(?:Jūs|Jūsų|Jums|Jus|Jumis|Jumyse)(?!\w)")
    informal = re.compile(r"(?<!\w)(?:[Tt]u|[Tt]avo|[Tt]au|[Tt]ave|[Tt]avęs|[Tt]avimi)(?!\w)")
    found = [
        f"{offence}: write it in lower case (jūs, jūsų, jums) inside a sentence"
        for offence in _offences(
            "lt", capital, lambda text, match: not _starts_a_sentence(text, match)
        )
    ] + [f"{offence}: say jūs, not tu" for offence in _offences("lt", informal)]
    assert not found, "Lithuanian register:\n" + "\n".join(found)


def test_latvian_speaks_with_capital_jus():
    lower = re.compile(r"(?<!\w)(?:jūs|jūsu|jums|jūsos)(?!\w)")
    informal = re.compile(
        r"(?<!\w)(?:[Tt]u|[Tt]ev|[Tt]evi|[Tt]evis|[Tt]av(?:s|a|u|i|as|ā|am|ai|iem|ām|os|ās))(?!\w)"
    )
    found = [
        f"{offence}: write it with a capital (Jūs, Jūsu, Jums)"
        for offence in _offences("lv", lower)
    ] + [f"{offence}: say Jūs, not tu" for offence in _offences("lv", informal)]
    assert not found, "Latvian register:\n" + "\n".join(found)


def test_german_says_sie():
    informal = re.compile(
        r"(?<!\w)(?:du|dich|dir|dein(?:e|en|em|er|es)?|euch|euer|eure(?:n|m|r|s)?|hallo)(?!\w)",
        re.IGNORECASE,
    )
    found = _offences("de", informal)
    assert not found, (
        "German says Sie and Ihr/Ihre, and greets with Guten Tag, never Hallo:\n" + "\n".join(found)
    )


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_email_greetings_put_no_name_in_the_nominative(app, make_event, make_registration, lang):
    event = make_event()
    booking, _token = make_registration(event, guardian="Jonas Petraitis", locale=lang)
    names = {booking.contact_name} | {
        part for p in booking.participants for part in (p.first_name, p.last_name)
    }
    names |= {word for name in set(names) for word in name.split()}
    for kind in ("registered", "data_code"):
        mail = OutboxMail(
            booking=booking,
            kind=kind,
            recipient=booking.contact_email,
            link_token="123456",
            created_at=booking.created_at,
        )
        message = render(mail)
        for part in message.walk():
            if part.get_content_maintype() != "text":
                continue
            body = part.get_content()
            if part.get_content_subtype() == "html":
                first = re.search(r"<body[^>]*>.*?<p[^>]*>(.*?)</p>", body, re.DOTALL)
                greeting = first.group(1).strip() if first else body
            else:
                greeting = next((line for line in body.splitlines() if line.strip()), "")
            named = sorted(name for name in names if name.casefold() in greeting.casefold())
            assert not named, (
                f"{lang} {kind} e-mail ({part.get_content_type()}) greets {greeting!r}: "
                "a greeting names nobody (Laba diena, Dzień dobry, Labdien, Dobrý den, Guten Tag)"
            )


def test_a_language_asked_for_in_the_address_sticks_to_the_next_pages(client, make_event):
    event = make_event()
    first = client.get(f"/events/{event.id}?lang=lt")
    assert '<html lang="lt">' in first.text
    cookie = first.headers["Set-Cookie"]
    assert cookie.startswith("lang=lt;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # The next filter or click has no ?lang= and stays in Lithuanian.
    assert '<html lang="lt">' in client.get("/?kind=workshop").text
    assert '<html lang="lt">' in client.get(f"/events/{event.id}/register").text
    # Asked again, nothing new to keep; an unknown language keeps nothing either.
    assert "Set-Cookie" not in client.get("/?lang=lt").headers
    assert "Set-Cookie" not in client.get("/?lang=xx").headers
    assert '<html lang="lt">' in client.get("/?lang=xx").text
    # The switcher goes back without the ?lang=, so the language chosen there wins.
    page = client.get("/?kind=workshop&lang=lt").text
    assert 'name="next" value="/?kind=workshop"' in page
    client.post("/language", data={"lang": "lv", "next": "/?kind=workshop"})
    assert '<html lang="lv">' in client.get("/").text


def test_the_api_answers_in_the_asked_language_without_keeping_it(client):
    response = client.get("/api/v1/events?lang=pl")
    assert response.status_code == 200
    assert "lang=" not in response.headers.get("Set-Cookie", "")
