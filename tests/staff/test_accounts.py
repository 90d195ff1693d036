"""Staff logins, sessions the server can end, roles, and the staff command."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.audit import AuditEntry
from core.db import commit
from extensions import db
from registration.services import register
from staff.models import Role, StaffSession, StaffUser
from staff.services import save_staff, update_staff
from tests.conftest import NOW, PASSWORD, api_token, family, login


def test_login_and_logout(client, make_staff):
    user = make_staff(Role.ORGANISER)
    response = login(client, user)
    assert response.headers["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    client.post("/staff/logout")
    assert client.get("/staff/").status_code == 302


def test_logout_makes_an_old_cookie_worthless(app, make_staff):
    user = make_staff(Role.ORGANISER)
    client = app.test_client()
    login(client, user)
    stolen = client.get_cookie("tiltas_session").value
    client.post("/staff/logout")
    thief = app.test_client()
    thief.set_cookie("tiltas_session", stolen)
    response = thief.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_login_gives_the_same_answer_for_unknown_email_and_wrong_password(client, make_staff):
    user = make_staff()
    wrong = client.post("/staff/login", data={"email": user.email, "password": "wrong password!"})
    unknown = client.post(
        "/staff/login", data={"email": "nobody@tiltas.example", "password": "x" * 12}
    )
    assert wrong.status_code == unknown.status_code == 200
    assert "Wrong e-mail address or password." in wrong.text
    assert "Wrong e-mail address or password." in unknown.text


def test_login_is_rate_limited(app, make_staff):
    app.config["RATELIMIT_ENABLED"] = True
    from extensions import limiter

    limiter.init_app(app)
    client = app.test_client()
    statuses = [
        client.post("/staff/login", data={"email": "a@b.lt", "password": "wrong"}).status_code
        for _ in range(12)
    ]
    assert statuses[0] == 200 and statuses[-1] == 429


def test_disabled_account_cannot_log_in_and_loses_its_sessions(app, make_staff):
    user = make_staff(Role.ORGANISER)
    client = app.test_client()
    login(client, user)
    headers = api_token(client, user)
    update_staff(user, role=user.role, partner_id=user.partner_id, is_enabled=False)
    commit()
    assert client.get("/staff/").status_code == 302
    assert client.get("/api/v1/events/1", headers=headers).status_code == 401
    response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(StaffSession.id))) == 0


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "/\t/evil.example/",
        "/\n/evil.example/",
        " //evil.example/",
        "/%09/evil.example/".replace("%09", "\t"),
        "https:evil.example",
        "javascript:alert(1)",
        "/\x00/evil",
    ],
)
def test_the_page_after_login_never_leaves_the_site(client, make_staff, target):
    user = make_staff()
    data = {"email": user.email, "password": PASSWORD}
    response = client.post("/staff/login", query_string={"next": target}, data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"


def test_login_redirects_only_to_local_pages(client, make_staff):
    user = make_staff()
    data = {"email": user.email, "password": PASSWORD}
    response = client.post("/staff/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/staff/"
    client.post("/staff/logout")
    response = client.post("/staff/login?next=/staff/partners", data=data)
    assert response.headers["Location"] == "/staff/partners"


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        (Role.SCANNER, "/staff/", 403),
        (Role.FACILITY, "/staff/events/new", 403),
        (Role.ORGANISER, "/staff/partners", 403),
        (Role.ORGANISER, "/staff/accounts", 403),
        (Role.ORGANISER, "/staff/events/new", 200),
        (Role.ADMIN, "/staff/accounts", 200),
        (Role.ADMIN, "/staff/venues", 200),
    ],
)
def test_pages_need_the_right_role(client, make_staff, role, path, status):
    login(client, make_staff(role))
    assert client.get(path).status_code == status


def test_staff_pages_need_a_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_staff_create_command(runner, make_partner):
    partner = make_partner(name="Gmina Miasto Ełk", country="PL")
    result = runner.invoke(
        args=[
            "staff",
            "create",
            "Ewa@Elk.PL",
            "--role",
            "organiser",
            "--password",
            PASSWORD,
            "--partner",
            "Gmina Miasto Ełk",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(StaffUser).filter_by(email="ewa@elk.pl"))
    assert user.role == Role.ORGANISER and user.partner_id == partner.id
    assert user.password_hash != PASSWORD


def test_staff_create_command_prompts_for_the_password(runner):
    result = runner.invoke(
        args=["staff", "create", "admin@tiltas.example", "--role", "admin"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(StaffUser).filter_by(email="admin@tiltas.example"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "organiser", "--password", PASSWORD], "partner"),
        (["--role", "admin", "--password", "short"], "10 characters"),
        (["--role", "emperor", "--password", PASSWORD], "emperor"),
        (["--role", "organiser", "--password", PASSWORD, "--partner", "Nobody"], "Nobody"),
    ],
)
def test_staff_create_command_explains_bad_input(runner, args, message):
    result = runner.invoke(args=["staff", "create", "x@tiltas.example", *args])
    assert result.exit_code != 0 and message in result.output


def test_admin_creates_and_disables_accounts(client, make_staff, make_partner):
    login(client, make_staff(Role.ADMIN))
    partner = make_partner()
    response = client.post(
        "/staff/accounts/new",
        data={
            "email": "new@tiltas.example",
            "role": "organiser",
            "partner_id": partner.id,
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(sa.select(StaffUser).filter_by(email="new@tiltas.example"))
    response = client.post(
        f"/staff/accounts/{user.id}",
        data={"role": "organiser", "partner_id": partner.id, "password": ""},
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.is_enabled is False


def test_organiser_account_needs_a_partner(client, make_staff):
    login(client, make_staff(Role.ADMIN))
    response = client.post(
        "/staff/accounts/new",
        data={
            "email": "new@tiltas.example",
            "role": "organiser",
            "partner_id": 0,
            "password": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "An organiser must work for a partner organisation." in response.text


def test_an_account_names_only_a_partner_that_exists(client, make_staff):
    # An edited form (or a partner deleted meanwhile) names an id no partner has.
    login(client, make_staff(Role.ADMIN))
    response = client.post(
        "/staff/accounts/new",
        data={
            "email": "new@tiltas.example",
            "role": "organiser",
            "partner_id": 99999,
            "password": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Choose a partner organisation from the list." in response.text
    assert db.session.scalar(sa.select(StaffUser).filter_by(email="new@tiltas.example")) is None


def test_saving_an_account_audits_only_a_changed_role(make_staff, make_partner):
    admin, partner = make_staff(Role.ADMIN), make_partner()
    user = save_staff(
        None,
        email="New@Tiltas.example",
        role=Role.SCANNER,
        partner_id=None,
        password=PASSWORD,
        by=admin,
        now=NOW,
    )
    assert (user.email, user.role, user.is_enabled) == ("new@tiltas.example", Role.SCANNER, True)
    save_staff(user, role=Role.SCANNER, partner_id=None, is_enabled=False, by=admin, now=NOW)
    assert user.is_enabled is False
    assert db.session.scalar(sa.select(AuditEntry).filter_by(action="role_changed")) is None
    save_staff(user, role=Role.ORGANISER, partner_id=partner.id, by=admin, now=NOW)
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="role_changed"))
    assert (entry.staff_id, entry.subject) == (admin.id, f"staff:{user.id}")
    assert user.role == Role.ORGANISER and user.partner_id == partner.id


def test_logins_and_failed_logins_are_audited_without_personal_data(client, make_staff):
    user = make_staff(Role.ORGANISER)
    client.post("/staff/login", data={"email": user.email, "password": "wrong password!"})
    login(client, user)
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["login_failed", "login"]
    assert all(user.email not in e.subject for e in entries)
    assert entries[1].staff_id == user.id


def test_idle_and_old_sessions_end(app, make_staff):
    user = make_staff(Role.ORGANISER)
    client = app.test_client()
    login(client, user)
    row = db.session.scalar(sa.select(StaffSession))
    row.last_seen_at -= timedelta(minutes=61)
    commit()
    assert client.get("/staff/").status_code == 302  # idle too long
    login(client, user)
    row = db.session.scalar(sa.select(StaffSession))
    row.created_at -= timedelta(hours=13)
    commit()
    assert client.get("/staff/").status_code == 302  # logged in too long ago


@pytest.mark.parametrize(
    ("role", "landing"),
    [(Role.SCANNER, "/staff/scan"), (Role.FACILITY, "/staff/facility"), (Role.ADMIN, "/staff/")],
)
def test_each_role_lands_where_its_work_is(client, make_staff, role, landing):
    assert login(client, make_staff(role)).headers["Location"] == landing


def test_admins_read_and_filter_the_audit_log(client, make_staff):
    organiser = make_staff(Role.ORGANISER)
    login(client, organiser)
    client.post("/staff/logout")
    assert client.get("/staff/audit").status_code == 302
    login(client, organiser)
    assert client.get("/staff/audit").status_code == 403
    client.post("/staff/logout")
    login(client, make_staff(Role.ADMIN))
    page = client.get("/staff/audit?action=login").text
    assert f"staff:{organiser.id}" in page and "login_failed" not in page.split("<tbody>")[1]


def test_logging_out_leaves_no_booking_open_in_the_browser(client, make_staff, make_event):
    event = make_event()
    organiser = make_staff(partner=event.partner)
    booking, token = register(event.id, family(), now=NOW)
    commit()
    login(client, organiser)
    assert client.get(f"/b/{token}").status_code == 302  # opened on the shared laptop
    assert client.get(f"/booking/{booking.id}").status_code == 200
    response = client.post("/staff/logout")
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert client.get(f"/booking/{booking.id}").status_code == 404


def scanner_page_token(client, scanner, event) -> dict:
    """Log the scanner in and get the token its scanner page gets, as the page does."""
    login(client, scanner)
    page = client.get(f"/staff/scan?event={event.id}").text
    csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
    token = client.post("/staff/scan/token", headers={"X-CSRFToken": csrf}).json["token"]
    return {"Authorization": f"Bearer {token}"}


def test_logging_out_revokes_the_scanner_pages_token(client, make_staff, make_event):
    scanner = make_staff(Role.SCANNER)
    event = make_event()
    bearer = scanner_page_token(client, scanner, event)
    assert client.get(f"/api/v1/events/{event.id}/attendance", headers=bearer).status_code == 200
    client.post("/staff/logout")
    refused = client.get(f"/api/v1/events/{event.id}/attendance", headers=bearer)
    assert refused.status_code == 401
    # A token got with the password (a partner system's) is not the page's: it stays.
    other = api_token(client, scanner)
    assert client.get(f"/api/v1/events/{event.id}/attendance", headers=other).status_code == 200


def test_the_scanner_pages_token_lapses_with_its_login(client, make_staff, make_event):
    event = make_event()
    bearer = scanner_page_token(client, make_staff(Role.SCANNER), event)
    path = f"/api/v1/events/{event.id}/attendance"
    login_row = db.session.scalars(sa.select(StaffSession)).one()
    login_row.last_seen_at -= timedelta(minutes=50)
    commit()
    assert client.get(path, headers=bearer).status_code == 200  # scanning keeps it alive
    db.session.expire_all()
    login_row = db.session.scalars(sa.select(StaffSession)).one()
    login_row.last_seen_at -= timedelta(minutes=61)  # then nobody used it for an hour
    commit()
    assert client.get(path, headers=bearer).status_code == 401


def test_token_use_is_written_at_most_once_a_minute(
    app, client, make_staff, make_event, count_queries
):
    event = make_event()
    scanner = make_staff(Role.SCANNER)
    bearer = scanner_page_token(client, scanner, event)
    gate = app.test_client()  # the bearer alone, no login cookie
    path = f"/api/v1/events/{event.id}/attendance"

    def writes(statements):
        return [s.split()[1] for s in statements if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]

    with count_queries() as within_the_minute:
        for _scan in range(3):
            assert gate.get(path, headers=bearer).status_code == 200
    assert writes(within_the_minute) == []
    login_row = db.session.scalars(sa.select(StaffSession)).one()
    login_row.last_seen_at -= timedelta(minutes=2)
    commit()
    with count_queries() as a_minute_later:
        for _scan in range(3):
            assert gate.get(path, headers=bearer).status_code == 200
    assert writes(a_minute_later) == ["staff_session"]
    # A token got with the password has no login behind it: using it writes nothing.
    other = api_token(gate, scanner)
    with count_queries() as plain:
        assert gate.get(path, headers=other).status_code == 200
    assert writes(plain) == []
