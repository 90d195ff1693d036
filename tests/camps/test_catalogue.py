"""Cached lists follow every change at once, on every server."""

from datetime import timedelta

from app import create_app
from camps.catalogue import catalogue_version
from camps.models import EventStatus
from camps.services import change_status, update_event
from core.db import commit, utcnow
from extensions import db
from tests.conftest import NOW, running_app


def _soon(days=30):
    return (utcnow() + timedelta(days=days)).replace(tzinfo=None, microsecond=0)


def test_lists_show_a_change_at_once(client, make_event):
    event = make_event(starts_at=_soon(), texts={"en": {"title": "Lake camp"}})
    assert "Lake camp" in client.get("/").text
    assert client.get("/api/v1/events").json["events"][0]["capacity"] == 30

    update_event(
        event.id, {"texts": {"en": {"title": "Forest camp"}}, "capacity": 25}, now=utcnow()
    )
    commit()
    assert "Forest camp" in client.get("/").text
    assert client.get("/api/v1/events").json["events"][0]["capacity"] == 25

    change_status(event.id, EventStatus.CANCELLED, now=utcnow())
    commit()
    assert "Cancelled" in client.get("/").text
    assert client.get("/api/v1/events").json["events"][0]["status"] == "cancelled"


def test_lists_are_cached_per_language_and_filter(client, make_event):
    make_event(
        starts_at=_soon(), texts={"en": {"title": "Lakeside days"}, "lt": {"title": "Stovykla"}}
    )
    assert "Stovykla" in client.get("/?lang=lt").text
    assert "Stovykla" not in client.get("/?lang=en").text
    assert "Lakeside days" in client.get("/?kind=survival_camp").text
    assert "Lakeside days" not in client.get("/?kind=workshop").text


def test_lists_work_with_the_cache_switched_off(database):
    with running_app(database, CATALOGUE_CACHE_SECONDS=0) as app:
        client = app.test_client()
        assert client.get("/api/v1/events").json["events"] == []
        assert "No events match these filters." in client.get("/").text


def test_cache_version_changes_with_every_change_even_when_the_clock_is_behind(
    client, make_event, make_registration
):
    make_event(starts_at=_soon(), texts={"en": {"title": "Lake camp"}}, now=NOW)
    later = make_event(starts_at=_soon(31), texts={"en": {"title": "Hill camp"}}, now=NOW)
    assert "Hill camp" in client.get("/").text
    seen = {catalogue_version()}

    # This server's clock is an hour behind the one that wrote the newest change.
    behind = NOW - timedelta(hours=1)
    update_event(later.id, {"texts": {"en": {"title": "Forest camp"}}}, now=behind)
    commit()
    seen.add(catalogue_version())
    assert "Forest camp" in client.get("/").text

    make_registration(later, now=utcnow() - timedelta(hours=1))
    seen.add(catalogue_version())
    assert client.get("/api/v1/events").json["events"][1]["places_left"] == 29
    assert len(seen) == 3


def test_two_servers_see_a_change_at_once(app, client, make_event):
    event = make_event(starts_at=_soon(), texts={"en": {"title": "Lake camp"}})
    other = create_app(dict(app.config))  # a second server on the same database
    other.test_client_class = app.test_client_class
    servers = [client, other.test_client()]
    for server in servers:
        assert "Lake camp" in server.get("/").text
        assert server.get("/api/v1/events").json["events"][0]["title"] == "Lake camp"

    update_event(event.id, {"texts": {"en": {"title": "Forest camp"}}}, now=NOW)
    commit()
    for server in servers:
        assert "Forest camp" in server.get("/").text
        assert server.get("/api/v1/events").json["events"][0]["title"] == "Forest camp"
    with other.app_context():
        db.engine.dispose()


def test_text_language_names_where_each_text_comes_from(make_event):
    from camps.catalogue import missing_languages, text_language

    event = make_event(
        texts={
            "en": {"title": "Lake camp", "summary": "Canoes."},
            "lt": {"title": "Stovykla", "summary": ""},
            "pl": {"title": "Obóz", "summary": "Kajaki."},
        }
    )
    assert text_language(event, "title", "lt") == "lt"
    assert text_language(event, "summary", "lt") == "en"  # empty: English shows
    assert text_language(event, "title", "de") == "en"
    assert text_language(event, "description", "lt") is None  # empty in both
    # Every language but English that lacks a text English has, in the order asked.
    assert missing_languages(event, ["en", "lt", "pl", "lv", "cs", "de"]) == [
        "lt",
        "lv",
        "cs",
        "de",
    ]
