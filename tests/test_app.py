"""The factory's error pages and answers."""

import contextlib
import sqlite3

import psycopg
import pytest

from app import database_url
from camps.services import save_partner, save_venue
from core.db import commit
from staff.models import Role
from staff.services import create_staff
from tests.conftest import PASSWORD, api_token, running_app


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_accepts_every_postgresql_spelling(url, expected):
    assert database_url(url) == expected


def test_missing_page_is_a_translated_404_page(client):
    response = client.get("/no/such/page?lang=de")
    assert response.status_code == 404
    assert '<html lang="de">' in response.text


@contextlib.contextmanager
def writer_holding_the_lock(url: str):
    """Another writer that holds the database (SQLite) or the event table (PostgreSQL)."""
    if url.startswith("sqlite"):
        blocker = sqlite3.connect(url.removeprefix("sqlite:///"))
        blocker.execute("BEGIN IMMEDIATE")
    else:
        blocker = psycopg.connect(url.replace("+psycopg", ""))
        blocker.execute("LOCK TABLE event IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        blocker.rollback()
        blocker.close()


def test_busy_database_answers_503_and_writes_nothing(database):
    url, _fresh = database
    if url.startswith("sqlite"):
        options = {"connect_args": {"timeout": 0.2}}
    else:
        options = {"connect_args": {"options": "-c lock_timeout=200"}}
    with running_app(database, SQLALCHEMY_ENGINE_OPTIONS=options) as app:
        partner = save_partner(None, name="Alytus", country="LT")
        venue = save_venue(None, name="Camp", address="", country="LT", timezone="Europe/Vilnius")
        user = create_staff(
            "o@tiltas.example", role=Role.ORGANISER, password=PASSWORD, partner_id=partner.id
        )
        commit()
        client = app.test_client()
        headers = api_token(client, user)
        body = {
            "kind": "activity",
            "title": {"en": "Climbing"},
            "venue_id": venue.id,
            "starts_at": "2027-06-01T14:00",
            "ends_at": "2027-06-01T17:00",
            "capacity": 12,
        }
        with writer_holding_the_lock(url):
            response = client.post("/api/v1/events", headers=headers, json=body)
        assert response.status_code == 503, response.json
        assert response.json["error"]["code"] == "busy"
        assert response.headers["Retry-After"]
        assert client.get("/api/v1/events").json["events"] == []
