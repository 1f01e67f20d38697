"""The pemda admin's pages: periods (create, open, deadline, one OPD's extension), OPDs and users with
imports (all rows or none, a report per row), the catalogue, the compliance board's one-click reminder
and the audit log. Each change is checked in the database; each refusal changes nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.submission import accounts, periods, principals
from services.submission.deps import SubmissionRuntime, holder
from services.submission.models import Opd, Pemda, Period, PeriodExtension, UserAccount
from shared.auth import Principal, Role
from shared.db import utc_now
from tests.pages import login_browser, submit_form
from tests.submission.conftest import Tenant, seed_tenant
from tests.submission.test_accounts import count, outbox, xlsx

ADMIN_PAGES = (
    "/admin/periods",
    "/admin/opds",
    "/admin/users",
    "/admin/catalogue",
    "/admin/compliance",
    "/admin/audit",
)


def browser_login(client: TestClient, user: UserAccount) -> None:
    """A browser session for `user` (the login form itself is tested with the session pages)."""
    runtime = holder.get()
    with runtime.session_factory() as session:
        account = session.get(UserAccount, user.id)
        assert account is not None
        login_browser(client, runtime.issuer.issue(principals.principal_of(account)))


@pytest.fixture
def admin(client: TestClient, tenant: Tenant) -> TestClient:
    browser_login(client, tenant.admin)
    return client


def notices(runtime: SubmissionRuntime, event_type: str) -> list[dict[str, Any]]:
    return [m for m in outbox(runtime, "notification.notify") if m["event_type"] == event_type]


def period_of(runtime: SubmissionRuntime, year: int, tenant: Tenant) -> Period | None:
    with runtime.session_factory() as session:
        return session.scalar(select(Period).where(Period.pemda_id == tenant.pemda.id, Period.year == year))


def user_by_email(runtime: SubmissionRuntime, email: str) -> UserAccount | None:
    with runtime.session_factory() as session:
        return session.scalar(select(UserAccount).where(UserAccount.email == email))


class TestAccess:
    @pytest.mark.parametrize("path", ADMIN_PAGES)
    def test_nobody_logged_in_goes_to_the_login_page_and_back(self, client: TestClient, path: str) -> None:
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert "/login?next=" in response.headers["location"]
        assert path.replace("/", "%2F") in response.headers["location"]

    @pytest.mark.parametrize("path", ADMIN_PAGES)
    def test_an_operator_gets_a_403_page(self, client: TestClient, tenant: Tenant, path: str) -> None:
        browser_login(client, tenant.operator)
        page = client.get(path)
        assert page.status_code == 403
        assert "Traceback" not in page.text
        assert "Menu administrasi" not in page.text

    def test_a_reviewer_cannot_post_either(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        browser_login(client, tenant.reviewer)
        response = submit_form(client, "/admin/opds", {"name": "Dinas Siluman", "kind": "dinas"})
        assert response.status_code == 403
        assert count(runtime, Opd) == 2

    @pytest.mark.parametrize("path", ADMIN_PAGES)
    def test_every_admin_page_has_the_sub_navigation(self, admin: TestClient, path: str) -> None:
        page = admin.get(path)
        assert page.status_code == 200, page.text
        assert 'aria-label="Menu administrasi"' in page.text
        for target in ADMIN_PAGES:
            assert f'href="{target}"' in page.text
        assert f'href="{path}" aria-current="page"' in page.text
        assert 'name="csrf_token"' in page.text or path in ("/admin/catalogue", "/admin/audit")


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_every_admin_page_speaks_english_with_no_text_missing(admin: TestClient, path: str) -> None:
    admin.cookies.set("gi_lang", "en")
    page = admin.get(path)
    assert page.status_code == 200
    assert 'aria-label="Administration menu"' in page.text
    missing = re.findall(r"\b(?:admin|showcase|period|account)\.[a-z_]+(?:\.[a-z_]+)*", page.text)
    assert missing == []


class TestPeriods:
    def test_the_list_shows_the_periods_in_the_pemda_zone(self, admin: TestClient, tenant: Tenant) -> None:
        assert tenant.period is not None
        page = admin.get("/admin/periods")
        assert tenant.period.name in page.text
        assert "WITA" in page.text
        assert "Dibuka" in page.text

    def test_create_a_period(self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant) -> None:
        year = utc_now().year + 1
        response = submit_form(
            admin,
            "/admin/periods",
            {
                "year": str(year),
                "name": "",
                "opens_at": f"{year}-02-01T08:00",
                "closes_at": f"{year}-05-31T23:59",
                "catalogue_code": "iid-2025",
            },
        )
        assert response.status_code == 303
        period = period_of(runtime, year, tenant)
        assert period is not None
        assert response.headers["location"] == f"/admin/periods/{period.id}"
        # typed in WITA (UTC+8)
        assert period.opens_at.replace(tzinfo=UTC) == datetime(year, 2, 1, 0, 0, tzinfo=UTC)
        assert period.closes_at.replace(tzinfo=UTC) == datetime(year, 5, 31, 15, 59, tzinfo=UTC)
        page = admin.get(response.headers["location"])
        assert "Periode dibuat." in page.text
        assert f"Gelar Inovasi Daerah {year}" in page.text
        assert "Belum dibuka" in page.text

    def test_a_bad_year_keeps_what_was_typed_and_creates_nothing(
        self, admin: TestClient, runtime: SubmissionRuntime
    ) -> None:
        before = count(runtime, Period)
        page = submit_form(
            admin,
            "/admin/periods",
            {
                "year": "dua ribu",
                "name": "Periode Uji",
                "closes_at": "2030-05-31T23:59",
                "catalogue_code": "iid-2025",
            },
        )
        assert page.status_code == 422
        assert "Tahun &#39;dua ribu&#39; tidak sah" in page.text or "Tahun 'dua ribu' tidak sah" in page.text
        assert 'value="dua ribu"' in page.text
        assert 'value="Periode Uji"' in page.text
        assert 'value="2030-05-31T23:59"' in page.text
        assert 'aria-invalid="true"' in page.text
        assert count(runtime, Period) == before

    def test_closing_before_opening_is_refused_with_the_dates_kept(
        self, admin: TestClient, runtime: SubmissionRuntime
    ) -> None:
        before = count(runtime, Period)
        page = submit_form(
            admin,
            "/admin/periods",
            {"year": "2031", "opens_at": "2031-05-01T08:00", "closes_at": "2031-04-01T08:00"},
        )
        assert page.status_code == 422
        assert "Periode harus ditutup setelah dibuka" in page.text
        assert 'value="2031-04-01T08:00"' in page.text
        assert count(runtime, Period) == before

    def test_a_second_period_for_the_same_year_is_refused(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        page = submit_form(admin, "/admin/periods", {"year": str(tenant.period.year), "name": "Lagi"})
        assert page.status_code == 409
        assert f"sudah memiliki periode tahun {tenant.period.year}" in page.text
        assert count(runtime, Period) == 1

    def test_without_the_csrf_token_nothing_is_created(
        self, admin: TestClient, runtime: SubmissionRuntime
    ) -> None:
        response = admin.post("/admin/periods", data={"year": "2032"}, follow_redirects=False)
        assert response.status_code == 403
        assert "Formulir ini sudah kedaluwarsa" in response.text
        assert count(runtime, Period) == 1

    def _upcoming(self, runtime: SubmissionRuntime, tenant: Tenant) -> Period:
        with runtime.db.unit_of_work() as uow:
            pemda = uow.session.get(Pemda, tenant.pemda.id)
            assert pemda is not None
            now = utc_now()
            return periods.create_period(
                uow,
                pemda=pemda,
                data=periods.PeriodInput(
                    year=now.year + 2, opens_at=now + timedelta(days=10), closes_at=now + timedelta(days=90)
                ),
            )

    def test_open_a_period_now(self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant) -> None:
        period = self._upcoming(runtime, tenant)
        page = admin.get(f"/admin/periods/{period.id}")
        assert "Buka sekarang" in page.text
        response = submit_form(admin, f"/admin/periods/{period.id}/open")
        assert response.status_code == 303
        opened = period_of(runtime, period.year, tenant)
        assert opened is not None
        assert opened.opens_at <= utc_now() + timedelta(seconds=1)
        page = admin.get(response.headers["location"])
        assert "Periode dibuka sekarang." in page.text
        assert "Buka sekarang" not in page.text

    def test_change_the_deadline(self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant) -> None:
        assert tenant.period is not None
        year = tenant.period.year
        response = submit_form(
            admin, f"/admin/periods/{tenant.period.id}/deadline", {"closes_at": f"{year + 1}-01-15T17:00"}
        )
        assert response.status_code == 303
        period = period_of(runtime, year, tenant)
        assert period is not None
        assert period.closes_at.replace(tzinfo=UTC) == datetime(year + 1, 1, 15, 9, 0, tzinfo=UTC)
        assert "Batas waktu periode diubah." in admin.get(response.headers["location"]).text

    def test_a_bad_deadline_keeps_the_typed_value_and_changes_nothing(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        before = tenant.period.closes_at
        too_early = submit_form(
            admin, f"/admin/periods/{tenant.period.id}/deadline", {"closes_at": "2001-01-01T00:00"}
        )
        assert too_early.status_code == 422
        assert "Periode harus ditutup setelah dibuka" in too_early.text
        assert 'value="2001-01-01T00:00"' in too_early.text
        garbage = submit_form(admin, f"/admin/periods/{tenant.period.id}/deadline", {"closes_at": "besok"})
        assert garbage.status_code == 422
        assert "tidak sah" in garbage.text
        assert 'value="besok"' in garbage.text
        period = period_of(runtime, tenant.period.year, tenant)
        assert period is not None
        assert period.closes_at == before

    def test_extend_the_deadline_for_one_opd(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        later = (utc_now() + timedelta(days=45)).astimezone(UTC)
        response = submit_form(
            admin,
            f"/admin/periods/{tenant.period.id}/extension",
            {
                "opd_id": str(tenant.other_opd.id),
                "ext_closes_at": later.strftime("%Y-%m-%dT%H:%M"),
                "reason": "Surat permohonan Dinas Pendidikan",
            },
        )
        assert response.status_code == 303
        with runtime.session_factory() as session:
            extension = session.scalar(select(PeriodExtension))
            assert extension is not None
            assert extension.opd_id == tenant.other_opd.id
            assert extension.reason == "Surat permohonan Dinas Pendidikan"
        page = admin.get(response.headers["location"])
        assert "Perpanjangan batas waktu untuk OPD tersimpan." in page.text
        assert "diperpanjang" in page.text

    def test_an_extension_without_reason_or_opd_changes_nothing(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        no_reason = submit_form(
            admin,
            f"/admin/periods/{tenant.period.id}/extension",
            {"opd_id": str(tenant.other_opd.id), "ext_closes_at": "2099-01-01T10:00", "reason": " "},
        )
        assert no_reason.status_code == 422
        assert "Tulis alasan perpanjangan" in no_reason.text
        assert 'value="2099-01-01T10:00"' in no_reason.text
        assert f'<option value="{tenant.other_opd.id}" selected>' in no_reason.text
        no_opd = submit_form(
            admin,
            f"/admin/periods/{tenant.period.id}/extension",
            {"opd_id": "", "ext_closes_at": "2099-01-01T10:00", "reason": "Surat"},
        )
        assert no_opd.status_code == 422
        assert "Pilih salah satu dari daftar" in no_opd.text
        assert count(runtime, PeriodExtension) == 0

    def test_another_pemdas_period_is_not_found(self, admin: TestClient, runtime: SubmissionRuntime) -> None:
        other = seed_tenant(runtime, slug="paser")
        assert other.period is not None
        assert admin.get(f"/admin/periods/{other.period.id}").status_code == 404
        response = submit_form(
            admin, f"/admin/periods/{other.period.id}/deadline", {"closes_at": "2099-01-01T10:00"}
        )
        assert response.status_code == 404
        assert period_of(runtime, other.period.year, other) is not None
        still = period_of(runtime, other.period.year, other)
        assert still is not None
        assert still.closes_at == other.period.closes_at


class TestOpds:
    def test_add_an_opd(self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant) -> None:
        response = submit_form(
            admin,
            "/admin/opds",
            {"name": "Puskesmas Tenggarong", "kind": "puskesmas", "parent_id": str(tenant.opd.id)},
        )
        assert response.status_code == 303
        with runtime.session_factory() as session:
            opd = session.scalar(select(Opd).where(Opd.name == "Puskesmas Tenggarong"))
            assert opd is not None
            assert opd.parent_id == tenant.opd.id
        page = admin.get("/admin/opds")
        assert "OPD ditambahkan." in page.text
        assert "Puskesmas Tenggarong" in page.text

    def test_a_taken_name_keeps_the_form_and_adds_nothing(
        self, admin: TestClient, runtime: SubmissionRuntime
    ) -> None:
        page = submit_form(admin, "/admin/opds", {"name": "Dinas Kesehatan", "kind": "dinas"})
        assert page.status_code == 409
        assert (
            "OPD &#39;Dinas Kesehatan&#39; sudah ada" in page.text
            or "OPD 'Dinas Kesehatan' sudah ada" in page.text
        )
        assert 'value="Dinas Kesehatan"' in page.text
        no_kind = submit_form(admin, "/admin/opds", {"name": "Badan Baru", "kind": ""})
        assert no_kind.status_code == 422
        assert "Jenis OPD" in no_kind.text
        assert 'value="Badan Baru"' in no_kind.text
        assert count(runtime, Opd) == 2

    def test_import_opds_from_csv(self, admin: TestClient, runtime: SubmissionRuntime) -> None:
        content = (
            "name,kind,parent\n"
            "Kecamatan Tenggarong,kecamatan,\n"
            "Kelurahan Melayu,kelurahan,Kecamatan Tenggarong\n"
        )
        response = admin.post(
            "/admin/opds/import",
            data={"csrf_token": admin.cookies["gi_csrf"]},
            files={"file": ("opd.csv", content.encode(), "text/csv")},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert count(runtime, Opd) == 4
        page = admin.get("/admin/opds")
        assert "Impor berhasil" in page.text
        assert "Kelurahan Melayu" in page.text

    def test_an_import_with_refused_rows_changes_nothing_and_lists_each_problem(
        self, admin: TestClient, runtime: SubmissionRuntime
    ) -> None:
        content = xlsx(
            [
                ["name", "kind", "parent"],
                ["Kecamatan Loa Kulu", "kecamatan", ""],
                ["Dinas Kesehatan", "dinas", ""],
                ["Kantor Ajaib", "kastil", ""],
            ]
        )
        page = admin.post(
            "/admin/opds/import",
            data={"csrf_token": admin.cookies["gi_csrf"]},
            files={"file": ("opd.xlsx", content, "application/octet-stream")},
            follow_redirects=False,
        )
        assert page.status_code == 422
        assert "Impor dibatalkan: 2 baris ditolak" in page.text
        assert "Laporan impor per baris" in page.text
        assert "sudah ada" in page.text
        assert "kastil" in page.text
        assert count(runtime, Opd) == 2
        assert "Kecamatan Loa Kulu" not in admin.get("/admin/opds").text

    def test_an_import_without_a_file_says_so(self, admin: TestClient, runtime: SubmissionRuntime) -> None:
        page = admin.post(
            "/admin/opds/import",
            data={"csrf_token": admin.cookies["gi_csrf"]},
            files={"file": ("", b"", "application/octet-stream")},
            follow_redirects=False,
        )
        assert page.status_code == 422
        assert "Pilih berkas CSV atau XLSX" in page.text
        assert count(runtime, Opd) == 2

    def test_an_import_without_the_csrf_token_changes_nothing(
        self, admin: TestClient, runtime: SubmissionRuntime
    ) -> None:
        response = admin.post(
            "/admin/opds/import",
            files={"file": ("opd.csv", b"name,kind\nDinas Baru,dinas\n", "text/csv")},
            follow_redirects=False,
        )
        assert response.status_code == 403
        assert count(runtime, Opd) == 2


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


class TestCatalogue:
    def test_the_period_catalogue_with_weights_parameters_and_guidance(
        self, admin: TestClient, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        catalogue = periods.catalogue_of(tenant.period)
        page = admin.get("/admin/catalogue")
        assert page.status_code == 200
        first = catalogue.indicators[0]
        assert first.name in page.text
        assert first.parameters[2].text in page.text
        assert f"total bobot {catalogue.total_bobot}" in page.text
        with_guidance = next(i for i in catalogue.indicators if i.guidance)
        assert with_guidance.guidance.split("\n")[0][:40] in page.text
        assert "wajib" in page.text
        chosen = admin.get("/admin/catalogue", params={"period": str(tenant.period.id)})
        assert first.name in chosen.text
        assert admin.get("/admin/catalogue", params={"period": "bukan-id"}).status_code == 404


class TestCompliance:
    def _board(self, admin: TestClient) -> str:
        page = admin.get("/admin/compliance")
        assert page.status_code == 200
        return str(page.text)

    def test_the_board_lists_opds_that_have_not_sent(self, admin: TestClient, tenant: Tenant) -> None:
        text = self._board(admin)
        assert "0 dari 2 OPD sudah mengirim" in text
        assert "Belum mengirim (2 OPD)" in text
        assert f'aria-label="Ingatkan {tenant.opd.name}"' in text
        assert f'aria-label="Ingatkan {tenant.other_opd.name}"' in text

    def test_remind_an_opd_now_and_not_twice_on_a_double_click(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        form = {"period_id": str(tenant.period.id), "opd_id": str(tenant.opd.id)}
        first = submit_form(admin, "/admin/compliance/remind", form)
        assert first.status_code == 303
        assert "Pengingat dikirim" in admin.get(first.headers["location"]).text
        second = submit_form(admin, "/admin/compliance/remind", form)
        assert second.status_code == 303
        assert "baru saja dikirim" in admin.get(second.headers["location"]).text

        sent = notices(runtime, "period.closing")
        assert len(sent) == 1
        assert {r["email"] for r in sent[0]["recipients"]} == {tenant.operator.email, tenant.head.email}
        assert sent[0]["data"]["opd"] == tenant.opd.name
        assert sent[0]["data"]["period"] == tenant.period.name
        assert sent[0]["data"]["days_left"] in (29, 30)
        # the board shows when the OPD was last reminded; the audit log who did it
        board = self._board(admin)
        assert board.count("WITA") >= 3
        assert "opd · remind" in admin.get("/admin/audit").text

    def test_a_minute_later_the_reminder_goes_again(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        form = {"period_id": str(tenant.period.id), "opd_id": str(tenant.opd.id)}
        submit_form(admin, "/admin/compliance/remind", form)
        principal = accounts_principal(runtime, tenant)
        with runtime.db.unit_of_work() as uow:
            again = periods.remind_opd(
                uow,
                principal=principal,
                period_id=tenant.period.id,
                opd_id=tenant.opd.id,
                now=utc_now() + timedelta(minutes=2),
            )
        assert again.sent is True
        assert len(notices(runtime, "period.closing")) == 2

    def test_an_opd_without_people_gets_a_message_not_a_silent_click(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        page = submit_form(
            admin,
            "/admin/compliance/remind",
            {"period_id": str(tenant.period.id), "opd_id": str(tenant.other_opd.id)},
        )
        assert page.status_code == 409
        assert "belum memiliki operator atau kepala OPD yang aktif" in page.text
        assert notices(runtime, "period.closing") == []

    def test_a_closed_period_is_not_reminded_and_the_board_has_no_button(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        with runtime.db.unit_of_work() as uow:
            period = uow.session.get(Period, tenant.period.id)
            assert period is not None
            period.opens_at = utc_now() - timedelta(days=60)
            period.closes_at = utc_now() - timedelta(days=1)
        board = admin.get("/admin/compliance", params={"period": str(tenant.period.id)}).text
        assert "Ditutup" in board
        assert "Ingatkan" not in board.split("Belum mengirim", 1)[1].split("Sudah mengirim", 1)[0].replace(
            "&#34;Ingatkan&#34;", ""
        )
        page = submit_form(
            admin,
            "/admin/compliance/remind",
            {"period_id": str(tenant.period.id), "opd_id": str(tenant.opd.id)},
        )
        assert page.status_code == 409
        assert "Batas waktu periode ini sudah lewat" in page.text
        assert notices(runtime, "period.closing") == []

    def test_another_pemdas_period_is_not_on_the_board(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        other = seed_tenant(runtime, slug="paser")
        assert other.period is not None
        assert admin.get("/admin/compliance", params={"period": str(other.period.id)}).status_code == 404
        response = submit_form(
            admin,
            "/admin/compliance/remind",
            {"period_id": str(other.period.id), "opd_id": str(other.opd.id)},
        )
        assert response.status_code == 404
        assert notices(runtime, "period.closing") == []

    def test_without_the_csrf_token_no_reminder_goes(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        response = admin.post(
            "/admin/compliance/remind",
            data={"period_id": str(tenant.period.id), "opd_id": str(tenant.opd.id)},
            follow_redirects=False,
        )
        assert response.status_code == 403
        assert notices(runtime, "period.closing") == []

    def test_an_operator_cannot_remind(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        browser_login(client, tenant.operator)
        response = submit_form(
            client,
            "/admin/compliance/remind",
            {"period_id": str(tenant.period.id), "opd_id": str(tenant.opd.id)},
        )
        assert response.status_code == 403
        assert notices(runtime, "period.closing") == []


def accounts_principal(runtime: SubmissionRuntime, tenant: Tenant) -> Principal:
    with runtime.session_factory() as session:
        user = session.get(UserAccount, tenant.admin.id)
        assert user is not None
        return principals.principal_of(user)


class TestAudit:
    def test_the_audit_log_is_paged_newest_first(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        with runtime.db.unit_of_work() as uow:
            pemda = uow.session.get(Pemda, tenant.pemda.id)
            assert pemda is not None
            for n in range(55):
                accounts.create_opd(uow, pemda=pemda, name=f"Desa Nomor {n:02d}", kind="desa")
        first = admin.get("/admin/audit")
        assert first.status_code == 200
        assert "Desa Nomor 54" in first.text
        assert "Halaman berikutnya" in first.text
        assert "Halaman sebelumnya" not in first.text
        second = admin.get("/admin/audit", params={"page": "2"})
        assert "Desa Nomor 54" not in second.text
        assert "Halaman sebelumnya" in second.text
        assert "Dinas Kesehatan" in second.text  # the oldest entries
        assert admin.get("/admin/audit", params={"page": "x"}).status_code == 200
