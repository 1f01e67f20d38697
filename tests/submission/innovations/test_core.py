"""What every innovation feature shares: who sees which innovations, the details of evidence."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi.testclient import TestClient

from services.submission.innovations.core import EvidenceMeta
from services.submission.models import EvidenceItem, PendingUpload
from tests.submission.conftest import Tenant, login
from tests.submission.innovations.test_workflow import submitted


class TestListing:
    def test_reviewers_see_nothing_here_and_admins_everything(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant
    ) -> None:
        sent = submitted(client, operator_headers, tenant)
        draft = client.post(
            "/api/v1/innovations",
            json={"nama": "Bank Sampah Kelurahan", "tahapan": "inisiatif", "jenis": "digital"},
            headers=operator_headers,
        ).json()["id"]
        reviewer = login(client, tenant.reviewer.email)
        admin = login(client, tenant.admin.email)
        assert client.get("/api/v1/innovations", headers=reviewer).json() == []  # their cases are in review
        assert {i["id"] for i in client.get("/api/v1/innovations", headers=admin).json()} == {sent, draft}
        drafts = client.get("/api/v1/innovations?status=draft", headers=admin).json()
        assert [i["id"] for i in drafts] == [draft]
        assert client.get(f"/api/v1/innovations/{sent}", headers=reviewer).status_code == 404
        assert client.get(f"/api/v1/innovations/{draft}", headers=reviewer).status_code == 404


class TestEvidenceMeta:
    META = EvidenceMeta(
        indicator_no=3,
        filename="sk.pdf",
        nomor_surat="12/2026",
        tanggal_surat=date(2026, 1, 5),
        tentang="Penetapan",
    )

    def test_columns_are_the_details_but_the_slot(self) -> None:
        assert EvidenceMeta(indicator_no=0, filename="a.pdf", slot="haki").columns() == {
            "indicator_no": 0,
            "filename": "a.pdf",
            "nomor_surat": None,
            "tanggal_surat": None,
            "tentang": None,
        }

    def test_a_pending_upload_gives_back_the_details_it_was_made_with(self) -> None:
        pending = PendingUpload(
            innovation_id=uuid.uuid4(), object_key="k", max_bytes=1, **self.META.columns()
        )
        assert EvidenceMeta.of(pending) == self.META

    def test_an_evidence_item_gives_back_its_slot_too(self) -> None:
        meta = EvidenceMeta(indicator_no=0, filename="haki.pdf", slot="haki")
        item = EvidenceItem(innovation_id=uuid.uuid4(), slot=meta.slot, **meta.columns())
        assert EvidenceMeta.of(item) == meta
