"""Calendar feeds, read back by a second parser (vobject) that shares no code with icalendar."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject

from camps.models import EventKind, EventStatus
from camps.services import change_status, update_event
from core.db import commit, utcnow


def _soon(days):
    return (utcnow() + timedelta(days=days)).replace(tzinfo=None, second=0, microsecond=0)


def parse(body: bytes):
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded
    return vobject.readOne(body.decode())


def vevents(calendar) -> dict:
    return {str(item.uid.value): item for item in calendar.vevent_list}


def test_event_feed_has_local_times_with_its_zone(client, make_event, make_venue):
    venue = make_venue(name="Ełk lake camp", country="PL", timezone="Europe/Warsaw")
    event = make_event(
        venue=venue, starts_at=datetime(2027, 7, 5, 10, 0), ends_at=datetime(2027, 7, 9, 16, 0)
    )
    calendar = parse(client.get(f"/events/{event.id}.ics").data)
    (item,) = calendar.vevent_list
    start, end = item.dtstart.value, item.dtend.value
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2027, 7, 5, 10, 0)
    assert start.utcoffset() == timedelta(hours=2)
    assert end.astimezone(ZoneInfo("UTC")).hour == 14
    assert [tz.tzid.value for tz in calendar.vtimezone_list] == ["Europe/Warsaw"]
    assert item.location.value.startswith("Ełk lake camp")
    assert item.url.value == f"https://tiltas.test/events/{event.id}"
    assert "organizer" not in item.contents
    assert item.dtstamp.value is not None


def test_camp_across_a_daylight_saving_change_keeps_its_local_times(client, make_event):
    # Clocks go forward in Vilnius at 03:00 on Sunday 28 March 2027.
    event = make_event(starts_at=datetime(2027, 3, 26, 15, 0), ends_at=datetime(2027, 3, 29, 12, 0))
    (item,) = parse(client.get(f"/events/{event.id}.ics").data).vevent_list
    start, end = item.dtstart.value, item.dtend.value
    assert (start.hour, start.utcoffset()) == (15, timedelta(hours=2))
    assert (end.hour, end.utcoffset()) == (12, timedelta(hours=3))
    utc = ZoneInfo("UTC")
    assert end.astimezone(utc) - start.astimezone(utc) == timedelta(days=2, hours=20)


def test_feed_lists_every_published_upcoming_event_with_every_zone(client, make_event, make_venue):
    zones = ["Europe/Vilnius", "Europe/Warsaw", "Europe/Riga", "Europe/Prague", "Europe/Berlin"]
    made = [
        make_event(venue=make_venue(timezone=zone), starts_at=_soon(10 + i), kind=kind)
        for i, (zone, kind) in enumerate(zip(zones, list(EventKind) * 2, strict=False))
    ]
    make_event(status=EventStatus.DRAFT, starts_at=_soon(5))
    calendar = parse(client.get("/calendar.ics").data)
    assert set(vevents(calendar)) == {f"{e.uid}@tiltas" for e in made}
    assert {tz.tzid.value for tz in calendar.vtimezone_list} == set(zones)
    for event in made:
        item = vevents(calendar)[f"{event.uid}@tiltas"]
        local = event.starts_at.astimezone(event.venue.zone)
        assert item.dtstart.value == local
        assert item.dtstart.value.hour == local.hour


def test_feed_filters_by_kind(client, make_event):
    workshop = make_event(kind=EventKind.WORKSHOP, starts_at=_soon(5))
    make_event(starts_at=_soon(6))
    calendar = parse(client.get("/calendar.ics?kind=workshop").data)
    assert set(vevents(calendar)) == {f"{workshop.uid}@tiltas"}
    assert client.get("/calendar.ics?kind=bogus").status_code == 200


def test_changed_event_keeps_its_uid_and_raises_its_sequence(client, make_event):
    event = make_event(starts_at=_soon(20))
    first = vevents(parse(client.get("/calendar.ics").data))[f"{event.uid}@tiltas"]
    update_event(event.id, {"capacity": 12}, now=utcnow())
    commit()
    second = vevents(parse(client.get("/calendar.ics").data))[f"{event.uid}@tiltas"]
    assert int(second.sequence.value) == int(first.sequence.value) + 1


def test_cancelled_event_stays_in_the_feed_as_cancelled(client, make_event):
    event = make_event(starts_at=_soon(20))
    change_status(event.id, EventStatus.CANCELLED, now=utcnow())
    commit()
    item = vevents(parse(client.get("/calendar.ics").data))[f"{event.uid}@tiltas"]
    assert item.status.value == "CANCELLED"
    item = vevents(parse(client.get(f"/events/{event.id}.ics").data))[f"{event.uid}@tiltas"]
    assert item.status.value == "CANCELLED"


def test_feed_answers_if_none_match_with_304(client, make_event):
    make_event(starts_at=_soon(20))
    first = client.get("/calendar.ics")
    etag = first.headers["ETag"]
    assert first.headers["Content-Type"].startswith("text/calendar")
    again = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_feed_etag_changes_when_an_event_changes(client, make_event):
    event = make_event(starts_at=_soon(20))
    etag = client.get("/calendar.ics").headers["ETag"]
    change_status(event.id, EventStatus.CANCELLED, now=utcnow())
    commit()
    response = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


@pytest.mark.parametrize("lang", ["lt", "de"])
def test_feed_speaks_the_requests_language(client, make_event, lang):
    event = make_event(
        starts_at=_soon(20),
        texts={"en": {"title": "Camp"}, "lt": {"title": "Stovykla"}, "de": {"title": "Lager"}},
    )
    item = vevents(parse(client.get(f"/calendar.ics?lang={lang}").data))[f"{event.uid}@tiltas"]
    assert item.summary.value == {"lt": "Stovykla", "de": "Lager"}[lang]


def test_feed_links_use_base_url_not_the_host_header(client, make_event):
    event = make_event(starts_at=_soon(20))
    body = client.get("/calendar.ics", headers={"Host": "evil.example"}).data.decode()
    assert "evil.example" not in body
    assert f"https://tiltas.test/events/{event.id}" in body.replace("\r\n ", "")
