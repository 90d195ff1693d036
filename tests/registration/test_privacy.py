"""The privacy notice: every consent records its version; a changed text is a new version."""

import threading

import sqlalchemy as sa

from core.audit import AuditEntry
from core.db import commit
from core.languages import LANGUAGES
from extensions import db
from registration.models import Booking, Consent
from registration.privacy import (
    SHIPPED_VERSIONS,
    PrivacyNotice,
    publish,
    shipped_digest,
    shipped_texts,
)
from staff.models import Role
from tests.conftest import NOW, login
from tests.registration.test_api import body
from tests.registration.test_views import form

#: The shipped versions, frozen: families consented to exactly these texts. A better text
#: ships as the next folder of `registration/privacy_texts/` (or is published from /staff/privacy).
SHIPPED_DIGESTS = {
    1: "8a606858208d8cb60d4f1b201054c84d6fe45a52a2780e2e7022f4c8aa3dbcb5",
    2: "4a73892c9a8318330482c3bf3158302bb9c8c003ac47bdd9d321f220fd2ae445",
}
#: What families are shown while no admin has published a text.
SHIPPED = SHIPPED_VERSIONS[-1]
#: What the first publication becomes.
NEXT = SHIPPED + 1


def publish_form(**changes) -> dict:
    texts = shipped_texts()
    texts.update(changes)
    return texts


def test_shipped_versions_never_change():
    assert {version: shipped_digest(version) for version in SHIPPED_VERSIONS} == SHIPPED_DIGESTS


def test_shipped_notice_has_the_same_sections_in_every_language():
    for version in SHIPPED_VERSIONS:
        texts = shipped_texts(version)
        counts = {code: texts[code].strip().count("\n\n") for code in LANGUAGES}
        assert set(counts.values()) == {counts["en"]}, (version, counts)


def test_a_newer_shipped_version_is_shown_and_the_older_stays_readable(client, make_event):
    """Families who consented to version 1 can still read it; new families are shown the next."""
    assert SHIPPED > 1
    old = client.get("/privacy/1", headers={"Accept-Language": "pl"}).text
    assert "This is an earlier version." in client.get("/privacy/1").text
    assert "rezerwac" in old  # the words of version 1, as they were consented to
    current = client.get("/privacy", headers={"Accept-Language": "pl"}).text
    assert "rezerwac" not in current
    event = make_event()
    page = client.get(f"/events/{event.id}/register").text
    assert f'name="privacy_version" type="hidden" value="{SHIPPED}"' in page
    client.post(f"/events/{event.id}/register", data=form(privacy_version=str(SHIPPED)))
    assert {c.text_version for c in db.session.scalars(sa.select(Consent))} == {str(SHIPPED)}


def test_consent_is_stored_with_its_time_person_and_text_version(client, make_event):
    event = make_event()
    page = client.get(f"/events/{event.id}/register").text
    assert f'href="/privacy/{SHIPPED}"' in page
    assert f'name="privacy_version" type="hidden" value="{SHIPPED}"' in page
    response = client.post(f"/events/{event.id}/register", data=form(privacy_version=str(SHIPPED)))
    assert response.status_code == 302
    consents = db.session.scalars(sa.select(Consent)).all()
    assert {c.kind for c in consents} >= {"data_processing", "guardian"}
    for consent in consents:
        assert consent.text_version == str(SHIPPED)
        assert consent.given_by == "Ona Kazlauskienė"
        assert consent.given_at is not None


def test_changing_the_privacy_text_creates_a_new_version(client, make_staff, make_event):
    login(client, make_staff(Role.ADMIN))
    assert client.get("/staff/privacy").status_code == 200
    changed = publish_form(de=shipped_texts()["de"] + "\nKontakt\nschreiben Sie uns.\n")
    response = client.post("/staff/privacy", data=changed, follow_redirects=True)
    assert f"Version {NEXT} is published." in response.text
    versions = db.session.scalars(sa.select(PrivacyNotice).order_by(PrivacyNotice.version)).all()
    # The shipped versions are stored as they were shown, before the new one.
    assert [v.version for v in versions] == [*SHIPPED_VERSIONS, NEXT]
    for version, stored in zip(SHIPPED_VERSIONS, versions, strict=False):
        assert stored.texts == shipped_texts(version) and stored.published_at is None
    assert "schreiben Sie uns." in versions[-1].texts["de"]
    # The old versions stay readable, marked as earlier; the new one is what families see.
    for version in SHIPPED_VERSIONS:
        assert "This is an earlier version." in client.get(f"/privacy/{version}").text
    german = client.get("/privacy", headers={"Accept-Language": "de"}).text
    assert "schreiben Sie uns." in german and f"Fassung {NEXT}" in german
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="privacy_published"))
    assert entry.subject == f"privacy:{NEXT}"
    # A registration now records the new version.
    event = make_event()
    client.post("/staff/logout")
    client.post(f"/events/{event.id}/register", data=form(privacy_version=str(NEXT)))
    assert {c.text_version for c in db.session.scalars(sa.select(Consent))} == {str(NEXT)}


def test_saving_the_same_text_makes_no_new_version(client, make_staff):
    login(client, make_staff(Role.ADMIN))
    response = client.post("/staff/privacy", data=publish_form(), follow_redirects=True)
    assert f"Nothing changed: version {SHIPPED} stays." in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PrivacyNotice)) == 0


def test_a_blank_language_is_refused_next_to_its_field(client, make_staff):
    login(client, make_staff(Role.ADMIN))
    response = client.post("/staff/privacy", data=publish_form(lv="  "))
    assert response.status_code == 200
    assert 'id="lv-error">This field is required.' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PrivacyNotice)) == 0


def test_only_admins_change_the_privacy_notice(client, make_staff):
    login(client, make_staff(Role.ORGANISER))
    assert client.get("/staff/privacy").status_code == 403
    assert client.post("/staff/privacy", data=publish_form(en="Nothing")).status_code == 403


def test_form_that_showed_an_older_version_is_sent_back(client, make_staff, make_event):
    event = make_event()
    login(client, make_staff(Role.ADMIN))
    client.post("/staff/privacy", data=publish_form(en="Who\nSomeone new.\n"))
    client.post("/staff/logout")
    response = client.post(f"/events/{event.id}/register", data=form(privacy_version=str(SHIPPED)))
    assert response.status_code == 200
    assert "The privacy notice changed while you were filling in the form." in response.text
    assert f'name="privacy_version" type="hidden" value="{NEXT}"' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0


def test_api_reads_the_notice_and_refuses_an_old_version(client, make_event):
    event = make_event()
    notice = client.get("/api/v1/privacy?lang=pl").get_json()
    assert notice["version"] == SHIPPED and notice["language"] == "pl"
    assert notice["text"] == shipped_texts()["pl"]
    db.session.add(PrivacyNotice(version=1, texts=shipped_texts()))
    db.session.add(PrivacyNotice(version=2, published_at=NOW, texts=publish_form(en="New\nText\n")))
    commit()
    url = f"/api/v1/events/{event.id}/registrations"
    refused = client.post(url, json=body(privacy_version=1))
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "privacy_changed"
    assert "privacy_version" in refused.get_json()["error"]["fields"]
    assert client.post(url, json=body(privacy_version=2)).status_code == 201
    assert {c.text_version for c in db.session.scalars(sa.select(Consent))} == {"2"}


def test_unknown_version_is_not_found(client):
    assert client.get("/privacy/7").status_code == 404
    assert client.get("/privacy/1").status_code == 200


def test_two_admins_publishing_at_once_get_two_versions(app, make_staff):
    """Also the very first time, when there is no version row to lock yet."""
    admins = [make_staff(Role.ADMIN).id for _i in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def save(staff_id: int, text: str) -> None:
        with app.app_context():
            try:
                barrier.wait()
                publish(publish_form(en=text), staff_id=staff_id, now=NOW)
                commit()
            except Exception as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=save, args=(staff_id, f"Version\nby {staff_id}\n"))
        for staff_id in admins
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    versions = db.session.scalars(sa.select(PrivacyNotice.version).order_by("version")).all()
    assert versions == [*SHIPPED_VERSIONS, NEXT, NEXT + 1]
