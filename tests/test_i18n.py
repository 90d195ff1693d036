"""Languages: choosing one, falling back safely, and complete catalogues."""

import pathlib
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from core.languages import LANGUAGES

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXTRACT = [
    sys.executable,
    "-m",
    "babel.messages.frontend",
    "extract",
    "-F",
    "babel.cfg",
    "-k",
    "_l",
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


def test_catalogues_hold_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    sources = [p.name for p in ROOT.glob("*.py")] + [
        "core",
        "web",
        "staff",
        "camps",
        "registration",
    ]
    sources.append("templates")
    subprocess.run(
        [*EXTRACT, "-o", str(pot), *sources],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for po in CATALOGUES:
        with po.open("rb") as handle:
            have = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
        assert not wanted - have, f"{po}: run `make messages` and translate {wanted - have}"


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
