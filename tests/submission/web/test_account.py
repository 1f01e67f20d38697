"""Forgotten password and accepting an invitation in the browser: same answer for any email, the emailed
link sets the password once, errors keep the user on the form with what to do."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from services.submission import accounts
from services.submission.deps import SubmissionRuntime, account_policy
from services.submission.models import AccountToken, UserAccount
from tests.pages import submit_form
from tests.submission.conftest import PASSWORD, Tenant, login
from tests.submission.test_accounts import link_token, outbox


def reset_links(runtime: SubmissionRuntime) -> list[str]:
    return [
        m["data"]["reset_url"]
        for m in outbox(runtime, "notification.notify")
        if m["event_type"] == "account.password_reset"
    ]


def password_hash(runtime: SubmissionRuntime, email: str) -> str:
    with runtime.session_factory() as session:
        user = session.scalar(select(UserAccount).where(UserAccount.email == email))
        assert user is not None
        return user.password_hash


def used_tokens(runtime: SubmissionRuntime) -> int:
    with runtime.session_factory() as session:
        return session.scalar(select(func.count()).where(AccountToken.used_at.is_not(None))) or 0


def invite_token(runtime: SubmissionRuntime, email: str) -> str:
    with runtime.db.unit_of_work() as uow:
        user = uow.session.scalar(select(UserAccount).where(UserAccount.email == email))
        assert user is not None
        url = accounts.invite(uow, user=user, policy=account_policy(runtime), actor=None)
    return link_token(url)


class TestResetRequest:
    def test_the_form_is_in_indonesian_with_a_labelled_email_field(self, client: TestClient) -> None:
        page = client.get("/reset-password")
        assert page.status_code == 200
        assert "Lupa kata sandi" in page.text
        assert '<label for="f-email">Email' in page.text
        assert 'name="csrf_token"' in page.text

    def test_known_and_unknown_emails_get_the_same_answer_and_only_the_known_gets_a_link(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        unknown = submit_form(client, "/reset-password", {"email": "siapa@kukar.test"})
        known = submit_form(client, "/reset-password", {"email": tenant.operator.email})
        assert unknown.status_code == known.status_code == 200
        assert unknown.text.replace("siapa@kukar.test", "X") == known.text.replace(tenant.operator.email, "X")
        assert "tautan untuk membuat kata sandi baru sudah dikirim" in known.text
        links = reset_links(runtime)
        assert len(links) == 1
        assert "/reset-password?token=" in links[0]

    def test_an_empty_email_is_refused_with_a_message_and_sends_nothing(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        page = submit_form(client, "/reset-password", {"email": "bukan-email"})
        assert page.status_code == 422
        assert "Tulis alamat email lengkap" in page.text
        assert 'value="bukan-email"' in page.text
        assert reset_links(runtime) == []

    def test_without_the_csrf_field_nothing_is_sent(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        client.cookies.set("gi_csrf", "a-token-of-this-browser-000")
        page = client.post("/reset-password", data={"email": tenant.operator.email, "csrf_token": "other"})
        assert page.status_code == 403
        assert reset_links(runtime) == []


class TestNewPassword:
    def test_the_emailed_link_sets_the_password_once_and_sends_to_the_login_page(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        submit_form(client, "/reset-password", {"email": tenant.operator.email})
        token = link_token(reset_links(runtime)[0])
        form = client.get(f"/reset-password?token={token}")
        assert form.status_code == 200
        assert "Buat kata sandi baru" in form.text
        assert f'name="token" value="{token}"' in form.text
        done = submit_form(
            client,
            "/reset-password",
            {"token": token, "password": "sandi-baru-2026", "password_again": "sandi-baru-2026"},
        )
        assert done.status_code == 303
        assert done.headers["location"].startswith("/login")
        assert client.get(done.headers["location"]).text.count("Kata sandi tersimpan") == 1
        login(client, tenant.operator.email, "sandi-baru-2026")
        again = submit_form(
            client,
            "/reset-password",
            {"token": token, "password": "sandi-lain-2026", "password_again": "sandi-lain-2026"},
        )
        assert again.status_code == 422
        assert "tidak berlaku lagi" in again.text
        login(client, tenant.operator.email, "sandi-baru-2026")

    def test_a_short_password_is_refused_and_the_link_still_works(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        submit_form(client, "/reset-password", {"email": tenant.operator.email})
        token = link_token(reset_links(runtime)[0])
        before = password_hash(runtime, tenant.operator.email)
        page = submit_form(
            client, "/reset-password", {"token": token, "password": "pendek", "password_again": "pendek"}
        )
        assert page.status_code == 422
        assert "Kata sandi minimal 8 karakter" in page.text
        assert 'aria-invalid="true"' in page.text
        assert f'name="token" value="{token}"' in page.text
        assert password_hash(runtime, tenant.operator.email) == before
        assert used_tokens(runtime) == 0

    def test_two_different_passwords_are_refused(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        submit_form(client, "/reset-password", {"email": tenant.operator.email})
        token = link_token(reset_links(runtime)[0])
        page = submit_form(
            client,
            "/reset-password",
            {"token": token, "password": "sandi-baru-2026", "password_again": "sandi-baru-2027"},
        )
        assert page.status_code == 422
        assert "Kedua kata sandi tidak sama" in page.text
        login(client, tenant.operator.email, PASSWORD)

    def test_a_made_up_token_shows_what_to_do_in_english_too(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        client.cookies.set("gi_lang", "en")
        page = submit_form(
            client,
            "/reset-password",
            {"token": "x" * 40, "password": "sandi-baru-2026", "password_again": "sandi-baru-2026"},
        )
        assert page.status_code == 422
        assert "This link is no longer valid (used or expired). Ask for a new one." in page.text
        login(client, tenant.operator.email, PASSWORD)


class TestInvitation:
    def test_an_invited_user_sets_a_first_password_and_can_log_in(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        token = invite_token(runtime, tenant.head.email)
        form = client.get(f"/accept-invitation?token={token}")
        assert form.status_code == 200
        assert "Aktifkan akun Anda" in form.text
        assert 'action="/accept-invitation"' in form.text
        done = submit_form(
            client,
            "/accept-invitation",
            {"token": token, "password": "sandi-kepala-1", "password_again": "sandi-kepala-1"},
        )
        assert done.status_code == 303
        login(client, tenant.head.email, "sandi-kepala-1")

    def test_a_reset_token_is_no_invitation(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        submit_form(client, "/reset-password", {"email": tenant.operator.email})
        token = link_token(reset_links(runtime)[0])
        page = submit_form(
            client,
            "/accept-invitation",
            {"token": token, "password": "sandi-baru-2026", "password_again": "sandi-baru-2026"},
        )
        assert page.status_code == 422
        assert "tidak berlaku lagi" in page.text
        login(client, tenant.operator.email, PASSWORD)

    def test_the_link_without_a_token_says_to_ask_for_a_new_one(self, client: TestClient) -> None:
        page = client.get("/accept-invitation")
        assert page.status_code == 400
        assert "Minta tautan baru" in page.text
        assert 'name="password"' not in page.text
