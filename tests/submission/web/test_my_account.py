"""Akun saya: a person changes their own name, WhatsApp, language and password; nothing else."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.submission.deps import SubmissionRuntime
from services.submission.models import OutboxMessage, UserAccount
from shared.web import SESSION_COOKIE
from tests.pages import login_browser, logout_browser, submit_form
from tests.submission.conftest import PASSWORD, Tenant, login


def as_browser(client: TestClient, email: str, password: str = PASSWORD) -> None:
    logout_browser(client)
    login_browser(client, login(client, email, password)["Authorization"].split()[1])


def user(runtime: SubmissionRuntime, email: str) -> UserAccount:
    with runtime.session_factory() as session:
        found = session.scalars(select(UserAccount).where(UserAccount.email == email)).one()
        session.expunge(found)
        return found


class TestMyAccount:
    def test_the_page_shows_the_account_and_is_linked_from_every_page(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        as_browser(client, tenant.operator.email)

        page = client.get("/account")
        listing = client.get("/opd/innovations").text

        assert page.status_code == 200
        assert "Akun saya" in page.text
        assert tenant.operator.email in page.text
        assert 'href="/account/sessions"' in page.text
        assert '/account">Akun saya</a>' in listing

    def test_name_whatsapp_and_language_are_saved_and_the_other_services_told(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        as_browser(client, tenant.operator.email)

        saved = submit_form(
            client,
            "/account",
            {"name": "Rina Kartika", "whatsapp": "0812 3456 7890", "whatsapp_opt_in": "1", "language": "en"},
        )

        assert (saved.status_code, saved.headers["location"]) == (303, "/account")
        assert saved.cookies.get("gi_lang") == "en"
        me = user(runtime, tenant.operator.email)
        assert (me.name, me.whatsapp, me.whatsapp_opt_in, me.language) == (
            "Rina Kartika",
            "+6281234567890",
            True,
            "en",
        )
        with runtime.session_factory() as session:
            synced = [
                row.payload["account"]
                for row in session.scalars(
                    select(OutboxMessage).where(OutboxMessage.task_name == "notification.sync_recipient")
                )
            ]
        assert synced[-1]["name"] == "Rina Kartika"
        assert synced[-1]["whatsapp"] == "+6281234567890"

    def test_a_bad_number_or_an_empty_name_is_refused_and_nothing_changes(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        as_browser(client, tenant.operator.email)
        before = user(runtime, tenant.operator.email)

        bad_number = submit_form(
            client, "/account", {"name": "Rina", "whatsapp": "bukan nomor", "language": "id"}
        )
        no_name = submit_form(client, "/account", {"name": " ", "whatsapp": "", "language": "id"})

        assert bad_number.status_code == no_name.status_code == 422
        assert "Nama wajib diisi, 2 sampai 200 karakter." in no_name.text
        after = user(runtime, tenant.operator.email)
        assert (after.name, after.whatsapp) == (before.name, before.whatsapp)

    def test_role_and_email_cannot_be_changed_here(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        as_browser(client, tenant.operator.email)

        submit_form(
            client, "/account", {"name": "Rina", "role": "admin", "email": "x@y.id", "language": "id"}
        )

        me = user(runtime, tenant.operator.email)
        assert (me.role.value, me.email) == ("opd_operator", tenant.operator.email)


class TestPassword:
    def test_a_wrong_current_password_changes_nothing(self, client: TestClient, tenant: Tenant) -> None:
        as_browser(client, tenant.operator.email)

        refused = submit_form(
            client,
            "/account/password",
            {
                "current_password": "salah-salah",
                "new_password": "baru-sekali-1",
                "new_password_again": "baru-sekali-1",
            },
        )

        assert refused.status_code == 422
        assert "Kata sandi sekarang tidak cocok" in refused.text
        logout_browser(client)  # an app, not the browser, tries the passwords
        assert login(client, tenant.operator.email, PASSWORD)["Authorization"]  # the old one still works

    def test_a_new_password_ends_every_session_and_the_old_one_stops_working(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        as_browser(client, tenant.operator.email)
        old_session = client.cookies.get(SESSION_COOKIE)

        changed = submit_form(
            client,
            "/account/password",
            {
                "current_password": PASSWORD,
                "new_password": "baru-sekali-1",
                "new_password_again": "baru-sekali-1",
            },
        )

        assert (changed.status_code, changed.headers["location"]) == (303, "/login")
        login_browser(client, str(old_session))  # a browser (or a thief) that kept the old session cookie
        assert client.get("/account", follow_redirects=False).status_code == 303
        logout_browser(client)
        assert (
            client.post(
                "/api/v1/auth/token", data={"username": tenant.operator.email, "password": PASSWORD}
            ).status_code
            == 401
        )
        assert login(client, tenant.operator.email, "baru-sekali-1")["Authorization"]

    def test_nobody_logged_in_is_sent_to_the_login(self, client: TestClient) -> None:
        logout_browser(client)

        response = client.get("/account", follow_redirects=False)

        assert response.status_code == 303
        assert "/login" in response.headers["location"]
