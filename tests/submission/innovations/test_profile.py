"""The innovation profile and its title checks, as an operator fills them in."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from services.submission.deps import SubmissionRuntime
from tests.submission.conftest import Tenant
from tests.submission.dossier import fill_profile
from tests.submission.test_api import DRAFT, create_draft


class TestProfile:
    def test_the_full_profile_is_kept_and_the_rancang_bangun_words_are_counted(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        fill_profile(client, operator_headers, innovation_id)
        body = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
        assert body["rancang_bangun_words"] == 372
        assert (body["inisiator"], body["bentuk"], body["urusan_lain"]) == (
            "opd",
            "pelayanan_publik",
            ["kominfo"],  # typed as "komunikasi dan informatika", kept as the list's code
        )

    def test_urusan_are_stored_as_codes_of_the_list_whatever_spelling_came(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)

        response = client.patch(
            f"/api/v1/innovations/{innovation_id}",
            json={
                "urusan_utama": "PUPR",
                "urusan_lain": ["Pekerjaan Umum", "Trantibum", "kesehatan", "kesehatan"],
            },
            headers=operator_headers,
        )

        assert response.status_code == 200, response.text
        body = response.json()
        # the main urusan is not repeated among the others, nor is one named twice
        assert (body["urusan_utama"], body["urusan_lain"]) == ("pupr", ["trantibumlinmas", "kesehatan"])

    def test_an_urusan_outside_the_list_is_refused_in_indonesian_and_nothing_changes(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        before = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()

        for change in ({"urusan_utama": "Urusan Kebahagiaan"}, {"urusan_lain": ["sosial", "Lain-lain"]}):
            response = client.patch(
                f"/api/v1/innovations/{innovation_id}",
                json={**change, "tujuan": "Tujuan baru"},
                headers=operator_headers,
            )
            assert response.status_code == 422
            error = response.json()["error"]
            assert error["code"] == "innovation.bad_urusan"
            assert "tidak ada dalam daftar urusan pemerintahan" in error["message"]

        after = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
        assert (after["tujuan"], after["urusan_utama"], after["urusan_lain"]) == (
            before["tujuan"],
            before["urusan_utama"],
            before["urusan_lain"],
        )

    def test_a_short_rancang_bangun_is_counted_and_reported_missing(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        response = client.patch(
            f"/api/v1/innovations/{innovation_id}",
            json={"rancang_bangun": "Terlalu pendek untuk rancang bangun."},
            headers=operator_headers,
        )
        assert response.json()["rancang_bangun_words"] == 5
        report = client.get(
            f"/api/v1/innovations/{innovation_id}/assessment", headers=operator_headers
        ).json()
        assert any("5 kata (minimal 300)" in m["message"] for m in report["missing"])

    def test_uji_coba_after_penerapan_is_refused(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        response = client.patch(
            f"/api/v1/innovations/{innovation_id}",
            json={"waktu_uji_coba": "2025-09-01", "waktu_penerapan": "2025-03-01"},
            headers=operator_headers,
        )
        assert response.status_code == 422
        assert response.json()["error"]["message"] == "Waktu uji coba tidak boleh setelah waktu penerapan."

    def test_penerapan_outside_the_window_needs_a_pengembangan_inside_it(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        old = {"waktu_uji_coba": "2015-01-01", "waktu_penerapan": "2015-06-01"}
        refused = client.patch(f"/api/v1/innovations/{innovation_id}", json=old, headers=operator_headers)
        assert refused.status_code == 422
        assert refused.json()["error"]["code"] == "innovation.penerapan_outside_window"
        year = tenant.pemda.created_at.year
        developed = {**old, "pengembangan": True, "waktu_pengembangan": date(year - 1, 2, 1).isoformat()}
        accepted = client.patch(
            f"/api/v1/innovations/{innovation_id}", json=developed, headers=operator_headers
        )
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["pengembangan"] is True

    def test_a_tematik_outside_the_period_list_is_refused(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        response = client.patch(
            f"/api/v1/innovations/{innovation_id}", json={"tematik": "Pariwisata"}, headers=operator_headers
        )
        assert response.status_code == 422
        assert "Non tematik" in response.json()["error"]["message"]


class TestTitles:
    def test_the_same_title_in_the_period_is_refused_whatever_its_case_and_spaces(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        create_draft(client, operator_headers)
        again = client.post(
            "/api/v1/innovations",
            json={**DRAFT, "nama": "  sistem antrean   PUSKESMAS daring "},
            headers=operator_headers,
        )
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "innovation.duplicate_title"

    def test_renaming_to_a_title_already_used_is_refused(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        create_draft(client, operator_headers)
        other = client.post(
            "/api/v1/innovations", json={**DRAFT, "nama": "Bank Sampah Kelurahan"}, headers=operator_headers
        ).json()["id"]
        renamed = client.patch(
            f"/api/v1/innovations/{other}",
            json={"nama": "SISTEM ANTREAN puskesmas daring"},
            headers=operator_headers,
        )
        assert renamed.status_code == 409
        assert renamed.json()["error"]["code"] == "innovation.duplicate_title"
        kept = client.get(f"/api/v1/innovations/{other}", headers=operator_headers).json()
        assert kept["nama"] == "Bank Sampah Kelurahan"

    def test_a_similar_title_is_a_warning_not_a_refusal(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        create_draft(client, operator_headers)
        similar = client.post(
            "/api/v1/innovations",
            json={**DRAFT, "nama": "Sistem Antrean Puskesmas Online"},
            headers=operator_headers,
        )
        assert similar.status_code == 201
        warnings = similar.json()["warnings"]
        assert [w["code"] for w in warnings] == ["innovation.similar_title"]
        assert "Sistem Antrean Puskesmas Daring" in warnings[0]["similar_to"][0]
        different = client.post(
            "/api/v1/innovations", json={**DRAFT, "nama": "Bank Sampah Kelurahan"}, headers=operator_headers
        )
        assert different.json()["warnings"] == []
