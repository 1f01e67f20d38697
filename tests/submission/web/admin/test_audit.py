"""The audit log page, paged newest first."""

from __future__ import annotations

from fastapi.testclient import TestClient

from services.submission import accounts
from services.submission.deps import SubmissionRuntime
from services.submission.models import Pemda
from services.submission.web.admin.audit import AUDIT_VALUE_CHARS, changes_of
from tests.submission.conftest import Tenant


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


class TestChanges:
    def test_each_field_before_and_after_with_long_values_cut_short(self) -> None:
        rows = changes_of({"name": "Lama", "kind": "dinas"}, {"name": "Baru", "notes": "x" * 500})
        assert rows[0] == ("name", "Lama", "Baru")
        assert rows[1][0:2] == ("notes", None)
        assert len(rows[1][2]) == AUDIT_VALUE_CHARS
        assert rows[1][2].endswith("…")
        assert rows[2] == ("kind", "dinas", "null")  # a field the change removed
