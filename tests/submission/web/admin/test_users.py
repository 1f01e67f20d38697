"""People: invitations, the import, one person's changes, deactivation (never one's own)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from services.submission.deps import SubmissionRuntime
from services.submission.models import UserAccount
from shared.auth import Role
from tests.pages import submit_form
from tests.submission.conftest import Tenant, seed_tenant
from tests.submission.test_accounts import count
from tests.submission.web.admin.support import notices, user_by_email


class TestUsers:
    def test_invite_a_user(self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant) -> None:
        response = submit_form(
            admin,
            "/admin/users",
            {
                "email": "operator.baru@kukar.test",
                "name": "Operator Baru",
                "role": "opd_operator",
                "opd_id": str(tenant.other_opd.id),
                "whatsapp": "0812-1111-2222",
                "whatsapp_opt_in": "1",
                "language": "id",
            },
        )
        assert response.status_code == 303
        user = user_by_email(runtime, "operator.baru@kukar.test")
        assert user is not None
        assert user.role is Role.opd_operator
        assert user.opd_id == tenant.other_opd.id
        assert user.whatsapp_opt_in is True
        invited = notices(runtime, "account.invited")
        assert [r["email"] for m in invited for r in m["recipients"]] == ["operator.baru@kukar.test"]
        page = admin.get("/admin/users")
        assert "Pengguna ditambahkan" in page.text
        assert "operator.baru@kukar.test" in page.text

    @pytest.mark.parametrize(
        ("form", "message"),
        [
            ({"email": "bukan-email", "name": "Siti", "role": "reviewer"}, "tidak sah"),
            (
                {"email": "siti@kukar.test", "name": "Siti", "role": "opd_operator", "opd_id": ""},
                "memerlukan OPD",
            ),
            ({"email": "siti@kukar.test", "name": "Siti", "role": "superadmin"}, "Pilih salah satu"),
            ({"email": "siti@kukar.test", "name": "Siti", "role": "reviewer", "whatsapp": "12"}, "WhatsApp"),
            ({"email": "admin@kukar.test", "name": "Siti", "role": "reviewer"}, "Sudah ada akun"),
        ],
    )
    def test_bad_input_keeps_the_form_and_adds_nobody(
        self, admin: TestClient, runtime: SubmissionRuntime, form: dict[str, str], message: str
    ) -> None:
        before = count(runtime, UserAccount)
        page = submit_form(admin, "/admin/users", form)
        assert page.status_code in (403, 409, 422)
        assert message in page.text
        assert f'value="{form["email"]}"' in page.text
        assert 'value="Siti"' in page.text
        assert count(runtime, UserAccount) == before
        assert notices(runtime, "account.invited") == []

    def test_edit_a_users_role_and_opd(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        page = admin.get(f"/admin/users/{tenant.operator.id}")
        assert page.status_code == 200
        assert 'value="Operator"' in page.text
        response = submit_form(
            admin,
            f"/admin/users/{tenant.operator.id}",
            {
                "name": "Operator Dinkes",
                "role": "opd_head",
                "opd_id": str(tenant.opd.id),
                "language": "en",
                "is_active": "1",
            },
        )
        assert response.status_code == 303
        user = user_by_email(runtime, tenant.operator.email)
        assert user is not None
        assert (user.name, user.role, user.language, user.is_active) == (
            "Operator Dinkes",
            Role.opd_head,
            "en",
            True,
        )

    def test_a_bad_edit_keeps_the_typed_values_and_changes_nothing(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        page = submit_form(
            admin,
            f"/admin/users/{tenant.operator.id}",
            {"name": "Nama Baru Sekali", "role": "opd_operator", "opd_id": "", "is_active": "1"},
        )
        assert page.status_code == 422
        assert "memerlukan OPD" in page.text
        assert 'value="Nama Baru Sekali"' in page.text
        user = user_by_email(runtime, tenant.operator.email)
        assert user is not None
        assert user.name == tenant.operator.name
        assert user.opd_id == tenant.opd.id

    def test_deactivate_and_reactivate_from_the_list(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        response = submit_form(admin, f"/admin/users/{tenant.head.id}/active", {"active": "0"})
        assert response.status_code == 303
        user = user_by_email(runtime, tenant.head.email)
        assert user is not None
        assert user.is_active is False
        page = admin.get("/admin/users")
        assert "Akun dinonaktifkan" in page.text
        assert f"Aktifkan {tenant.head.name}" in page.text
        submit_form(admin, f"/admin/users/{tenant.head.id}/active", {"active": "1"})
        user = user_by_email(runtime, tenant.head.email)
        assert user is not None
        assert user.is_active is True

    def test_an_admin_cannot_lock_themself_out(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert f"Nonaktifkan {tenant.admin.name}" not in admin.get("/admin/users").text
        page = submit_form(
            admin,
            f"/admin/users/{tenant.admin.id}",
            {"name": tenant.admin.name, "role": "admin", "is_active": ""},
        )
        assert page.status_code == 422
        assert "tidak dapat menonaktifkan akun Anda sendiri" in page.text
        direct = submit_form(admin, f"/admin/users/{tenant.admin.id}/active", {"active": "0"})
        assert direct.status_code == 422
        user = user_by_email(runtime, tenant.admin.email)
        assert user is not None
        assert user.is_active is True

    def test_users_of_another_pemda_are_not_found(
        self, admin: TestClient, runtime: SubmissionRuntime
    ) -> None:
        other = seed_tenant(runtime, slug="paser")
        assert admin.get(f"/admin/users/{other.operator.id}").status_code == 404
        response = submit_form(admin, f"/admin/users/{other.operator.id}/active", {"active": "0"})
        assert response.status_code == 404
        user = user_by_email(runtime, other.operator.email)
        assert user is not None
        assert user.is_active is True

    def test_an_import_with_a_refused_row_invites_nobody(
        self, admin: TestClient, runtime: SubmissionRuntime
    ) -> None:
        content = (
            "email,name,role,opd\n"
            "baru1@kukar.test,Baru Satu,reviewer,\n"
            "baru2@kukar.test,Baru Dua,opd_operator,Dinas Tidak Ada\n"
        )
        before = count(runtime, UserAccount)
        page = admin.post(
            "/admin/users/import",
            data={"csrf_token": admin.cookies["gi_csrf"]},
            files={"file": ("users.csv", content.encode(), "text/csv")},
            follow_redirects=False,
        )
        assert page.status_code == 422
        assert "1 baris ditolak" in page.text
        assert "Dinas Tidak Ada" in page.text
        assert count(runtime, UserAccount) == before
        assert notices(runtime, "account.invited") == []

    def test_an_import_of_good_rows_invites_each(self, admin: TestClient, runtime: SubmissionRuntime) -> None:
        content = (
            "email,name,role,opd\n"
            "baru1@kukar.test,Baru Satu,reviewer,\n"
            "baru2@kukar.test,Baru Dua,opd_operator,Dinas Kesehatan\n"
        )
        response = admin.post(
            "/admin/users/import",
            data={"csrf_token": admin.cookies["gi_csrf"]},
            files={"file": ("users.csv", content.encode(), "text/csv")},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert user_by_email(runtime, "baru2@kukar.test") is not None
        assert len(notices(runtime, "account.invited")) == 2
