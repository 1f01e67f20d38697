"""OPDs: add one, and the import (all rows or none, a report per row)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.submission.deps import SubmissionRuntime
from services.submission.models import Opd
from tests.pages import submit_form
from tests.submission.conftest import Tenant
from tests.submission.test_accounts import count, xlsx


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
