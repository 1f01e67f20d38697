"""The self-assessment: claimed parameters per indicator, the score and what is still missing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from services.submission.innovations.assessment import REQUIRED_FIELDS, required_fields
from services.submission.models import Tahapan
from tests.submission.dossier import answer, complete, fill_profile, upload_pdf
from tests.submission.test_api import create_draft


class TestAnswers:
    def test_a_parameter_outside_the_catalogue_is_refused(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        response = answer(client, operator_headers, innovation_id, 3, parameter=4)
        assert response.status_code == 422
        assert response.json()["error"]["message"] == "Nilai parameter indikator 3 harus 1, 2 atau 3."
        unknown = answer(client, operator_headers, innovation_id, 21)
        assert unknown.status_code == 422
        assert "1-20" in unknown.json()["error"]["message"]

    def test_kemanfaatan_needs_one_of_its_bases(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        response = client.put(
            f"/api/v1/innovations/{innovation_id}/answers/18",
            json={"parameter": 3, "kemanfaatan_basis": "z"},
            headers=operator_headers,
        )
        assert response.status_code == 422
        assert "a, b, c, d, e, f" in response.json()["error"]["message"]


class TestRequiredFields:
    def test_each_stage_reached_needs_its_date(self) -> None:
        assert required_fields(Tahapan.inisiatif) == REQUIRED_FIELDS
        assert required_fields(Tahapan.uji_coba) == (*REQUIRED_FIELDS, "waktu_uji_coba")
        assert required_fields(Tahapan.penerapan) == (*REQUIRED_FIELDS, "waktu_uji_coba", "waktu_penerapan")


class TestSelfAssessment:
    def test_the_claimed_score_is_bobot_times_parameter(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        answer(client, operator_headers, innovation_id, 1, parameter=3)  # bobot 3
        answer(client, operator_headers, innovation_id, 20, parameter=2)  # bobot 4
        report = client.get(
            f"/api/v1/innovations/{innovation_id}/assessment", headers=operator_headers
        ).json()
        scores = {row["no"]: row["score"] for row in report["indicators"]}
        assert (scores[1], scores[20], scores[5]) == (9, 8, 0)
        assert (report["total"], report["max_score"]) == (17, 111)

    def test_parameters_without_evidence_are_named_and_left_out_of_the_score_with_evidence(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        answer(client, operator_headers, innovation_id, 1, parameter=3)  # bobot 3, with a file
        answer(client, operator_headers, innovation_id, 3, parameter=2)  # no file
        answer(client, operator_headers, innovation_id, 4, parameter=2)  # no file
        assert upload_pdf(client, operator_headers, innovation_id, 1).status_code == 201

        report = client.get(
            f"/api/v1/innovations/{innovation_id}/assessment", headers=operator_headers
        ).json()

        assert report["unsupported_indicators"] == [3, 4]
        unsupported = {row["no"]: row["unsupported"] for row in report["indicators"]}
        assert (unsupported[1], unsupported[3], unsupported[4], unsupported[5]) == (False, True, True, False)
        bobot = {row["no"]: row["bobot"] for row in report["indicators"]}
        assert report["total"] == 9 + 2 * bobot[3] + 2 * bobot[4]
        assert report["supported_total"] == 9

    def test_the_completeness_report_lists_exactly_what_is_missing(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        report = client.get(
            f"/api/v1/innovations/{innovation_id}/assessment", headers=operator_headers
        ).json()
        assert report["complete"] is False
        fields = {m["field"] for m in report["missing"] if m["code"] == "missing.field"}
        assert {"inisiator", "rancang_bangun", "tujuan", "waktu_penerapan"} <= fields
        no_evidence = {m["indicator_no"] for m in report["missing"] if m["code"] == "missing.evidence"}
        assert no_evidence == {1, 2, 17, 18, 20}
        complete(client, operator_headers, innovation_id)
        done = client.get(f"/api/v1/innovations/{innovation_id}/assessment", headers=operator_headers).json()
        assert (done["complete"], done["missing"]) == (True, [])

    def test_sending_an_incomplete_dossier_is_refused_with_the_list(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        fill_profile(client, operator_headers, innovation_id)
        response = client.post(f"/api/v1/innovations/{innovation_id}/submit", headers=operator_headers)
        assert response.status_code == 422
        message = response.json()["error"]["message"]
        assert message.startswith("Inovasi belum lengkap")
        assert "indikator wajib 20 (Video inovasi) belum memiliki bukti dukung" in message
        assert (
            client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()["status"]
            == "draft"
        )
