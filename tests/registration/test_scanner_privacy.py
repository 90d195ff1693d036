"""What a scanner may see: first name and initial, age, flags, who may collect a minor."""

import json
from datetime import date

import pytest

from core.db import commit
from registration.models import ConsentKind
from registration.services import register
from registration.tickets import valid_ticket
from staff.models import Role
from tests.conftest import NOW, api_token, family, login

SURNAME = "Žvirblytė-Quokkienė"
ADULT_SURNAME = "Kengūrauskas"
#: Contact details of the two registrations: none may reach a scanner.
CONTACTS = (
    "ruta.quokka@example.lt",
    "+370 612 34567",
    "Wombatas",
    "+370 698 76543",
    "mindaugas.k@example.lt",
    "+370 655 11223",
)
#: What the sync data may say of a ticket.
SYNC_FIELDS = {
    "ticket_id",
    "code_sha256",
    "display_name",
    "age",
    "status",
    "attention",
    "photos",
    "inside",
    "pickup",
}


@pytest.fixture
def camp(make_event, make_staff):
    """A camp with a child (health note, an emergency contact, another adult to collect) and a
    young adult registered alone, both with distinctive surnames and contact details."""
    event = make_event()
    child = family(
        date(2014, 5, 1),
        guardian=f"Rūta {SURNAME}",
        email="ruta.quokka@example.lt",
        contact_phone="+370 612 34567",
        emergency_name="Antanas Wombatas",
        emergency_phone="+370 698 76543",
        pickup_adults="Birutė Jonaitienė",
        consents={ConsentKind.HEALTH_DATA: True},
    )
    child.participants[0].health_notes = "Asthma: inhaler in the blue bag."
    booking, _t = register(event.id, child, now=NOW)
    adult = family(
        date(2006, 2, 3),
        guardian=f"Mindaugas {ADULT_SURNAME}",
        email="mindaugas.k@example.lt",
        contact_phone="+370 655 11223",
    )
    adult.participants[0].first_name = "Mindaugas"
    adult.participants[0].phone = "+370 655 11223"
    young, _t = register(event.id, adult, now=NOW)
    commit()
    return {
        "event": event,
        "child": booking.participants[0],
        "adult": young.participants[0],
        "scanner": make_staff(Role.SCANNER),
        "organiser": make_staff(Role.ORGANISER, partner=event.partner),
    }


def assert_private(text: str) -> None:
    for secret in (SURNAME, ADULT_SURNAME, "Asthma", "inhaler", *CONTACTS):
        assert secret not in text, secret


def test_a_scanner_sees_no_surname_nor_contact_on_any_page_or_answer(client, camp):
    """Gate page, paper list, scanner pages, sync data and every check-in answer."""
    event, child, adult = camp["event"], camp["child"], camp["adult"]
    headers = api_token(client, camp["scanner"])
    scan = {"code": valid_ticket(child).code, "event_id": event.id}
    entry = client.post("/api/v1/checkin", json=scan, headers=headers)
    exit_ = client.post("/api/v1/checkin", json={**scan, "direction": "out"}, headers=headers)
    again = client.post("/api/v1/checkin", json={**scan, "direction": "out"}, headers=headers)
    batch = client.post(
        "/api/v1/checkin/batch",
        json={"items": [{"code": valid_ticket(adult).code, "event_id": event.id}]},
        headers=headers,
    )
    for answer in (entry, exit_, again, batch):
        assert answer.status_code == 200
        assert_private(answer.text)
    assert entry.json["participant"]["display_name"] == child.display_name
    sync = client.get(f"/api/v1/events/{event.id}/checkin/sync", headers=headers)
    tickets = {t["display_name"]: t for t in sync.json["tickets"]}
    assert set(tickets) == {child.display_name, adult.display_name}
    for ticket in tickets.values():
        assert set(ticket) <= SYNC_FIELDS
        assert_private(json.dumps({k: v for k, v in ticket.items() if k != "pickup"}))
    # For a minor leaving: the names of the adults who may collect them, and nothing else.
    assert tickets[child.display_name]["pickup"] == f"Rūta {SURNAME}; Birutė Jonaitienė"
    assert tickets[adult.display_name]["pickup"] is None
    assert all(contact not in sync.text for contact in CONTACTS)

    login(client, camp["scanner"])
    pages = {
        "gate": client.get(f"/staff/events/{event.id}/gate"),
        "sheet": client.get(f"/staff/events/{event.id}/checkin-sheet"),
        "picker": client.get("/staff/scan"),
        "scanner": client.get(f"/staff/scan?event={event.id}"),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert_private(page.text)
    assert adult.display_name in pages["gate"].text  # on site now
    assert child.display_name in pages["sheet"].text and adult.display_name in pages["sheet"].text
    # The event's organiser holds the roster anyway: the paper list keeps full names for them.
    login(client, camp["organiser"])
    sheet = client.get(f"/staff/events/{event.id}/checkin-sheet").text
    assert f"{SURNAME}, {child.first_name}" in sheet and f"{ADULT_SURNAME}, Mindaugas" in sheet
