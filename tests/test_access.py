"""Every role against every page, export and API route.

ACCESS names, for every route the app has, who may use it. The tests check that the table is
complete (a new route must be added here), that each allowed role gets its page, that every
other role is refused (the login page, 401, 403 — or "not found" where the id is not theirs),
and that another family's or another partner's id answers "not found" and changes nothing.
"""

import dataclasses
from datetime import date

import pytest
import sqlalchemy as sa

from camps.facility import add_closure
from camps.models import Bed, Closure, Event, Room, RoomKind
from core.db import commit
from extensions import db
from registration.models import Participant, Stay, Ticket
from staff.models import Role
from tests.conftest import api_token, guest_stay, login

ANON, FAMILY, SCANNER, FACILITY, ORGANISER, ADMIN = (
    "anonymous",
    "family",
    "scanner",
    "facility",
    "organiser",
    "admin",
)
ROLES = (ANON, FAMILY, SCANNER, FACILITY, ORGANISER, ADMIN)
EVERYONE = frozenset(ROLES)
STAFF = frozenset({SCANNER, FACILITY, ORGANISER, ADMIN})


@dataclasses.dataclass(frozen=True)
class Route:
    method: str
    path: str
    allowed: frozenset
    #: The path holds a family's or a partner's id: with another's, "not found".
    scoped: bool = False
    #: What an allowed role gets.
    ok: int = 200


def route(method, path, *allowed, scoped=False, ok=200):
    return Route(method, path, frozenset(allowed), scoped, ok)


ORG = (ORGANISER, ADMIN)
FAC = (FACILITY, ADMIN)
GATE = (SCANNER, ORGANISER, ADMIN)
BOOKING = (FAMILY, ORGANISER, ADMIN)

#: endpoint → its routes. Paths use {event}, {booking}, {participant}, {venue}, {stay}, {closure},
#: {partner}, {user}, {code}, {token}: filled with the organiser's and family's own objects, or
#: with another partner's and family's ("theirs") where the route is scoped.
ACCESS = {
    # the public site
    "camps.event_list": [route("GET", "/", *EVERYONE)],
    "camps.event_detail": [route("GET", "/events/{event}", *EVERYONE)],
    "camps.event_ical": [route("GET", "/events/{event}.ics", *EVERYONE)],
    "camps.calendar_feed": [route("GET", "/calendar.ics", *EVERYONE)],
    "camps.set_language": [route("POST", "/language", *EVERYONE, ok=302)],
    "privacy.notice_page": [route("GET", "/privacy", *EVERYONE)],
    "privacy.version_page": [route("GET", "/privacy/1", *EVERYONE)],
    "registration.register_view": [route("GET", "/events/{event}/register", *EVERYONE)],
    "registration.resend_link": [route("GET", "/booking/resend", *EVERYONE)],
    "registration.open_booking": [route("GET", "/b/{token}", *EVERYONE, ok=302)],
    "registration.booking_calendar": [route("GET", "/b/{token}/calendar.ics", *EVERYONE)],
    "registration.ticket_png": [route("GET", "/t/{code}.png", *EVERYONE)],
    "registration.ticket_svg": [route("GET", "/t/{code}.svg", *EVERYONE)],
    "scan.service_worker": [route("GET", "/staff/scan/sw.js", *EVERYONE)],
    "scan.vendor": [route("GET", "/staff/scan/vendor/jsQR.js", *EVERYONE)],
    "auth.login_view": [route("GET", "/staff/login", *EVERYONE)],
    "auth.logout_view": [route("POST", "/staff/logout", *EVERYONE, ok=302)],
    # the family's booking (the browser that opened its link, or the staff who manage it)
    "registration.booking": [route("GET", "/booking/{booking}", *BOOKING, scoped=True)],
    "registration.print_booking": [route("GET", "/booking/{booking}/print", *BOOKING, scoped=True)],
    "registration.ticket_sheet": [
        route("GET", "/booking/{booking}/tickets", *BOOKING, scoped=True)
    ],
    "registration.booking_calendar_download": [
        route("GET", "/booking/{booking}/calendar.ics", *BOOKING, scoped=True)
    ],
    "registration.cancel_booking": [
        route("GET", "/booking/{booking}/cancel", *BOOKING, scoped=True)
    ],
    "registration.erase_booking": [route("GET", "/booking/{booking}/erase", *BOOKING, scoped=True)],
    "registration.download_data": [route("GET", "/booking/{booking}/data", *BOOKING, scoped=True)],
    # The link's QR only for the browser that holds the link; a new link only from its staff.
    "registration.booking_link_qr": [
        route("GET", "/booking/{booking}/link.png", FAMILY, scoped=True)
    ],
    "registration.new_booking_link": [
        route("POST", "/booking/{booking}/new-link", *ORG, scoped=True)
    ],
    "registration.accept_booking": [
        route("POST", "/booking/{booking}/accept", *BOOKING, scoped=True, ok=302)
    ],
    # staff pages
    "camps_staff.events": [route("GET", "/staff/", *ORG)],
    "camps_staff.event_edit": [
        route("GET", "/staff/events/new", *ORG),
        route("GET", "/staff/events/{event}/edit", *ORG, scoped=True),
    ],
    "camps_staff.event_cancel": [route("GET", "/staff/events/{event}/cancel", *ORG, scoped=True)],
    "camps_staff.event_status": [
        route("POST", "/staff/events/{event}/status", *ORG, scoped=True, ok=302)
    ],
    "camps_staff.partners": [route("GET", "/staff/partners", ADMIN)],
    "camps_staff.partner_edit": [
        route("GET", "/staff/partners/new", ADMIN),
        route("GET", "/staff/partners/{partner}", ADMIN),
    ],
    "camps_staff.venues": [route("GET", "/staff/venues", ADMIN)],
    "camps_staff.venue_edit": [
        route("GET", "/staff/venues/new", ADMIN),
        route("GET", "/staff/venues/{venue}", ADMIN),
    ],
    "registration.register_on_behalf": [
        route("GET", "/staff/events/{event}/register", *ORG, scoped=True)
    ],
    "registration_staff.roster": [route("GET", "/staff/events/{event}/roster", *ORG, scoped=True)],
    "registration_staff.sheet": [
        route("GET", f"/staff/events/{{event}}/sheets/{kind}{suffix}", *ORG, scoped=True)
        for kind in ("roster", "kitchen", "health", "emergency", "pickup")
        for suffix in ("", "?format=csv", "?format=xlsx")
    ],
    "registration_staff.family_data": [
        route("GET", "/staff/bookings/{booking}/data.json", *ORG, scoped=True)
    ],
    "registration_staff.cancel_participant": [
        route("POST", "/staff/participants/{participant}/cancel", *ORG, scoped=True, ok=302)
    ],
    "registration_staff.cancel_burst_view": [
        route("POST", "/staff/events/{event}/bursts/cancel", *ORG, scoped=True, ok=302)
    ],
    "registration_staff.promote_participant": [
        route("POST", "/staff/participants/{participant}/promote", *ORG, scoped=True, ok=302)
    ],
    "registration_staff.reissue": [
        route("POST", "/staff/participants/{participant}/reissue", *ORG, scoped=True, ok=302)
    ],
    "registration_staff.erase": [
        route("GET", "/staff/participants/{participant}/erase", *ORG, scoped=True)
    ],
    "registration_staff.gate": [route("GET", "/staff/events/{event}/gate", *GATE, scoped=True)],
    "registration_staff.checkin_sheet": [
        route("GET", "/staff/events/{event}/checkin-sheet", *GATE, scoped=True)
    ],
    "registration_staff.calendar_page": [route("GET", "/staff/calendar", *STAFF)],
    "registration_staff.calendar_feed": [route("GET", "/staff/calendar/{token}.ics")],
    "registration_staff.programme_report_page": [
        route("GET", "/staff/reports", *ORG),
        route("GET", "/staff/reports?format=csv", *ORG),
        route("GET", "/staff/reports?format=xlsx", *ORG),
    ],
    "scan.scanner": [route("GET", "/staff/scan", *GATE)],
    "scan.token": [route("POST", "/staff/scan/token", *GATE)],
    "facility.index": [route("GET", "/staff/facility", *FAC, ok=302)],  # to the one facility
    "facility.board": [route("GET", "/staff/facility/{venue}/board", *FAC)],
    "facility.today": [route("GET", "/staff/facility/{venue}/today", *FAC)],
    "facility.report": [
        route("GET", "/staff/facility/{venue}/report", *FAC),
        route("GET", "/staff/facility/{venue}/report?format=csv", *FAC),
    ],
    "facility.rooms": [route("GET", "/staff/facility/{venue}/rooms", *FAC)],
    "facility.new_stay": [route("GET", "/staff/facility/{venue}/stays/new", *FAC)],
    "facility.stay_page": [route("GET", "/staff/facility/stays/{stay}", *FAC)],
    "facility.stay_action": [route("POST", "/staff/facility/stays/{stay}/check_in", *FAC, ok=302)],
    "facility.allocate": [route("GET", "/staff/facility/events/{event}/allocate", *FAC)],
    "auth.staff_list": [route("GET", "/staff/accounts", ADMIN)],
    "auth.staff_edit": [
        route("GET", "/staff/accounts/new", ADMIN),
        route("GET", "/staff/accounts/{user}", ADMIN),
    ],
    "auth.audit_log": [route("GET", "/staff/audit", ADMIN)],
    "privacy.edit_page": [route("GET", "/staff/privacy", ADMIN)],
    # the API (staff by bearer token)
    "staff_api.token": [route("POST", "/api/v1/auth/token", *EVERYONE, ok=422)],
    "api.openapi_document": [route("GET", "/api/v1/openapi.json", *EVERYONE)],
    "registration_api.get_privacy": [route("GET", "/api/v1/privacy", *EVERYONE)],
    "camps_api.list_events": [route("GET", "/api/v1/events", *EVERYONE)],
    "camps_api.get_event": [route("GET", "/api/v1/events/{event}", *EVERYONE)],
    "camps_api.post_event": [route("POST", "/api/v1/events", *ORG, ok=422)],
    "camps_api.patch_event": [route("PATCH", "/api/v1/events/{event}", *ORG, scoped=True, ok=200)],
    "registration_api.post_registration": [
        route("POST", "/api/v1/events/{event}/registrations", ANON, FAMILY, *ORG, ok=422)
    ],
    "registration_api.get_booking": [route("GET", "/api/v1/bookings/{token}", *EVERYONE)],
    "registration_api.post_cancel": [
        route("POST", "/api/v1/bookings/{token}/cancel", *EVERYONE, ok=422)
    ],
    "registration_api.post_accept": [
        route("POST", "/api/v1/bookings/{token}/accept", *EVERYONE, ok=409)
    ],
    "checkin_api.checkin": [route("POST", "/api/v1/checkin", *GATE, ok=422)],
    "checkin_api.checkin_batch": [route("POST", "/api/v1/checkin/batch", *GATE, ok=422)],
    "checkin_api.checkin_sync": [
        route("GET", "/api/v1/events/{event}/checkin/sync", *GATE, scoped=True)
    ],
    "checkin_api.event_attendance": [
        route("GET", "/api/v1/events/{event}/attendance", *GATE, scoped=True)
    ],
    "facility_api.facilities": [route("GET", "/api/v1/facilities", *FAC)],
    "facility_api.facility_occupancy": [
        route("GET", "/api/v1/facilities/{venue}/occupancy?from=2027-07-01&to=2027-07-31", *FAC)
    ],
    "facility_api.post_closure": [route("POST", "/api/v1/closures", *FAC, ok=422)],
    "facility_api.delete_closure": [route("DELETE", "/api/v1/closures/{closure}", *FAC, ok=204)],
    "facility_api.post_stay": [route("POST", "/api/v1/stays", *FAC, ok=422)],
    "facility_api.delete_stay": [route("DELETE", "/api/v1/stays/{stay}", *FAC, ok=200)],
    "facility_api.check_in_stay": [route("POST", "/api/v1/stays/{stay}/check-in", *FAC, ok=200)],
    "facility_api.check_out_stay": [route("POST", "/api/v1/stays/{stay}/check-out", *FAC, ok=409)],
}

#: Routes the table leaves out, and why.
NOT_ROUTES = {"static"}


class World:
    """Two partners' events with a family each, the facility with a stay, staff of each role."""

    def __init__(self, app, make_event, make_registration, make_staff, make_venue):
        facility = make_venue(name="Antazavė")
        room = Room(venue_id=facility.id, name="R01", floor=1, kind=RoomKind.DORMITORY)
        db.session.add(room)
        db.session.flush()
        bed = Bed(room_id=room.id, label="R01-1")
        db.session.add(bed)
        commit()
        mine = make_event(venue=facility)
        theirs = make_event()
        self.booking, self.token = make_registration(mine, date(2014, 5, 1))
        self.their_booking, self.their_token = make_registration(theirs, date(2013, 3, 3))
        stay = guest_stay(bed, date(2027, 7, 5), date(2027, 7, 7))
        closure = add_closure(
            room_id=None,
            bed_id=bed.id,
            starts_on=date(2027, 8, 1),
            ends_on=date(2027, 8, 2),
            reason="repair",
        )
        commit()
        self.staff = {
            SCANNER: make_staff(Role.SCANNER),
            FACILITY: make_staff(Role.FACILITY),
            ORGANISER: make_staff(Role.ORGANISER, partner=mine.partner),
            ADMIN: make_staff(Role.ADMIN),
        }
        person = self.booking.participants[0]
        code = db.session.scalar(sa.select(Ticket.code).filter_by(participant_id=person.id))
        self.values = {
            "event": mine.id,
            "booking": self.booking.id,
            "participant": person.id,
            "venue": facility.id,
            "stay": stay.id,
            "closure": closure.id,
            "partner": mine.partner_id,
            "user": self.staff[SCANNER].id,
            "code": code,
            "token": self.token,
        }
        self.theirs = {
            **self.values,
            "event": theirs.id,
            "booking": self.their_booking.id,
            "participant": self.their_booking.participants[0].id,
            "token": self.their_token,
        }
        self.app = app
        self._clients = {}
        self._headers = {}

    def client(self, role):
        """A browser: staff logged in, the family with its booking opened."""
        if role not in self._clients:
            client = self.app.test_client()
            if role == FAMILY:
                client.get(f"/b/{self.token}")
            elif role in self.staff:
                login(client, self.staff[role])
            self._clients[role] = client
        return self._clients[role]

    def headers(self, role):
        """An API caller: staff carry their bearer token, others nothing."""
        if role not in self._headers:
            staff = self.staff.get(role)
            self._headers[role] = api_token(self.app.test_client(), staff) if staff else {}
        return self._headers[role]

    def call(self, role, rule: Route, values: dict):
        path = rule.path.format(**values)
        if path.startswith("/api/"):
            client, headers = self.app.test_client(), self.headers(role)
            body = {} if rule.method in ("POST", "PATCH") else None
            return client.open(path, method=rule.method, headers=headers, json=body)
        if role == ANON or path.startswith("/b/"):
            # A booking link grants its booking to whoever opens it: keep that out of the
            # browsers that the other routes are tried with.
            return self.app.test_client().open(path, method=rule.method)
        return self.client(role).open(path, method=rule.method)

    def snapshot(self):
        """What a refused request must leave as it was."""
        rows = [
            sa.select(Event.id, Event.status, Event.capacity, Event.seats_taken),
            sa.select(Participant.id, Participant.status, Participant.first_name),
            sa.select(Ticket.id, Ticket.code, Ticket.revoked_at, Ticket.inside),
            sa.select(Stay.id, Stay.status, Stay.checked_in_at),
            sa.select(Closure.id),
        ]
        db.session.expire_all()
        return [
            db.session.execute(query.order_by(query.selected_columns[0])).all() for query in rows
        ]


@pytest.fixture
def world(app, make_event, make_registration, make_staff, make_venue):
    return World(app, make_event, make_registration, make_staff, make_venue)


def refusals(role: str, rule: Route) -> set[int]:
    """The answers a role not allowed on a route may get."""
    api = rule.path.startswith("/api/")
    if api:
        return {401} if role in (ANON, FAMILY) else {403, 404}
    if rule.path.startswith("/booking/"):
        return {404}
    if role in (ANON, FAMILY):
        return {302}  # to the login page
    return {403}


def test_every_route_is_in_the_access_table(app):
    routes = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    missing = set(routes) - set(ACCESS) - NOT_ROUTES
    assert not missing, f"add these routes to ACCESS: {sorted(missing)}"
    assert not set(ACCESS) - set(routes), "ACCESS names a route that no longer exists"
    for endpoint, rules in ACCESS.items():
        methods = routes[endpoint].methods
        for rule in rules:
            assert rule.method in methods, (endpoint, rule.method)


ALL_ROUTES = [rule for rules in ACCESS.values() for rule in rules]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_pages_it_may_see(world, role):
    wrong = []
    for rule in ALL_ROUTES:
        if rule.method != "GET" or not rule.allowed:
            continue
        response = world.call(role, rule, world.values)
        if role in rule.allowed:
            expected = {rule.ok}
        else:
            expected = refusals(role, rule)
            if response.status_code == 302 and "/staff/login" not in response.headers["Location"]:
                expected = set()
        if response.status_code not in expected:
            wrong.append((rule.path, response.status_code, sorted(expected)))
    assert not wrong, wrong


@pytest.mark.parametrize("role", ROLES)
def test_roles_not_allowed_to_change_something_are_refused_and_nothing_changes(world, role):
    before = world.snapshot()
    wrong = []
    for rule in ALL_ROUTES:
        if rule.method == "GET" or role in rule.allowed:
            continue
        response = world.call(role, rule, world.values)
        if response.status_code not in refusals(role, rule):
            wrong.append((rule.method, rule.path, response.status_code))
    assert not wrong, wrong
    assert world.snapshot() == before


@pytest.mark.parametrize("role", [FAMILY, ORGANISER])
def test_another_familys_or_partners_id_is_not_found(world, role):
    """With the ids of another partner's event and another family's booking."""
    before = world.snapshot()
    wrong = []
    for rule in ALL_ROUTES:
        if rule.scoped and role in rule.allowed:
            response = world.call(role, rule, world.theirs)
            if response.status_code != 404:
                wrong.append((rule.method, rule.path, response.status_code))
    assert not wrong, wrong
    assert world.snapshot() == before


def test_calendar_feeds_need_their_own_secret(world):
    for role in ROLES:
        assert world.client(role).get("/staff/calendar/not-a-token.ics").status_code == 404
