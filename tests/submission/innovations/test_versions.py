"""Submitted versions of an innovation and what changed between two of them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.submission.conftest import Tenant
from tests.submission.innovations.test_workflow import submitted


class TestVersions:
    def test_the_frozen_version_and_the_working_copy_compare_as_unchanged(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant
    ) -> None:
        innovation_id = submitted(client, operator_headers, tenant)
        listed = client.get(f"/api/v1/innovations/{innovation_id}/versions", headers=operator_headers)
        assert [v["version"] for v in listed.json()] == [1]
        frozen = client.get(
            f"/api/v1/innovations/{innovation_id}/versions/1", headers=operator_headers
        ).json()
        current = client.get(
            f"/api/v1/innovations/{innovation_id}/versions/current", headers=operator_headers
        ).json()
        assert frozen["profile"]["nama"] == current["profile"]["nama"]
        compared = client.get(
            f"/api/v1/innovations/{innovation_id}/compare?from=1&to=current", headers=operator_headers
        ).json()
        assert (compared["fields"], compared["indicators"]) == ([], [])

    def test_an_unknown_version_is_not_found_with_its_own_code(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant
    ) -> None:
        innovation_id = submitted(client, operator_headers, tenant)
        for version in ("7", "latest"):
            response = client.get(
                f"/api/v1/innovations/{innovation_id}/versions/{version}", headers=operator_headers
            )
            assert response.status_code == 404
            assert response.json()["error"]["code"] == "innovation.bad_version"
