"""Safe by default: headers, cookies, CSRF, no state change through GET."""

import pytest

from staff.models import Role
from tests.conftest import PASSWORD


def test_pages_carry_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_templates_hold_no_inline_script_or_style():
    import pathlib

    for template in pathlib.Path("templates").rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and " style=" not in text and " onclick=" not in text, (
            template
        )


def test_session_cookie_flags(app, make_staff):
    app.config["SESSION_COOKIE_SECURE"] = True
    client = app.test_client()
    user = make_staff()
    response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_forms_need_a_csrf_token(csrf_app, make_staff):
    client = csrf_app.test_client()
    user = make_staff(Role.ADMIN)
    response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.post("/staff/logout").status_code == 400
    assert client.post("/language", data={"lang": "lt"}).status_code == 400


def test_login_page_has_a_csrf_token_that_works(csrf_app, make_staff):
    import re

    client = csrf_app.test_client()
    user = make_staff(Role.ADMIN)
    page = client.get("/staff/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/staff/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_no_state_changes_through_get(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in {"camps.set_language", "auth.logout_view", "camps_staff.event_status"}:
            assert "GET" not in rule.methods, rule


def test_bad_form_post_is_a_clear_400_page(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/language", data={"lang": "lt"})
    assert response.status_code == 400
    assert "<html" in response.text


def test_oversized_request_is_refused(client):
    response = client.post("/staff/login", data={"email": "x", "password": "y" * 2_000_000})
    assert response.status_code == 413
