"""Accounts as an admin and the people themselves meet them: invitations, resets, lockout, imports."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func, select

from services.submission.accounts import AccountInput
from services.submission.deps import SubmissionRuntime
from services.submission.models import AuditEntry, Opd, OutboxMessage, UserAccount
from shared.auth import Role
from tests.submission.conftest import PASSWORD, Tenant, login


def outbox(runtime: SubmissionRuntime, task_name: str) -> list[dict[str, Any]]:
    with runtime.session_factory() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.task_name == task_name)
            .order_by(OutboxMessage.created_at)
        )
        return [row.payload for row in rows]


def link_token(url: str) -> str:
    return url.rsplit("token=", 1)[1]


def count(runtime: SubmissionRuntime, model: type[Any]) -> int:
    with runtime.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class TestInvitation:
    def test_an_invited_person_sets_a_password_once_and_logs_in(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        admin = login(client, tenant.admin.email)
        created = client.post(
            "/api/v1/users",
            json={
                "email": "Sari@Kukar.test",
                "name": "Sari Operator",
                "role": "opd_operator",
                "opd_id": str(tenant.opd.id),
                "whatsapp": "0813 1111 2222",
                "whatsapp_opt_in": True,
            },
            headers=admin,
        )
        assert created.status_code == 201, created.text
        assert (created.json()["email"], created.json()["whatsapp"]) == ("sari@kukar.test", "+6281311112222")
        invited = [m for m in outbox(runtime, "notification.notify") if m["event_type"] == "account.invited"]
        assert [r["email"] for r in invited[-1]["recipients"]] == ["sari@kukar.test"]
        token = link_token(invited[-1]["data"]["invite_url"])

        before = client.post(
            "/api/v1/auth/token", data={"username": "sari@kukar.test", "password": "apa-saja-1"}
        )
        assert before.status_code == 401
        accepted = client.post(
            "/api/v1/auth/invitations/accept", json={"token": token, "password": "sandi-sari-1"}
        )
        assert accepted.status_code == 204
        login(client, "sari@kukar.test", "sandi-sari-1")
        again = client.post(
            "/api/v1/auth/invitations/accept", json={"token": token, "password": "sandi-lain-1"}
        )
        assert again.status_code == 400
        assert "tidak berlaku lagi" in again.json()["error"]["message"]

    def test_review_learns_when_an_invitation_is_accepted(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        admin = login(client, tenant.admin.email)
        created = client.post(
            "/api/v1/users",
            json={"email": "rudi@kukar.test", "name": "Rudi Verifikator", "role": "reviewer"},
            headers=admin,
        )
        assert created.status_code == 201, created.text
        invited = [m for m in outbox(runtime, "notification.notify") if m["event_type"] == "account.invited"]
        token = link_token(invited[-1]["data"]["invite_url"])

        def rudi() -> list[bool]:
            synced = [m["account"] for m in outbox(runtime, "review.sync_account")]
            return [a["invitation_pending"] for a in synced if a["email"] == "rudi@kukar.test"]

        before = rudi()
        accepted = client.post(
            "/api/v1/auth/invitations/accept", json={"token": token, "password": "sandi-rudi-1"}
        )

        assert accepted.status_code == 204
        assert before  # review must not give work to someone who cannot log in yet
        assert all(before)
        assert rudi()[-1] is False

    @pytest.mark.parametrize(
        ("number", "code", "words"),
        [
            ("0541-741234", "account.phone_landline", "nomor telepon kantor/rumah"),
            ("+44 7911 123456", "account.phone_foreign", "nomor luar negeri"),
            ("0812", "account.phone_invalid", "bukan nomor HP yang sah"),
        ],
    )
    def test_a_number_whatsapp_cannot_reach_is_refused_saying_why(
        self,
        client: TestClient,
        tenant: Tenant,
        runtime: SubmissionRuntime,
        number: str,
        code: str,
        words: str,
    ) -> None:
        admin = login(client, tenant.admin.email)
        before = count(runtime, UserAccount)
        refused = client.post(
            "/api/v1/users",
            json={
                "email": "rudi@kukar.test",
                "name": "Rudi",
                "role": "opd_operator",
                "opd_id": str(tenant.opd.id),
                "whatsapp": number,
            },
            headers=admin,
        )
        assert refused.status_code == 422
        error = refused.json()["error"]
        assert error["code"] == code
        assert words in error["message"]
        assert number in error["message"]
        assert count(runtime, UserAccount) == before

    def test_every_account_change_reaches_review_and_notification_and_the_audit_log(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        admin = login(client, tenant.admin.email)
        changed = client.patch(
            f"/api/v1/users/{tenant.operator.id}",
            json={"whatsapp": "0812-9999-0000", "language": "en"},
            headers=admin,
        )
        assert changed.status_code == 200, changed.text
        recipients = [m["account"] for m in outbox(runtime, "notification.sync_recipient")]
        directory = [m["account"] for m in outbox(runtime, "review.sync_account")]
        assert (recipients[-1]["whatsapp"], recipients[-1]["language"]) == ("+6281299990000", "en")
        assert recipients[-1]["timezone"] == "Asia/Makassar"
        assert directory[-1]["user_id"] == str(tenant.operator.id)
        log = client.get(f"/api/v1/audit?entity_id={tenant.operator.id}", headers=admin).json()
        assert log[0]["action"] == "update"
        assert log[0]["actor_name"] == "Admin"
        assert log[0]["before"] == {"whatsapp": "+6281234567001", "language": "id"}
        assert log[0]["after"] == {"whatsapp": "+6281299990000", "language": "en"}

    def test_an_operator_cannot_manage_accounts(self, client: TestClient, tenant: Tenant) -> None:
        operator = login(client, tenant.operator.email)
        response = client.post(
            "/api/v1/users",
            json={"email": "x@kukar.test", "name": "Xaver", "role": "admin"},
            headers=operator,
        )
        assert response.status_code == 403


class TestPasswordReset:
    def test_a_reset_link_sets_a_new_password_and_unknown_emails_get_the_same_answer(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        unknown = client.post("/api/v1/auth/password-reset", json={"email": "siapa@kukar.test"})
        known = client.post("/api/v1/auth/password-reset", json={"email": tenant.operator.email})
        assert (unknown.status_code, known.status_code) == (202, 202)
        assert unknown.json() == known.json()
        resets = [
            m for m in outbox(runtime, "notification.notify") if m["event_type"] == "account.password_reset"
        ]
        assert len(resets) == 1
        assert resets[0]["data"]["pemda"] == tenant.pemda.name
        token = link_token(resets[0]["data"]["reset_url"])
        done = client.post(
            "/api/v1/auth/password-reset/confirm", json={"token": token, "password": "sandi-baru-22"}
        )
        assert done.status_code == 204
        login(client, tenant.operator.email, "sandi-baru-22")
        old = client.post(
            "/api/v1/auth/token", data={"username": tenant.operator.email, "password": PASSWORD}
        )
        assert old.status_code == 401


class TestLoginThrottling:
    def test_five_wrong_passwords_lock_the_account_for_a_while(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        for _ in range(5):
            wrong = client.post(
                "/api/v1/auth/token", data={"username": tenant.operator.email, "password": "salah"}
            )
            assert wrong.status_code == 401
        locked = client.post(
            "/api/v1/auth/token", data={"username": tenant.operator.email, "password": PASSWORD}
        )
        assert locked.status_code == 429
        assert "15 menit" in locked.json()["error"]["message"]
        other = client.post("/api/v1/auth/token", data={"username": tenant.head.email, "password": PASSWORD})
        assert other.status_code == 200


class TestImports:
    def test_opds_from_xlsx_with_kinds_and_parents(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        admin = login(client, tenant.admin.email)
        content = xlsx(
            [
                ["name", "kind", "parent"],
                ["Kecamatan Tenggarong", "kecamatan", None],
                ["Kelurahan Melayu", "kelurahan", "Kecamatan Tenggarong"],
                ["Puskesmas Rapak Mahang", "puskesmas", "Dinas Kesehatan"],
            ]
        )
        response = client.post(
            "/api/v1/imports/opds",
            files={"file": ("opd.xlsx", content, "application/octet-stream")},
            headers=admin,
        )
        assert response.status_code == 200, response.text
        assert (response.json()["imported"], response.json()["refused"]) == (3, 0)
        opds = {o["name"]: o for o in client.get("/api/v1/opds", headers=admin).json()}
        assert opds["Kelurahan Melayu"]["parent_id"] == opds["Kecamatan Tenggarong"]["id"]

    def test_a_csv_with_bad_rows_imports_nothing_and_reports_each_row(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        admin = login(client, tenant.admin.email)
        users_before, messages_before = count(runtime, UserAccount), count(runtime, OutboxMessage)
        content = (
            b"email;name;role;opd;whatsapp;whatsapp_opt_in\n"
            b"budi@kukar.test;Budi;opd_operator;Dinas Kesehatan;0812-1111-2222;ya\n"
            b"bukan-email;Tanpa Email;opd_operator;Dinas Kesehatan;;\n"
            b"rina@kukar.test;Rina;opd_head;Dinas Rahasia;;\n"
            b"dedi@kukar.test;Dedi;opd_operator;Dinas Kesehatan;12;\n"
        )
        response = client.post(
            "/api/v1/imports/users", files={"file": ("orang.csv", content, "text/csv")}, headers=admin
        )
        assert response.status_code == 422
        report = response.json()["error"]["report"]
        assert (report["imported"], report["refused"]) == (0, 3)
        assert [(r["row"], r["ok"]) for r in report["rows"]] == [
            (2, True),
            (3, False),
            (4, False),
            (5, False),
        ]
        assert "Dinas Rahasia" in report["rows"][2]["errors"][0]
        assert "12" in report["rows"][3]["errors"][0]
        assert (count(runtime, UserAccount), count(runtime, OutboxMessage)) == (users_before, messages_before)

    def test_an_opd_under_an_unknown_parent_refuses_the_file(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        admin = login(client, tenant.admin.email)
        content = b"name,kind,parent\nKecamatan Loa Kulu,kecamatan,\nDesa Jembayan,desa,Kecamatan Loa Janan\n"
        response = client.post(
            "/api/v1/imports/opds", files={"file": ("opd.csv", content, "text/csv")}, headers=admin
        )
        assert response.status_code == 422
        report = response.json()["error"]["report"]
        assert [(r["row"], r["ok"]) for r in report["rows"]] == [(2, True), (3, False)]
        assert "Kecamatan Loa Janan" in report["rows"][1]["errors"][0]
        assert count(runtime, Opd) == 2

    def test_a_file_without_the_required_columns_is_refused_with_their_names(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        admin = login(client, tenant.admin.email)
        response = client.post(
            "/api/v1/imports/users",
            files={"file": ("orang.csv", b"email,nama\nbudi@kukar.test,Budi\n", "text/csv")},
            headers=admin,
        )
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "import.missing_columns"
        assert "role" in response.json()["error"]["message"]

    def test_a_formula_in_a_csv_refuses_its_row_naming_the_column_and_saves_nothing(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        admin = login(client, tenant.admin.email)
        users_before, messages_before = count(runtime, UserAccount), count(runtime, OutboxMessage)
        content = (
            b"email,name,role,opd,whatsapp\n"
            b"budi@kukar.test,Budi,opd_operator,Dinas Kesehatan,+62 812-1111-2222\n"
            b"rina@kukar.test,=1+1,opd_operator,Dinas Kesehatan,\n"
        )
        response = client.post(
            "/api/v1/imports/users", files={"file": ("orang.csv", content, "text/csv")}, headers=admin
        )
        assert response.status_code == 422
        report = response.json()["error"]["report"]
        assert [(r["row"], r["ok"]) for r in report["rows"]] == [(2, True), (3, False)]
        assert report["rows"][1]["errors"] == [
            "Baris 3, kolom name: isi tidak boleh diawali =, +, -, @, tab atau CR (tampak seperti rumus)."
        ]
        assert (count(runtime, UserAccount), count(runtime, OutboxMessage)) == (users_before, messages_before)

    def test_a_formula_cell_in_an_xlsx_refuses_the_file(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        admin = login(client, tenant.admin.email)
        opds_before = count(runtime, Opd)
        content = xlsx(
            [["name", "kind"], ["Kecamatan Loa Kulu", "kecamatan"], ['=HYPERLINK("http://x","klik")', "desa"]]
        )
        response = client.post(
            "/api/v1/imports/opds",
            files={"file": ("opd.xlsx", content, "application/octet-stream")},
            headers=admin,
        )
        assert response.status_code == 422
        rows = response.json()["error"]["report"]["rows"]
        assert [(r["row"], r["ok"]) for r in rows] == [(2, True), (3, False)]
        assert rows[1]["errors"][0].startswith("Baris 3, kolom name:")
        assert count(runtime, Opd) == opds_before

    def test_a_file_that_is_not_a_table_is_refused(self, client: TestClient, tenant: Tenant) -> None:
        admin = login(client, tenant.admin.email)
        response = client.post(
            "/api/v1/imports/opds",
            files={"file": ("opd.xlsx", b"PK\x03\x04 broken", "application/zip")},
            headers=admin,
        )
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "import.unreadable"

    def test_an_unknown_opd_kind_is_refused_with_the_choices(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        admin = login(client, tenant.admin.email)
        response = client.post("/api/v1/opds", json={"name": "Dinas Baru", "kind": "kantor"}, headers=admin)
        assert response.status_code == 422
        assert "puskesmas" in response.json()["error"]["message"]
        assert count(runtime, Opd) == 2
        assert count(runtime, AuditEntry) > 0


class TestAccountInputOf:
    def test_it_takes_each_field_of_the_source_under_the_same_name(self) -> None:
        source = SimpleNamespace(
            email="a@b.test",
            name="Ani",
            role=Role.reviewer,
            opd_id=None,
            whatsapp="0812",
            whatsapp_opt_in=True,
            language="en",
            extra="ignored",
        )
        assert AccountInput.of(source) == AccountInput(
            email="a@b.test",
            name="Ani",
            role=Role.reviewer,
            opd_id=None,
            whatsapp="0812",
            whatsapp_opt_in=True,
            language="en",
        )
