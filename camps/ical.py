"""Events as RFC 5545 calendars: pure functions from events to bytes."""

from collections.abc import Iterable
from datetime import timedelta

import icalendar

from camps.models import Event, EventStatus

PRODID = "-//Tiltas//Tiltas events//EN"


def event_component(event: Event, *, locale: str, url: str) -> icalendar.Event:
    zone = event.venue.zone
    component = icalendar.Event()
    component.add("uid", f"{event.uid}@tiltas")
    # DTSTAMP is the revision time, not "now", so an unchanged feed keeps its ETag.
    component.add("dtstamp", event.updated_at)
    component.add("created", event.created_at)
    component.add("last-modified", event.updated_at)
    component.add("sequence", event.sequence)
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    component.add("summary", event.text("title", locale))
    description = "\n\n".join(
        part
        for part in (
            event.text("summary", locale),
            event.text("description", locale),
            event.text("practical_info", locale),
            url,
        )
        if part
    )
    component.add("description", description)
    venue = event.venue
    component.add("location", ", ".join(part for part in (venue.name, venue.address) if part))
    component.add("url", url)
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    component.add("categories", [event.kind.value.replace("_", "-")])
    return component


def events_to_ical(
    events: Iterable[Event], *, name: str, locale: str, urls: dict[int, str]
) -> bytes:
    """A calendar of the events, with a VTIMEZONE for every zone they use."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    days = []
    for event in events:
        calendar.add_component(event_component(event, locale=locale, url=urls[event.id]))
        days += [event.starts_at.date(), event.ends_at.date()]
    if days:
        # Zone rules only for the years the events need keep feeds small.
        calendar.add_missing_timezones(
            first_date=min(days) - timedelta(days=366), last_date=max(days) + timedelta(days=366)
        )
    return calendar.to_ical()
