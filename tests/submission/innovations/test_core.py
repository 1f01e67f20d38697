"""What every innovation feature shares: who sees which innovations."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.submission.conftest import Tenant, login
from tests.submission.innovations.test_workflow import submitted


class TestListing:
    def test_reviewers_see_what_reached_the_pemda_and_admins_everything(
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
        assert [i["id"] for i in client.get("/api/v1/innovations", headers=reviewer).json()] == [sent]
        assert {i["id"] for i in client.get("/api/v1/innovations", headers=admin).json()} == {sent, draft}
        drafts = client.get("/api/v1/innovations?status=draft", headers=admin).json()
        assert [i["id"] for i in drafts] == [draft]
        assert client.get("/api/v1/innovations?status=draft", headers=reviewer).json() == []
