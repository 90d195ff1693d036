"""Each staff member's private, revocable calendar feed."""

import re

import vobject

from core.db import commit
from staff.models import Role
from staff.services import rotate_calendar_token, update_staff
from tests.conftest import login


def test_staff_feed_lists_the_events_one_organises_and_can_be_rotated(
    client, make_event, make_staff
):
    organiser = make_staff(Role.ORGANISER)
    own = make_event(partner=organiser.partner, texts={"en": {"title": "Our camp"}})
    make_event(texts={"en": {"title": "Their camp"}})
    login(client, organiser)
    page = client.post("/staff/calendar").text
    link = re.search(r'value="(https://tiltas\.test/staff/calendar/[^"]+\.ics)"', page).group(1)
    path = link.removeprefix("https://tiltas.test")
    client.post("/staff/logout")
    feed = client.get(path)  # no login needed: the secret is the key
    assert feed.status_code == 200
    calendar = vobject.readOne(feed.data.decode())
    assert [item.summary.value for item in calendar.vevent_list] == ["Our camp"]
    assert own.uid in feed.text
    login(client, organiser)
    client.post("/staff/calendar")  # a new link: the old one stops working
    assert client.get(path).status_code == 404


def test_a_disabled_account_loses_its_feed(app, client, make_staff):
    user = make_staff(Role.SCANNER)
    token = rotate_calendar_token(user)
    commit()
    assert client.get(f"/staff/calendar/{token}.ics").status_code == 200
    update_staff(user, role=user.role, partner_id=None, is_enabled=False)
    commit()
    assert client.get(f"/staff/calendar/{token}.ics").status_code == 404
