"""Periods, their catalogues and deadlines, as an admin and an OPD meet them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select, update

from services.submission import periods
from services.submission.catalogue import available_codes, load_catalogue
from services.submission.deps import SubmissionRuntime
from services.submission.models import OutboxMessage, Period
from shared.contracts.catalogue import Catalogue
from shared.db import utc_now
from tests.submission.conftest import Tenant, login
from tests.submission.test_api import create_draft


def set_period(runtime: SubmissionRuntime, tenant: Tenant, **values: object) -> None:
    assert tenant.period is not None
    with runtime.session_factory() as session:
        session.execute(update(Period).where(Period.id == tenant.period.id).values(**values))
        session.commit()


class TestCatalogueFiles:
    def test_both_catalogues_load_with_the_national_weights(self) -> None:
        assert available_codes() == ["iid-2023", "iid-2025"]
        for code in available_codes():
            catalogue = load_catalogue(code)
            assert len(catalogue.indicators) == 20
            assert (catalogue.total_bobot, catalogue.max_score) == (Decimal(37), Decimal(111))
            assert [i.no for i in catalogue.indicators if i.wajib] == [1, 2, 17, 18, 20]
            assert catalogue.spd_total_bobot == 21
            assert catalogue.indicators[19].evidence_kind == "video"
        bases = {
            code: {b.code for b in load_catalogue(code).indicators[17].kemanfaatan_bases}
            for code in available_codes()
        }
        assert bases == {"iid-2023": {"a"}, "iid-2025": set("abcdef")}

    def test_the_2023_catalogue_keeps_its_own_texts(self) -> None:
        old, new = load_catalogue("iid-2023"), load_catalogue("iid-2025")
        assert old.indicators[3].name == "Penggunaan IT"
        assert new.indicators[3].name == "Alat kerja"
        assert "1-100" in old.indicators[17].kemanfaatan_bases[0].parameters[0].text

    def test_a_catalogue_whose_weights_do_not_add_up_is_refused(self) -> None:
        data = load_catalogue("iid-2025").model_dump(mode="json")
        data["indicators"][0]["bobot"] = 4
        with pytest.raises(ValidationError, match="add up to 38"):
            Catalogue.model_validate(data)


class TestPeriodAdmin:
    def test_an_admin_opens_a_period_and_review_is_told_with_the_catalogue(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        admin = login(client, tenant.admin.email)
        response = client.post(
            "/api/v1/periods", json={"year": 2031, "catalogue_code": "iid-2023", "k": 10}, headers=admin
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["closes_at_local"] == "1 Januari 2032 pukul 00.00 WITA"
        assert body["eligible_from"] == "2029-01-01"
        with runtime.session_factory() as session:
            rows = session.scalars(
                select(OutboxMessage).where(OutboxMessage.task_name == "review.sync_period")
            )
            synced = [r.payload["period"] for r in rows if r.payload["period"]["year"] == 2031]
        assert len(synced) == 1
        assert synced[0]["k"] == 10
        assert synced[0]["catalogue"]["code"] == "iid-2023"
        assert synced[0]["timezone"] == "Asia/Makassar"

    def test_an_operator_cannot_open_a_period(self, client: TestClient, tenant: Tenant) -> None:
        operator = login(client, tenant.operator.email)
        response = client.post("/api/v1/periods", json={"year": 2031}, headers=operator)
        assert response.status_code == 403

    def test_an_unknown_catalogue_is_refused_with_the_choices(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        admin = login(client, tenant.admin.email)
        response = client.post(
            "/api/v1/periods", json={"year": 2031, "catalogue_code": "iid-1999"}, headers=admin
        )
        assert response.status_code == 422
        assert "iid-2023, iid-2025" in response.json()["error"]["message"]

    def test_the_catalogue_can_be_edited_until_the_period_opens(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        admin = login(client, tenant.admin.email)
        future = utc_now() + timedelta(days=60)
        created = client.post(
            "/api/v1/periods",
            json={
                "year": 2040,
                "eligible_from": "2024-01-01",
                "eligible_to": "2040-12-31",
                "opens_at": future.isoformat(),
                "closes_at": (future + timedelta(days=30)).isoformat(),
            },
            headers=admin,
        )
        assert created.status_code == 201, created.text
        edited = load_catalogue("iid-2025").model_dump(mode="json")
        edited["code"] = "kukar-2032"
        edited["indicators"][4]["guidance"] = "Sertakan sertifikat bimtek."
        response = client.put(f"/api/v1/periods/{created.json()['id']}/catalogue", json=edited, headers=admin)
        assert response.status_code == 200, response.text
        again = client.get(f"/api/v1/periods/{created.json()['id']}/catalogue", headers=admin).json()
        assert again["indicators"][4]["guidance"] == "Sertakan sertifikat bimtek."

        assert tenant.period is not None  # this one opened yesterday: frozen
        frozen = client.put(f"/api/v1/periods/{tenant.period.id}/catalogue", json=edited, headers=admin)
        assert frozen.status_code == 409
        assert "WITA" in frozen.json()["error"]["message"]


class TestYearRules:
    def test_the_2026_assessment_counts_innovations_applied_in_2024_and_2025(self) -> None:
        defaults = periods.year_defaults(load_catalogue("iid-2025"), 2026)

        assert (defaults.eligible_from, defaults.eligible_to) == (date(2024, 1, 1), date(2025, 12, 31))
        assert (defaults.k, defaults.jumlah_inovasi.required_count) == (14, 6)
        assert [p.min_score for p in sorted(defaults.predicates, key=lambda p: p.min_score)] == [
            0,
            0.01,
            40.01,
            65.01,
        ]

    def synced(self, runtime: SubmissionRuntime, year: int) -> dict[str, Any]:
        with runtime.session_factory() as session:
            rows = session.scalars(
                select(OutboxMessage).where(OutboxMessage.task_name == "review.sync_period")
            ).all()
        found: dict[str, Any] = [r.payload["period"] for r in rows if r.payload["period"]["year"] == year][-1]
        return found

    def test_a_period_takes_the_2025_26_rules_and_counts_up_to_the_previous_year(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        admin = login(client, tenant.admin.email)

        response = client.post("/api/v1/periods", json={"year": 2028}, headers=admin)

        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["eligible_from"], body["eligible_to"], body["k"]) == ("2026-01-01", "2027-12-31", 14)
        bands = {p["name"]: p["min_score"] for p in body["predicates"]}
        assert (bands["Sangat Inovatif"], bands["Inovatif"]) == (65.01, 40.01)
        assert body["jumlah_inovasi"]["required_count"] == 6
        assert self.synced(runtime, 2028)["k"] == 14

    def test_a_2023_catalogue_brings_k_ten_and_the_2023_bands(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        admin = login(client, tenant.admin.email)

        response = client.post(
            "/api/v1/periods", json={"year": 2033, "catalogue_code": "iid-2023"}, headers=admin
        )

        body = response.json()
        assert body["k"] == 10
        assert {p["name"]: p["min_score"] for p in body["predicates"]}["Inovatif"] == 35
        assert "Penanggulangan kemiskinan" in body["tematik_options"]

    def test_rules_change_before_the_period_opens_and_a_new_catalogue_brings_its_own(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        admin = login(client, tenant.admin.email)
        future = utc_now() + timedelta(days=60)
        created = client.post(
            "/api/v1/periods",
            json={
                "year": 2041,
                "opens_at": future.isoformat(),
                "closes_at": (future + timedelta(days=30)).isoformat(),
            },
            headers=admin,
        ).json()
        url = f"/api/v1/periods/{created['id']}"

        edited = client.patch(url, json={"k": 16}, headers=admin)
        switched = client.patch(url, json={"catalogue_code": "iid-2023"}, headers=admin)

        assert (edited.status_code, edited.json()["k"]) == (200, 16)
        assert (switched.status_code, switched.json()["k"]) == (200, 10)

    def test_rules_are_refused_once_the_period_has_opened_and_nothing_changes(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        admin = login(client, tenant.admin.email)
        assert tenant.period is not None  # opened yesterday
        url = f"/api/v1/periods/{tenant.period.id}"
        before = client.get(url, headers=admin).json()

        refused = client.patch(url, json={"k": before["k"] + 2, "name": "Nama baru"}, headers=admin)
        same = client.patch(url, json={"k": before["k"]}, headers=admin)

        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "period.rules_frozen"
        assert "tidak dapat diubah setelah periode dibuka" in refused.json()["error"]["message"]
        assert "WITA" in refused.json()["error"]["message"]
        assert same.status_code == 200
        after = client.get(url, headers=admin).json()
        assert (after["k"], after["name"]) == (before["k"], before["name"])


class TestDeadlines:
    def test_a_change_after_the_close_is_refused_with_the_deadline_in_wita(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        closed = utc_now() - timedelta(minutes=1)
        set_period(runtime, tenant, closes_at=closed)
        response = client.patch(
            f"/api/v1/innovations/{innovation_id}", json={"tujuan": "Lebih cepat"}, headers=operator_headers
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "period.closed"
        assert "WITA" in response.json()["error"]["message"]
        assert "sudah lewat" in response.json()["error"]["message"]

    def test_an_extension_keeps_the_period_open_for_that_opd_only(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        assert tenant.period is not None
        admin = login(client, tenant.admin.email)
        # Open for the pemda (create_draft) but already closed for everyone without an extension:
        set_period(runtime, tenant, closes_at=utc_now() - timedelta(minutes=1))
        extended = client.put(
            f"/api/v1/periods/{tenant.period.id}/extensions/{tenant.opd.id}",
            json={"closes_at": (utc_now() + timedelta(days=3)).isoformat(), "reason": "banjir"},
            headers=admin,
        )
        assert extended.status_code == 200, extended.text
        response = client.patch(
            f"/api/v1/innovations/{innovation_id}", json={"tujuan": "Lebih cepat"}, headers=operator_headers
        )
        assert response.status_code == 200
        assert response.json()["tujuan"] == "Lebih cepat"


class TestLocalTimes:
    def test_a_close_typed_without_a_zone_is_the_pemdas_local_time(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        admin = login(client, tenant.admin.email)
        response = client.post(
            "/api/v1/periods",
            json={"year": 2033, "opens_at": "2033-06-20T08:00:00", "closes_at": "2033-08-23T23:59:00"},
            headers=admin,
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["closes_at_local"] == "23 Agustus 2033 pukul 23.59 WITA"
        assert body["closes_at"].startswith("2033-08-23T15:59:00")
        english = client.get(f"/api/v1/periods/{body['id']}?lang=en", headers=admin).json()
        assert english["closes_at_local"] == "23 August 2033, 23:59 WITA"
