"""The roster's data: everyone by status, the queue's order, bursts numbered."""

from datetime import date, timedelta
from html.parser import HTMLParser

from camps.models import WaitlistMode
from core.db import commit
from extensions import db
from registration.models import ParticipantStatus
from registration.roster import event_roster
from registration.services import register
from registration.waitlist import cancel_participants
from staff.models import Role
from tests.conftest import NOW, family, login


def test_roster_groups_people_by_status_with_queue_positions(make_event, make_registration):
    event = make_event(capacity=2)
    seated, _t = make_registration(event, date(2014, 5, 1), date(2015, 5, 1))
    first, _t = make_registration(event, date(2013, 1, 1))
    second, _t = make_registration(event, date(2012, 1, 1))
    roster = event_roster(event.id)
    assert [p.booking_id for p in roster.groups["confirmed"]] == [seated.id, seated.id]
    assert [p.booking_id for p in roster.groups["waitlisted"]] == [first.id, second.id]
    assert roster.groups["offered"] == [] and roster.groups["cancelled"] == []
    assert roster.positions == {first.id: 1, second.id: 2}
    assert roster.bursts == [] and roster.burst_of == {}


def test_roster_numbers_the_bursts_of_one_source(make_event):
    event = make_event(capacity=50)
    bookings = [
        register(
            event.id,
            family(date(2014, 5, 1), guardian=f"Burst Family{n}"),
            now=NOW + timedelta(seconds=n),
            source="203.0.113.7",
        )[0]
        for n in range(11)
    ]
    commit()
    roster = event_roster(event.id)
    [(number, (_source, ids))] = roster.bursts
    assert number == 1 and ids == [booking.id for booking in bookings]
    assert roster.burst_of == {booking.id: 1 for booking in bookings}


class _Actions(HTMLParser):
    """The labels of each roster row's actions (buttons and links), in the page's order."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell, self._label = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "td" and ("class", "actions") in attrs:
            self._cell = True
            self.rows.append([])
        elif self._cell and tag in ("button", "a"):
            self._label = []

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = False
        elif self._cell and tag in ("button", "a") and self._label is not None:
            self.rows[-1].append("".join(self._label).strip())
            self._label = None

    def handle_data(self, data):
        if self._label is not None:
            self._label.append(data)


def test_erase_is_never_the_first_action_of_a_row_but_always_the_last(
    client, make_event, make_registration, make_staff
):
    event = make_event(capacity=2, waitlist_mode=WaitlistMode.OFFER)
    leaving, _t = make_registration(event, date(2014, 5, 1), now=NOW)
    make_registration(event, date(2013, 1, 1), now=NOW)
    offered, _t = make_registration(event, date(2012, 1, 1), now=NOW)
    make_registration(event, date(2011, 1, 1), now=NOW)
    cancel_participants(leaving.id, None, now=NOW)  # the next family is offered the place
    commit()
    db.session.refresh(offered)
    assert offered.participants[0].status == ParticipantStatus.OFFERED
    login(client, make_staff(Role.ORGANISER, partner=event.partner))
    parser = _Actions()
    parser.feed(client.get(f"/staff/events/{event.id}/roster").text)
    rows = parser.rows
    # Confirmed, offered, waiting and cancelled rows are all there.
    assert ["New ticket code", "Cancel place", "Erase"] in rows
    assert ["Give a place", "Cancel place", "Erase"] in rows
    assert ["Cancel place", "Erase"] in rows
    assert ["Erase"] in rows
    for actions in rows:
        if "Erase" in actions:
            assert actions[-1] == "Erase", actions
            assert len(actions) == 1 or actions[0] != "Erase", actions
