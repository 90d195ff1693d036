"""Cached lists follow every change at once."""

from datetime import timedelta

from camps.models import EventStatus
from camps.services import change_status, update_event
from core.db import commit, utcnow
from tests.conftest import running_app


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
