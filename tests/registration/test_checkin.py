"""Check-in through the API: every answer code, offline batches, sync, attendance, races."""

import concurrent.futures
import hashlib
import re
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from bench.load import call
from camps.models import EventStatus
from camps.services import change_status, update_event
from core.db import commit
from extensions import db, limiter
from registration import checkin
from registration.models import ConsentKind, Scan
from registration.services import register
from registration.tickets import reissue_ticket, valid_ticket
from registration.waitlist import cancel_participants
from staff.models import Role
from tests.conftest import NOW, api_token, at_once, family, login


@pytest.fixture
def gate(client, make_event, make_registration, make_staff):
    """A camp with one confirmed child, one waiting, and a scanner's token."""
    event = make_event(capacity=1)
    booking, _t = make_registration(event, date(2014, 5, 1))
    waiting, _t = make_registration(event, date(2013, 5, 1))
    scanner = make_staff(Role.SCANNER)

    class Gate:
        def __init__(self):
            self.client = client
            self.event, self.booking, self.waiting = event, booking, waiting
            self.code = valid_ticket(booking.participants[0]).code
            self.headers = api_token(client, scanner)

        def scan(self, code=None, direction="in", event_id=None, **extra):
            body = {
                "code": code or self.code,
                "event_id": event_id or event.id,
                "direction": direction,
                **extra,
            }
            response = client.post("/api/v1/checkin", json=body, headers=self.headers)
            assert response.status_code == 200, response.json
            return response.json

    return Gate()


def test_entry_is_recorded_with_name_initial_age_and_attention(gate):
    answer = gate.scan()
    assert answer["ok"] is True and answer["code"] == "ok"
    participant = gate.booking.participants[0]
    assert answer["participant"] == {
        "display_name": f"{participant.first_name} {participant.last_name[0]}.",
        "age": participant.age,
        "attention": False,
        "photos": False,
    }
    assert answer["on_site_now"] == 1 and answer["first_scan_at"] is None


def test_second_entry_says_already_inside_since_the_first_scan(gate):
    first = gate.scan()
    second = gate.scan()
    assert first["ok"] and not second["ok"]
    assert second["code"] == "already_checked_in"
    assert second["first_scan_at"].endswith("+03:00") or second["first_scan_at"].endswith("+02:00")
    assert "since" in second["message"]
    assert db.session.scalar(sa.select(sa.func.count(Scan.id)).filter_by(result="ok")) == 1


def test_leaving_and_coming_back_is_allowed(gate):
    assert gate.scan(direction="in")["ok"]
    out = gate.scan(direction="out")
    assert out["ok"] and out["on_site_now"] == 0
    assert gate.scan(direction="out")["code"] == "not_checked_in"
    assert gate.scan(direction="in")["ok"]


def test_unknown_cancelled_waitlisted_and_wrong_event_are_refused(
    gate, make_event, make_registration
):
    assert gate.scan(code="NOSUCHTICKETCODE")["code"] == "unknown_ticket"
    other = make_event()
    other_booking, _t = make_registration(other)
    other_code = valid_ticket(other_booking.participants[0]).code
    assert gate.scan(code=other_code)["code"] == "wrong_event"
    old = gate.code
    reissue_ticket(gate.booking.participants[0].id, now=NOW)
    commit()
    assert gate.scan(code=old)["code"] == "cancelled"
    cancel_participants(gate.booking.id, None, now=NOW)
    commit()
    # The waiting child was promoted into the freed place and has a ticket now.
    assert valid_ticket(gate.waiting.participants[0]) is not None


def test_waitlisted_ticket_answers_not_confirmed(gate):
    participant = gate.booking.participants[0]
    participant.status = "waitlisted"  # moved back to the waiting list by an organiser
    commit()
    answer = gate.scan()
    assert answer["code"] == "not_confirmed" and answer["participant"] is None


def test_scanner_sees_attention_never_the_health_note(
    client, make_event, make_registration, make_staff
):
    event = make_event()
    data = family(date(2014, 1, 1), consents={ConsentKind.HEALTH_DATA: True})
    data.participants[0].health_notes = "Severe nut allergy: EpiPen in the red bag."
    booking, _t = register(event.id, data, now=NOW)
    commit()
    headers = api_token(client, make_staff(Role.SCANNER))
    body = {"code": valid_ticket(booking.participants[0]).code, "event_id": event.id}
    response = client.post("/api/v1/checkin", json=body, headers=headers)
    assert response.json["participant"]["attention"] is True
    assert "nut" not in response.text and "EpiPen" not in response.text
    sync = client.get(f"/api/v1/events/{event.id}/checkin/sync", headers=headers)
    assert "EpiPen" not in sync.text and sync.json["tickets"][0]["attention"] is True


def test_repeated_nonce_records_nothing_new(gate):
    first = gate.scan(nonce="device-1-scan-1")
    again = gate.scan(nonce="device-1-scan-1")
    assert first == again and first["ok"]
    assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 1


def test_offline_scan_keeps_its_scan_time_and_arrival_time(gate):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from babel.dates import format_skeleton

    gate.scan(nonce="n1", scanned_at="2027-07-05T10:42:00+03:00")
    scan = db.session.scalar(sa.select(Scan))
    assert scan.scanned_at.isoformat() == "2027-07-05T07:42:00+00:00"
    assert scan.received_at != scan.scanned_at
    # "Already inside since 10:42": Babel's "Hm" (core/formatting.py) at the venue.
    since = format_skeleton(
        "Hm",
        datetime.fromisoformat("2027-07-05T10:42:00+03:00"),
        tzinfo=ZoneInfo(gate.event.venue.timezone),
        locale="en",
    )
    assert since in gate.scan(nonce="n2")["message"]


def test_batch_upload_answers_in_order_exactly_once(client, gate):
    items = [
        {"code": gate.code, "event_id": gate.event.id, "direction": "in", "nonce": "a"},
        {"code": gate.code, "event_id": gate.event.id, "direction": "in", "nonce": "b"},
        {"code": "BOGUS", "event_id": gate.event.id, "direction": "in", "nonce": "c"},
        {"code": gate.code, "event_id": gate.event.id, "direction": "out", "nonce": "d"},
        {"event_id": "x"},
    ]
    first = client.post("/api/v1/checkin/batch", json={"items": items}, headers=gate.headers)
    assert first.status_code == 200
    codes = [r["code"] for r in first.json["results"]]
    assert codes == ["ok", "already_checked_in", "unknown_ticket", "ok", "validation"]
    again = client.post("/api/v1/checkin/batch", json={"items": items}, headers=gate.headers)
    assert again.json["results"][:4] == first.json["results"][:4]
    assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 4


def test_sync_lists_hashes_not_codes_and_answers_304(client, gate):
    url = f"/api/v1/events/{gate.event.id}/checkin/sync"
    response = client.get(url, headers=gate.headers)
    assert response.status_code == 200
    assert gate.code not in response.text
    (ticket,) = response.json["tickets"]
    assert ticket["code_sha256"] == hashlib.sha256(gate.code.encode()).hexdigest()
    assert ticket["status"] == "confirmed" and ticket["inside"] is False
    again = client.get(url, headers={**gate.headers, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    gate.scan()
    changed = client.get(url, headers={**gate.headers, "If-None-Match": response.headers["ETag"]})
    assert changed.status_code == 200 and changed.json["tickets"][0]["inside"] is True


def test_attendance_counts_people(client, gate):
    url = f"/api/v1/events/{gate.event.id}/attendance"
    assert client.get(url, headers=gate.headers).json == {
        "confirmed": 1,
        "waitlisted": 1,
        "checked_in": 0,
        "on_site_now": 0,
    }
    gate.scan()
    gate.scan(direction="out")
    assert client.get(url, headers=gate.headers).json == {
        "confirmed": 1,
        "waitlisted": 1,
        "checked_in": 1,
        "on_site_now": 0,
    }


def test_checkin_needs_a_scanner_or_the_organiser(client, gate, make_staff):
    body = {"code": gate.code, "event_id": gate.event.id}
    assert client.post("/api/v1/checkin", json=body).status_code == 401
    facility = make_staff(Role.FACILITY)
    assert (
        client.post("/api/v1/checkin", json=body, headers=api_token(client, facility)).status_code
        == 403
    )
    stranger = make_staff(Role.ORGANISER)
    response = client.post("/api/v1/checkin", json=body, headers=api_token(client, stranger))
    assert response.status_code == 404
    owner = make_staff(Role.ORGANISER, partner=gate.event.partner)
    assert client.post("/api/v1/checkin", json=body, headers=api_token(client, owner)).json["ok"]


def test_scanner_cannot_check_in_at_a_draft(client, gate):
    gate.event.status = EventStatus.DRAFT
    commit()
    body = {"code": gate.code, "event_id": gate.event.id}
    assert client.post("/api/v1/checkin", json=body, headers=gate.headers).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"code": 5, "event_id": 1},
        {"code": "X", "event_id": "one"},
        {"code": "X", "event_id": 1, "direction": "sideways"},
        {"code": "X", "event_id": 1, "scanned_at": "yesterday"},
    ],
)
def test_unreadable_scans_are_422(client, gate, body):
    response = client.post("/api/v1/checkin", json=body, headers=gate.headers)
    assert response.status_code == 422 and response.json["error"]["code"] == "validation"


@pytest.fixture
def rate_limited(app):
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)


def test_many_unknown_codes_slow_the_device_down(rate_limited, gate, client):
    statuses = [
        client.post(
            "/api/v1/checkin",
            json={"code": f"GUESS{i}", "event_id": gate.event.id},
            headers=gate.headers,
        ).status_code
        for i in range(35)
    ]
    assert statuses[0] == 200 and statuses[-1] == 429
    unknown = db.session.scalars(sa.select(Scan).filter_by(result="unknown_ticket")).all()
    assert unknown and all(s.code_hint and "GUESS" not in s.code_hint for s in unknown)


def test_two_gates_scanning_one_ticket_at_once_record_one_entry(app, gate, server):
    token = gate.headers["Authorization"]
    body = {"code": gate.code, "event_id": gate.event.id, "direction": "in"}
    with server() as port:

        def scan(_i):
            return call(port, "POST", "/api/v1/checkin", body, {"Authorization": token})

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(scan, range(8)))
    assert {status for status, _answer in answers} == {200}
    codes = sorted(answer["code"] for _status, answer in answers)
    assert codes.count("ok") == 1 and codes.count("already_checked_in") == 7
    assert db.session.scalar(sa.select(sa.func.count(Scan.id)).filter_by(result="ok")) == 1


def test_gate_page_lists_on_site_not_arrived_and_days(client, gate, make_staff):
    gate.scan(scanned_at="2027-07-05T10:00:00+03:00", nonce="d1")
    login(client, make_staff(Role.ORGANISER, partner=gate.event.partner))
    page = client.get(f"/staff/events/{gate.event.id}/gate").text
    assert "Monday, July 5, 2027: 1 person" in page
    assert gate.booking.participants[0].display_name in page
    sheet = client.get(f"/staff/events/{gate.event.id}/checkin-sheet")
    assert sheet.status_code == 200
    assert gate.booking.participants[0].last_name in sheet.text
    assert sheet.text.count("☐ ☐") >= 5  # one box pair per day of the camp


def test_gate_counts_and_days_are_whole_messages_in_the_pages_language(client, gate, make_staff):
    gate.scan(scanned_at="2027-07-05T10:00:00+03:00", nonce="d1")
    login(client, make_staff(Role.ORGANISER, partner=gate.event.partner))
    page = client.get(f"/staff/events/{gate.event.id}/gate?lang=lt").text
    # The count stands under its label, never glued before a word it must agree with.
    assert "</strong> " not in page.split('<ul class="counts">')[1].split("</ul>")[0]
    assert "2027 m. liepos 5 d., pirmadienis" in page and "2027-07-05" not in page
    sheet = client.get(f"/staff/events/{gate.event.id}/checkin-sheet?lang=de").text
    # Each day as the language writes it, not a hard-coded %d.%m.
    assert "05.07.27" in sheet and "<bdi>" in sheet


@pytest.mark.parametrize("known", [True, False], ids=["ticket", "unknown code"])
def test_one_offline_upload_racing_itself_records_one_scan_and_answers_both(
    app, gate, server, known
):
    """A phone that lost the answer to its upload sends the same queue again at once."""
    items = [
        {
            "code": gate.code if known else "NOSUCHTICKETCODE",
            "event_id": gate.event.id,
            "direction": "in" if n % 2 == 0 else "out",
            "nonce": f"twin-{n:02d}",
            "scanned_at": "2027-07-05T10:00:00+03:00",
        }
        for n in range(20)
    ]
    with server() as port:
        answers = at_once(
            *[
                lambda: call(port, "POST", "/api/v1/checkin/batch", {"items": items}, gate.headers)
                for _twin in range(4)
            ]
        )
    assert [status for status, _body in answers] == [200] * 4, answers
    first = answers[0][1]["results"]
    assert all(body["results"] == first for _status, body in answers)
    nonces = db.session.scalars(sa.select(Scan.nonce).where(Scan.nonce.like("twin-%"))).all()
    assert sorted(nonces) == [item["nonce"] for item in items]


def test_one_bad_scan_in_a_batch_does_not_hold_back_the_others(gate):
    items = [
        {"code": gate.code, "event_id": gate.event.id, "nonce": "good-1"},
        {
            "code": gate.code,
            "event_id": gate.event.id,
            "nonce": "bad",
            "scanned_at": "0001-01-01T00:00:00+05:00",
        },
        {"code": gate.code, "event_id": 10**12, "nonce": "bad-2"},
        {"code": gate.code, "event_id": gate.event.id, "direction": "out", "nonce": "good-2"},
    ]
    response = gate.client.post(
        "/api/v1/checkin/batch", json={"items": items}, headers=gate.headers
    )
    assert response.status_code == 200
    codes = [result["code"] for result in response.json["results"]]
    assert codes == ["ok", "validation", "validation", "ok"]
    assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 2


def test_a_cancelled_events_tickets_answer_cancelled_at_the_gate(gate):
    assert gate.scan()["ok"]
    change_status(gate.event.id, EventStatus.CANCELLED, now=NOW)
    commit()
    answer = gate.scan(direction="out")
    assert answer["ok"] is False and answer["code"] == "cancelled"
    sync = gate.client.get(f"/api/v1/events/{gate.event.id}/checkin/sync", headers=gate.headers)
    assert sync.status_code == 200
    assert {ticket["status"] for ticket in sync.json["tickets"]} == {"cancelled"}


def test_the_gate_knows_whether_photos_may_be_taken(client, gate, make_registration):
    assert gate.scan()["participant"]["photos"] is False
    event = gate.event
    update_event(event.id, {"capacity": 3}, now=NOW)  # the waiting child gets the second place
    commit()
    agreed, _t = make_registration(
        event, date(2012, 1, 1), guardian="Rasa Foto", consents={ConsentKind.PHOTOS: True}
    )
    code = valid_ticket(agreed.participants[0]).code
    assert gate.scan(code=code)["participant"]["photos"] is True
    sync = client.get(f"/api/v1/events/{event.id}/checkin/sync", headers=gate.headers).json
    assert sorted(t["photos"] for t in sync["tickets"]) == [False, False, True]


def test_a_scan_by_the_id_of_a_cancelled_ticket_is_answered_not_a_500(gate):
    ticket = valid_ticket(gate.booking.participants[0])
    cancel_participants(gate.booking.id, None, now=NOW)
    commit()
    items = [
        {"ticket_id": ticket.id, "event_id": gate.event.id, "nonce": "by-name"},
        {"ticket_id": 999_999, "event_id": gate.event.id, "nonce": "by-name-2"},
    ]
    response = gate.client.post(
        "/api/v1/checkin/batch", json={"items": items}, headers=gate.headers
    )
    assert response.status_code == 200
    assert [r["code"] for r in response.json["results"]] == ["unknown_ticket"] * 2


def test_a_nonce_never_answers_for_another_scan(gate):
    first = gate.scan(nonce="counter-1")
    assert first["ok"] and first["participant"]
    elsewhere = gate.client.post(
        "/api/v1/checkin",
        json={"code": "NOSUCHCODE", "event_id": gate.event.id, "nonce": "counter-1"},
        headers=gate.headers,
    )
    assert elsewhere.status_code == 422
    assert "nonce" in elsewhere.json["error"]["fields"]
    assert gate.scan(nonce="counter-1") == first  # the true repeat still gets its answer


def _writes(statements: list[str]) -> list[str]:
    return [" ".join(s.split()[:3]) for s in statements if s.split()[0] in ("INSERT", "UPDATE")]


def test_a_scan_locks_one_ticket_row_and_writes_it_and_the_scan(gate, count_queries):
    event_id = gate.event.id  # read here, not counted with the scan
    with count_queries() as entry:
        assert gate.scan(event_id=event_id)["ok"]
    with count_queries() as repeat:
        assert gate.scan(event_id=event_id)["code"] == "already_checked_in"
    assert _writes(entry) == ["UPDATE ticket SET", "INSERT INTO scan"]
    assert _writes(repeat) == ["INSERT INTO scan"]
    # The token, the event, the ticket with its holder (locked), those on site, the scan.
    reads = [s for s in entry if s.startswith("SELECT")]
    assert len(reads) == 4 and len(entry) <= 7, entry
    (locked,) = [s for s in reads if "FROM ticket JOIN participant" in s]
    if db.engine.dialect.name == "postgresql":
        assert "FOR UPDATE OF ticket" in locked


def test_a_twin_that_recorded_the_nonce_first_answers_for_both(gate, monkeypatch):
    """An unknown code has no row to lock: a twin's insert may land between look and write."""
    first = gate.scan(code="NOSUCHTICKETCODE", nonce="twin")
    looked = []
    stored_answer = checkin._stored_answer

    def before_the_twin(*args):
        looked.append(args)
        return None if len(looked) == 1 else stored_answer(*args)

    monkeypatch.setattr(checkin, "_stored_answer", before_the_twin)
    assert gate.scan(code="NOSUCHTICKETCODE", nonce="twin") == first
    assert len(looked) == 2
    assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 1


def _day_warning(page: str) -> str | None:
    """The scanner page's "not running today" warning, or None when it is hidden."""
    found = re.search(r'<p id="not-today"[^>]*>(.*?)</p>', page, re.S)
    assert found, "the warning is always on the page, for a saved copy opened another day"
    return None if " hidden" in found[0].split(">", 1)[0] else " ".join(found[1].split())


def test_the_scanner_warns_with_the_events_dates_when_it_is_not_running_today(
    client, make_event, make_staff, monkeypatch
):
    # In Vilnius the camp starts at half past midnight on 5 July: still 4 July in UTC.
    event = make_event(starts_at=datetime(2027, 7, 5, 0, 30), ends_at=datetime(2027, 7, 9, 16))
    login(client, make_staff(Role.SCANNER))

    def scanner_page(now_utc: datetime, lang: str = "en") -> str:
        monkeypatch.setattr("registration.views.scan.utcnow", lambda: now_utc)
        response = client.get(f"/staff/scan?event={event.id}&lang={lang}")
        assert response.status_code == 200
        return response.text

    before = scanner_page(datetime(2027, 7, 4, 20, 0, tzinfo=UTC))  # 23:00 in Vilnius
    assert _day_warning(before) == (
        "This event is not running today: its dates are Mon, Jul 5 – Fri, Jul 9, 2027."
    )
    assert 'data-first-day="2027-07-05" data-last-day="2027-07-09"' in before
    # The first day at the venue, though not yet in UTC; the last day; the day after.
    assert _day_warning(scanner_page(datetime(2027, 7, 4, 22, 0, tzinfo=UTC))) is None
    assert _day_warning(scanner_page(datetime(2027, 7, 9, 20, 0, tzinfo=UTC))) is None
    after = scanner_page(datetime(2027, 7, 9, 21, 30, tzinfo=UTC), lang="lt")
    # The dates as Babel writes them in the page's language.
    assert "2027 liepos 5, pr – liepos 9, pn" in _day_warning(after)
