"""Logging in and out in the browser: the session cookie, where the user lands, what a failure says."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from services.submission.deps import get_runtime
from services.submission.web.session import device_of
from shared.web import SESSION_COOKIE
from shared.webui.csrf import CSRF_COOKIE
from tests.pages import csrf_from, submit_form
from tests.submission.conftest import PASSWORD, Tenant


def _login(client: TestClient, email: str, password: str = PASSWORD, next_url: str = "") -> httpx.Response:
    client.get("/login")
    return submit_form(client, "/login", {"email": email, "password": password, "next": next_url})


def test_the_login_page_carries_a_csrf_token_and_labels(client: TestClient) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    assert csrf_from(page.text) == client.cookies[CSRF_COOKIE]
    assert '<label for="f-email">Email' in page.text
    assert 'autocomplete="current-password"' in page.text


def test_login_sets_an_httponly_session_with_the_pemda_zone_and_lands_on_the_role_home(
    client: TestClient, tenant: Tenant
) -> None:
    response = _login(client, tenant.operator.email)

    assert response.status_code == 303
    assert response.headers["location"].endswith("/opd/innovations")
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    principal = get_runtime().verifier.verify(client.cookies[SESSION_COOKIE])
    assert principal.user_id == tenant.operator.id
    assert principal.timezone == "Asia/Makassar"


def test_login_goes_back_to_the_page_asked_for_but_never_to_another_site(
    client: TestClient, tenant: Tenant
) -> None:
    back = _login(client, tenant.admin.email, next_url="http://127.0.0.1:8003/notifications/log")
    assert back.headers["location"] == "http://127.0.0.1:8003/notifications/log"
    client.cookies.clear()
    away = _login(client, tenant.admin.email, next_url="https://phishing.example/login")
    assert away.headers["location"] == "http://127.0.0.1:8002/dashboard"


def test_a_wrong_password_says_so_keeps_the_email_and_starts_no_session(
    client: TestClient, tenant: Tenant
) -> None:
    response = _login(client, tenant.operator.email, password="salah-sekali")

    assert response.status_code == 401
    assert "Email atau kata sandi salah." in response.text
    assert f'value="{tenant.operator.email}"' in response.text
    assert SESSION_COOKIE not in client.cookies


def test_too_many_failures_lock_the_account_even_for_the_right_password(
    client: TestClient, tenant: Tenant
) -> None:
    for _ in range(5):
        _login(client, tenant.head.email, password="salah-sekali")
    locked = _login(client, tenant.head.email)
    assert locked.status_code == 429
    assert "menit" in locked.text
    assert SESSION_COOKIE not in client.cookies


def test_a_login_form_without_the_csrf_token_is_refused(client: TestClient, tenant: Tenant) -> None:
    client.get("/login")
    response = client.post(
        "/login", data={"email": tenant.operator.email, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_logout_ends_the_session(client: TestClient, tenant: Tenant) -> None:
    _login(client, tenant.operator.email)
    assert SESSION_COOKIE in client.cookies
    response = submit_form(client, "/logout")
    assert response.status_code == 303
    assert "/login" in response.headers["location"]
    assert SESSION_COOKIE not in client.cookies
    assert client.get("/", follow_redirects=False).headers["location"].endswith("/showcase")


def test_after_logout_the_old_cookie_opens_nothing(client: TestClient, tenant: Tenant) -> None:
    """Measured: after POST /logout the copied cookie still opened /opd/approvals (200)."""
    _login(client, tenant.head.email)
    kept = client.cookies[SESSION_COOKIE]
    assert client.get("/opd/approvals", follow_redirects=False).status_code == 200
    submit_form(client, "/logout")

    client.cookies.set(SESSION_COOKIE, kept)
    page = client.get("/opd/approvals", follow_redirects=False)
    api = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {kept}"})

    assert page.status_code == 303
    assert "/login" in page.headers["location"]
    assert api.status_code == 401
    assert api.json()["error"]["code"] == "auth.session_ended"


def test_logout_everywhere_ends_the_other_browsers_too(client: TestClient, tenant: Tenant) -> None:
    _login(client, tenant.head.email)
    other_browser = client.cookies[SESSION_COOKIE]
    client.cookies.clear()
    _login(client, tenant.head.email)

    assert submit_form(client, "/logout-everywhere").status_code == 303

    client.cookies.set(SESSION_COOKIE, other_browser)
    assert client.get("/opd/approvals", follow_redirects=False).status_code == 303


def test_the_account_page_lists_this_browser_and_an_api_login_and_leaves_them_all(
    client: TestClient, tenant: Tenant
) -> None:
    api = client.post("/api/v1/auth/token", data={"username": tenant.head.email, "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {api.json()['access_token']}"}
    _login(client, tenant.head.email)
    page = client.get("/account/sessions")
    assert page.status_code == 200
    assert "Peramban" in page.text
    assert "Aplikasi (API)" in page.text
    assert "perangkat ini" in page.text
    assert "WITA" in page.text  # times in the pemda's zone (Kutai Kartanegara)
    assert 'action="http://127.0.0.1:8001/logout-everywhere"' in page.text

    assert submit_form(client, "/logout-everywhere").status_code == 303
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 401


def test_the_account_page_needs_a_login(client: TestClient) -> None:
    away = client.get("/account/sessions", follow_redirects=False)
    assert away.status_code == 303
    assert "/login" in away.headers["location"]


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (
            "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            "Chrome · Android",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge · Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1",
            "Safari · iOS",
        ),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox · Linux"),
        ("python-httpx/0.28.1", "python-httpx"),
        ("", ""),
    ],
)
def test_a_device_is_named_in_words(agent: str, device: str) -> None:
    assert device_of(agent) == device
