"""The 2026 profile fields: kept in their normal form, refused in Indonesian naming the field, optional
for sending, and carried to review in the case's profile."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.submission.deps import SubmissionRuntime
from tests.submission.conftest import Tenant, login
from tests.submission.dossier import complete, send_and_approve
from tests.submission.innovations.test_workflow import outbox
from tests.submission.test_api import create_draft

FIELDS_2026: dict[str, Any] = {
    "klasifikasi": "perangkat_daerah",
    "asta_cita": 4,
    "klaster_pkpn": "Kesehatan  gratis",
    "program_pkpn": "Cek kesehatan gratis",
    "latitude": "-0,502",
    "longitude": 117.153,
    "kontak_nama": "Siti Aminah",
    "kontak_telepon": "0812-3456-7890",
    "kontak_email": "Siti@KukarKab.go.id",
    "sumber_dana": "apbd",
    "anggaran": "Rp 12.500.000",
}


def patch(client: TestClient, headers: dict[str, str], innovation_id: str, body: dict[str, Any]) -> Any:
    return client.patch(f"/api/v1/innovations/{innovation_id}", json=body, headers=headers)


class TestStored:
    def test_the_fields_are_kept_in_their_normal_form(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)

        response = patch(client, operator_headers, innovation_id, FIELDS_2026)

        assert response.status_code == 200, response.text
        body = response.json()
        assert {name: body[name] for name in FIELDS_2026} == {
            "klasifikasi": "perangkat_daerah",
            "asta_cita": 4,
            "klaster_pkpn": "Kesehatan gratis",
            "program_pkpn": "Cek kesehatan gratis",
            "latitude": -0.502,
            "longitude": 117.153,
            "kontak_nama": "Siti Aminah",
            "kontak_telepon": "+6281234567890",
            "kontak_email": "siti@kukarkab.go.id",
            "sumber_dana": "apbd",
            "anggaran": 12_500_000,
        }


class TestRefused:
    @pytest.mark.parametrize(
        ("change", "code", "words"),
        [
            ({"asta_cita": 9}, "innovation.bad_asta_cita", "Asta Cita '9' tidak dikenal"),
            ({"latitude": 35.6, "longitude": 117.1}, "innovation.latitude_outside", "Garis lintang 35,6"),
            ({"latitude": -0.5, "longitude": 12.4}, "innovation.longitude_outside", "Garis bujur 12,4"),
            ({"latitude": -0.5}, "innovation.coordinates_incomplete", "isi garis lintang dan garis bujur"),
            ({"kontak_telepon": "0541-123456"}, "innovation.bad_kontak_telepon", "Nomor telepon narahubung"),
            ({"kontak_email": "siti@kukar"}, "innovation.bad_kontak_email", "Email narahubung 'siti@kukar'"),
            ({"anggaran": -5}, "innovation.anggaran_negative", "Anggaran tidak boleh kurang dari nol"),
        ],
    )
    def test_bad_input_is_refused_in_indonesian_naming_the_field_and_nothing_is_saved(
        self,
        client: TestClient,
        operator_headers: dict[str, str],
        change: dict[str, Any],
        code: str,
        words: str,
    ) -> None:
        innovation_id = create_draft(client, operator_headers)

        response = patch(client, operator_headers, innovation_id, {**change, "tujuan": "Tujuan baru"})

        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == code
        assert words in error["message"]
        after = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
        assert after["tujuan"] == ""
        assert all(after[name] is None for name in change)


class TestCarriedToReview:
    def test_a_draft_without_them_still_sends_and_a_filled_one_carries_them_in_the_profile(
        self,
        client: TestClient,
        operator_headers: dict[str, str],
        tenant: Tenant,
        runtime: SubmissionRuntime,
    ) -> None:
        head = login(client, tenant.head.email)
        bare = create_draft(client, operator_headers)
        complete(client, operator_headers, bare)
        assert send_and_approve(client, operator_headers, head, bare).status_code == 200

        filled = client.post(
            "/api/v1/innovations",
            json={"nama": "Cek Kesehatan Keliling", "tahapan": "penerapan", "jenis": "digital"},
            headers=operator_headers,
        ).json()["id"]
        complete(client, operator_headers, filled)
        assert patch(client, operator_headers, filled, FIELDS_2026).status_code == 200
        assert send_and_approve(client, operator_headers, head, filled).status_code == 200

        profiles = {m["innovation_id"]: m["profile"] for m in outbox(runtime, "review.open_case")}
        assert profiles[bare]["asta_cita"] is None
        assert (profiles[filled]["asta_cita"], profiles[filled]["anggaran"]) == (4, 12_500_000)
        assert profiles[filled]["kontak_telepon"] == "+6281234567890"
