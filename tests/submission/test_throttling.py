"""Throttling login, token, reset and one-time links: per account and address, per address, and unlock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from services.submission.deps import SubmissionRuntime
from services.submission.main import create_app
from services.submission.models import AuditEntry
from tests.pages import submit_form
from tests.submission.conftest import PASSWORD, Tenant, login
from tests.submission.test_accounts import outbox

STRANGER, OFFICE = ("198.51.100.66", 40000), ("203.0.113.10", 40000)


@pytest.fixture
def stranger(runtime: SubmissionRuntime) -> Iterator[TestClient]:
    with TestClient(create_app(), client=STRANGER) as client:
        yield client


@pytest.fixture
def office(runtime: SubmissionRuntime) -> Iterator[TestClient]:
    with TestClient(create_app(), client=OFFICE) as client:
        yield client


def token(client: TestClient, email: str, password: str = PASSWORD) -> int:
    status: int = client.post(
        "/api/v1/auth/token", data={"username": email, "password": password}
    ).status_code
    return status


def audit_actions(runtime: SubmissionRuntime) -> list[str]:
    with runtime.session_factory() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.at)))


class TestLogin:
    def test_a_stranger_blocks_only_their_own_address_never_the_owner(
        self, stranger: TestClient, office: TestClient, tenant: Tenant
    ) -> None:
        assert [token(stranger, tenant.operator.email, "salah") for _ in range(5)] == [401] * 5
        refused = stranger.post(
            "/api/v1/auth/token", data={"username": tenant.operator.email, "password": PASSWORD}
        )
        assert refused.status_code == 429
        assert 14 * 60 < int(refused.headers["retry-after"]) <= 15 * 60
        assert refused.json()["error"]["message"].startswith("Terlalu banyak percobaan masuk yang gagal")
        assert token(office, tenant.operator.email) == 200  # the owner, from the office
        assert token(stranger, tenant.head.email) == 200  # other accounts from that address

    def test_the_login_page_counts_with_the_api_and_answers_429_with_retry_after(
        self, stranger: TestClient, tenant: Tenant
    ) -> None:
        for _ in range(4):
            token(stranger, tenant.head.email, "salah")
        stranger.get("/login")
        wrong = submit_form(stranger, "/login", {"email": tenant.head.email, "password": "salah"})
        assert wrong.status_code == 401
        page = submit_form(stranger, "/login", {"email": tenant.head.email, "password": PASSWORD})
        assert page.status_code == 429
        assert "Retry-After" in page.headers
        assert "Coba lagi setelah 15 menit" in page.text

    def test_a_success_clears_the_failures_of_its_address(self, office: TestClient, tenant: Tenant) -> None:
        for _ in range(4):
            token(office, tenant.operator.email, "salah")
        assert token(office, tenant.operator.email) == 200
        assert [token(office, tenant.operator.email, "salah") for _ in range(4)] == [401] * 4
        assert token(office, tenant.operator.email) == 200

    def test_an_address_failing_on_many_accounts_is_refused_for_all(
        self, runtime: SubmissionRuntime, stranger: TestClient, office: TestClient, tenant: Tenant
    ) -> None:
        runtime.settings.login_address_failures = 3
        for email in (tenant.operator.email, tenant.head.email, "tidak-ada@example.go.id"):
            assert token(stranger, email, "salah") == 401
        assert token(stranger, tenant.admin.email) == 429
        assert token(office, tenant.admin.email) == 200

    def test_the_block_is_in_the_audit_log(
        self, runtime: SubmissionRuntime, stranger: TestClient, tenant: Tenant
    ) -> None:
        for _ in range(6):
            token(stranger, tenant.reviewer.email, "salah")
        assert audit_actions(runtime).count("login.locked") == 1


class TestUnlock:
    def test_the_admin_sees_the_blocked_address_and_lifts_it(
        self, runtime: SubmissionRuntime, stranger: TestClient, office: TestClient, tenant: Tenant
    ) -> None:
        for _ in range(5):
            token(stranger, tenant.operator.email, "salah")
        admin = login(office, tenant.admin.email)
        url = f"/api/v1/users/{tenant.operator.id}/login-blocks"
        blocks = office.get(url, headers=admin)
        assert blocks.status_code == 200
        assert [block["address"] for block in blocks.json()] == [STRANGER[0]]
        assert office.delete(url, headers=admin).status_code == 204
        assert office.get(url, headers=admin).json() == []
        assert token(stranger, tenant.operator.email) == 200
        assert "login.unlocked" in audit_actions(runtime)

    def test_the_admins_page_shows_the_block_and_unlocks_with_one_button(
        self, stranger: TestClient, office: TestClient, tenant: Tenant
    ) -> None:
        for _ in range(5):
            token(stranger, tenant.head.email, "salah")
        office.get("/login")
        submit_form(office, "/login", {"email": tenant.admin.email, "password": PASSWORD})
        page = office.get(f"/admin/users/{tenant.head.id}")
        assert "diblokir sementara dari 1 alamat" in page.text
        assert STRANGER[0] in page.text
        done = submit_form(office, f"/admin/users/{tenant.head.id}/login/unlock")
        assert done.status_code == 303
        after = office.get(done.headers["location"])
        assert "Blokir login dibuka" in after.text
        assert "Tidak ada blokir login." in after.text
        assert token(stranger, tenant.head.email) == 200

    def test_only_an_admin_of_the_pemda_can_unlock(self, office: TestClient, tenant: Tenant) -> None:
        operator = login(office, tenant.operator.email)
        url = f"/api/v1/users/{tenant.head.id}/login-blocks"
        assert office.delete(url, headers=operator).status_code == 403


class TestResetAndLinks:
    def test_reset_links_stop_after_three_an_hour_with_the_same_answer(
        self, runtime: SubmissionRuntime, office: TestClient, tenant: Tenant
    ) -> None:
        answers = [
            office.post("/api/v1/auth/password-reset", json={"email": tenant.operator.email}).status_code
            for _ in range(5)
        ]
        assert answers == [202] * 5
        assert len(outbox(runtime, "notification.notify")) == 3

    def test_one_address_asking_for_many_resets_is_refused(
        self, stranger: TestClient, office: TestClient, tenant: Tenant
    ) -> None:
        answers = [
            stranger.post("/api/v1/auth/password-reset", json={"email": f"x{n}@example.go.id"}).status_code
            for n in range(31)
        ]
        assert answers[:30] == [202] * 30
        assert answers[30] == 429
        ok = office.post("/api/v1/auth/password-reset", json={"email": tenant.operator.email})
        assert ok.status_code == 202

    def test_guessing_one_time_links_is_refused_after_twenty(self, stranger: TestClient) -> None:
        body = {"token": "tebakan-token-salah", "password": "sandi-baru-cukup-panjang"}
        answers = [stranger.post("/api/v1/auth/invitations/accept", json=body).status_code for _ in range(21)]
        assert set(answers[:20]) == {400}
        assert answers[20] == 429
        assert stranger.post("/api/v1/auth/password-reset/confirm", json=body).status_code == 429


class TestAddressBehindTheProxy:
    def test_forwarded_for_counts_only_from_the_trusted_proxy(
        self, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        app: Any = ProxyHeadersMiddleware(cast(Any, create_app()), trusted_hosts="10.9.0.2")
        with TestClient(app, client=("10.9.0.2", 1)) as proxy, TestClient(app, client=STRANGER) as direct:
            for _ in range(5):
                proxy.post(
                    "/api/v1/auth/token",
                    data={"username": tenant.operator.email, "password": "salah"},
                    headers={"X-Forwarded-For": "192.0.2.1"},
                )
                direct.post(  # not from the proxy: its header is ignored, the stranger's address counts
                    "/api/v1/auth/token",
                    data={"username": tenant.head.email, "password": "salah"},
                    headers={"X-Forwarded-For": "192.0.2.99"},
                )
            behind = {"X-Forwarded-For": "192.0.2.1"}
            other = {"X-Forwarded-For": "192.0.2.2"}
            good = {"username": tenant.operator.email, "password": PASSWORD}
            assert proxy.post("/api/v1/auth/token", data=good, headers=behind).status_code == 429
            assert proxy.post("/api/v1/auth/token", data=good, headers=other).status_code == 200
            head = {"username": tenant.head.email, "password": PASSWORD}
            spoofed = proxy.post("/api/v1/auth/token", data=head, headers={"X-Forwarded-For": "192.0.2.99"})
            assert spoofed.status_code == 200  # the forged address was never counted
            assert direct.post("/api/v1/auth/token", data=head).status_code == 429
