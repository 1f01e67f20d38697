"""The catalogue page: the chosen period's own copy of the indicators."""

from __future__ import annotations

from fastapi.testclient import TestClient

from services.submission import periods
from tests.submission.conftest import Tenant


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
