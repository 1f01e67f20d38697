"""API sessions: short access tokens with a rotating refresh token, logout here or everywhere, the list of
sessions, and access that ends when the account changes."""

from __future__ import annotations

from fastapi.testclient import TestClient

from services.submission.deps import SubmissionRuntime
from shared.auth import Role
from tests.submission.conftest import PASSWORD, Tenant


def _login(client: TestClient, email: str) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token",
        data={"username": email, "password": PASSWORD},
        headers={"User-Agent": "Uji/1.0"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


def _bearer(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def _me(client: TestClient, tokens: dict[str, str]) -> tuple[int, str]:
    response = client.get("/api/v1/auth/me", headers=_bearer(tokens))
    return response.status_code, response.json().get("error", {}).get("code", "")


def test_login_gives_a_short_access_token_and_a_refresh_token(client: TestClient, tenant: Tenant) -> None:
    tokens = _login(client, tenant.operator.email)

    assert int(tokens["expires_in"]) == 15 * 60
    assert tokens["refresh_token"].count(".") == 1
    assert _me(client, tokens) == (200, "")


def test_refresh_rotates_and_a_reused_refresh_token_ends_the_session(
    client: TestClient, tenant: Tenant
) -> None:
    first = _login(client, tenant.operator.email)
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    assert second["refresh_token"] != first["refresh_token"]
    assert _me(client, second) == (200, "")

    reused = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})

    assert reused.status_code == 401
    assert reused.json()["error"]["code"] == "auth.refresh_reused"
    assert _me(client, second) == (401, "auth.session_ended")  # the thief's copy ended everything


def test_logout_ends_this_session_only(client: TestClient, tenant: Tenant) -> None:
    phone, laptop = _login(client, tenant.operator.email), _login(client, tenant.operator.email)

    assert client.post("/api/v1/auth/logout", headers=_bearer(phone)).status_code == 204

    assert _me(client, phone) == (401, "auth.session_ended")
    assert _me(client, laptop) == (200, "")
    refused = client.post("/api/v1/auth/refresh", json={"refresh_token": phone["refresh_token"]})
    assert refused.status_code == 401


def test_the_sessions_list_marks_the_current_one_and_logout_everywhere_ends_all(
    client: TestClient, tenant: Tenant
) -> None:
    phone, laptop = _login(client, tenant.operator.email), _login(client, tenant.operator.email)

    listed = client.get("/api/v1/auth/sessions", headers=_bearer(laptop)).json()
    assert len(listed) == 2
    assert [s["current"] for s in listed] == [True, False]
    assert {s["agent"] for s in listed} == {"Uji/1.0"}

    assert client.post("/api/v1/auth/logout-everywhere", headers=_bearer(laptop)).status_code == 204
    assert (_me(client, phone), _me(client, laptop)) == ((401, "auth.session_ended"),) * 2


def test_deactivation_and_a_role_change_end_the_persons_access_at_once(
    client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
) -> None:
    admin = _bearer(_login(client, tenant.admin.email))
    operator, head = _login(client, tenant.operator.email), _login(client, tenant.head.email)

    deactivated = client.patch(
        f"/api/v1/users/{tenant.operator.id}", json={"is_active": False}, headers=admin
    )
    assert deactivated.status_code == 200, deactivated.text
    assert _me(client, operator) == (401, "auth.session_ended")
    created = client.post("/api/v1/innovations", json={"name": "Tetap masuk"}, headers=_bearer(operator))
    assert created.status_code == 401
    refresh = client.post("/api/v1/auth/refresh", json={"refresh_token": operator["refresh_token"]})
    assert refresh.status_code == 401
    # Every service checks the same record: the verifier every runtime builds refuses the token too.
    assert not runtime.sessions.active(tenant.operator.id)

    changed = client.patch(
        f"/api/v1/users/{tenant.head.id}", json={"role": Role.opd_operator.value}, headers=admin
    )
    assert changed.status_code == 200, changed.text
    assert _me(client, head) == (401, "auth.session_ended")


def test_a_change_of_contacts_keeps_the_person_logged_in(client: TestClient, tenant: Tenant) -> None:
    admin = _bearer(_login(client, tenant.admin.email))
    operator = _login(client, tenant.operator.email)

    renamed = client.patch(f"/api/v1/users/{tenant.operator.id}", json={"name": "Nama Baru"}, headers=admin)

    assert renamed.status_code == 200, renamed.text
    assert _me(client, operator) == (200, "")
