"""List pages run a fixed number of SQL statements, however many events there are."""

from datetime import timedelta

import pytest

from core.db import utcnow
from extensions import db


@pytest.fixture
def many_events(make_event, make_venue, make_partner):
    def make(count):
        venues = [make_venue() for _ in range(3)]
        partners = [make_partner() for _ in range(3)]
        start = (utcnow() + timedelta(days=10)).replace(tzinfo=None, microsecond=0)
        events = [
            make_event(
                venue=venues[i % 3],
                partner=partners[i % 3],
                starts_at=start + timedelta(hours=i),
                texts={"en": {"title": f"Event {i}"}, "lt": {"title": f"Renginys {i}"}},
            )
            for i in range(count)
        ]
        db.session.expire_all()
        return events

    return make


def _count(client, count_queries, path, *, cold=True):
    if cold:
        client.application.extensions["catalogue_cache"][0].clear()
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize(
    "path", ["/", "/?kind=survival_camp&age=12&country=LT", "/api/v1/events", "/calendar.ics"]
)
def test_lists_run_a_fixed_number_of_queries(client, count_queries, many_events, path):
    many_events(10)
    small = _count(client, count_queries, path)
    many_events(490)
    large = _count(client, count_queries, path)
    assert small == large, (small, large)
    assert large <= 6
    # Served again, a list costs only the version check (and the country list on pages).
    assert _count(client, count_queries, path, cold=False) <= 2


def test_event_page_runs_a_fixed_number_of_queries(client, count_queries, many_events):
    events = many_events(10)
    small = _count(client, count_queries, f"/events/{events[0].id}")
    events += many_events(490)
    large = _count(client, count_queries, f"/events/{events[-1].id}")
    assert small == large <= 3
