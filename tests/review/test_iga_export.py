"""The IGA export: only accepted innovations, in the national upload form's columns, in words."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from openpyxl import load_workbook

from services.review.iga_export import COLUMNS, SHEET
from tests.review.conftest import ALL_SESUAI, Scene
from tests.review.test_exports import HOSTILE

PROFILE: dict[str, Any] = {
    "tahapan": "penerapan",
    "inisiator": "kepala_daerah",
    "nama_inisiator": "Bupati Kutai Kartanegara",
    "jenis": "digital",
    "bentuk": "pelayanan_publik",
    "urusan_utama": "kesehatan",
    "urusan_lain": ["kominfo"],
    "waktu_uji_coba": "2025-03-01",
    "waktu_penerapan": "2025-06-15",
    "pengembangan": True,
    "waktu_pengembangan": "2026-01-10",
    "rancang_bangun": "Rancangan antrean daring.",
    "tujuan": "Memangkas antrean.",
    "manfaat": "Pasien tidak menunggu.",
    "hasil": "Waktu tunggu turun.",
    "klasifikasi": "perangkat_daerah",
    "asta_cita": 4,
    "klaster_pkpn": "Kesehatan",
    "program_pkpn": "Cek kesehatan gratis",
    "sumber_dana": "apbd",
    "anggaran": 12_500_000,
}


def decided(scene: Scene, *, nama: str, decision: str, profile: dict[str, Any] | None = None) -> uuid.UUID:
    case_id = scene.open(nama=nama, profile=profile or PROFILE)
    for reviewer in (scene.ani, scene.budi):
        scene.assess(reviewer, case_id, ALL_SESUAI)
    body: dict[str, Any] = {"decision": decision}
    if decision != "accepted":
        body["note"] = "Bukti belum cukup untuk diterima."
    if decision == "revision_requested":
        body["reopen_indicators"] = [3]
    response = scene.decide(scene.admin, case_id, **body)
    assert response.status_code == 200, response.text
    return case_id


def csv_rows(scene: Scene) -> list[dict[str, str]]:
    response = scene.client.get(
        f"/api/v1/reviews/periods/{scene.period_id}/iga.csv", headers=scene.admin.headers(scene.issuer)
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert tuple(header) == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in reader]


class TestOnlyAccepted:
    def test_only_accepted_innovations_appear_numbered_from_one(self, scene: Scene) -> None:
        decided(scene, nama="Antrean Puskesmas Daring", decision="accepted")
        decided(scene, nama="Posyandu Ditolak", decision="rejected")
        decided(scene, nama="Sekolah Diperbaiki", decision="revision_requested")
        scene.open(nama="Belum Dinilai")

        rows = csv_rows(scene)

        assert [(r["No"], r["Nama Inovasi"]) for r in rows] == [("1", "Antrean Puskesmas Daring")]


class TestColumns:
    def test_the_columns_of_the_upload_form_in_order(self) -> None:
        assert COLUMNS == (
            "No",
            "Nama Inovasi",
            "OPD Pelaksana",
            "Tahapan",
            "Inisiator",
            "Nama Inisiator",
            "Klasifikasi",
            "Jenis",
            "Bentuk",
            "Asta Cita",
            "Klaster PKPN",
            "Urusan",
            "Waktu Uji Coba",
            "Penerapan Awal",
            "Pengembangan Terbaru",
            "Rancang Bangun",
            "Tujuan",
            "Manfaat",
            "Hasil",
            "Anggaran",
            "Skor SID Terverifikasi",
        )

    def test_words_not_codes_indonesian_dates_rupiah_and_the_score_out_of_the_maximum(
        self, scene: Scene
    ) -> None:
        decided(scene, nama="Antrean Puskesmas Daring", decision="accepted")

        (row,) = csv_rows(scene)

        assert row["OPD Pelaksana"] == "Dinas Kesehatan"
        assert (row["Tahapan"], row["Inisiator"], row["Jenis"]) == ("Penerapan", "Kepala daerah", "Digital")
        assert (row["Klasifikasi"], row["Bentuk"]) == ("Perangkat Daerah", "Inovasi pelayanan publik")
        assert row["Asta Cita"].startswith("4. Memperkuat pembangunan sumber daya manusia")
        assert row["Klaster PKPN"] == "Kesehatan — Cek kesehatan gratis"
        assert row["Urusan"] == "Kesehatan; Komunikasi dan Informatika"
        assert (row["Waktu Uji Coba"], row["Penerapan Awal"], row["Pengembangan Terbaru"]) == (
            "1 Maret 2025",
            "15 Juni 2025",
            "10 Januari 2026",
        )
        assert row["Anggaran"] == "Rp 12.500.000"
        score, of, maximum = row["Skor SID Terverifikasi"].split(" ")
        assert (score, of) == ("22", "dari")
        assert maximum.isdigit()

    def test_a_case_opened_before_the_2026_fields_has_them_empty(self, scene: Scene) -> None:
        decided(scene, nama="Antrean Lama", decision="accepted", profile={"urusan_utama": "Pekerjaan Umum"})

        (row,) = csv_rows(scene)

        assert (row["Klasifikasi"], row["Asta Cita"], row["Anggaran"]) == ("", "", "")
        assert row["Urusan"] == "Pekerjaan Umum dan Penataan Ruang"


class TestInjection:
    def test_a_formula_looking_name_is_neutralised_in_csv_and_a_text_cell_in_xlsx(self, scene: Scene) -> None:
        decided(scene, nama=HOSTILE, decision="accepted", profile={**PROFILE, "tujuan": "@SUM(A1)"})

        (row,) = csv_rows(scene)
        xlsx = scene.client.get(
            f"/api/v1/reviews/periods/{scene.period_id}/iga.xlsx", headers=scene.admin.headers(scene.issuer)
        )

        assert row["Nama Inovasi"] == "'" + HOSTILE
        assert row["Tujuan"] == "'@SUM(A1)"
        assert xlsx.status_code == 200, xlsx.text
        sheet = load_workbook(io.BytesIO(xlsx.content))[SHEET]  # not data_only: a formula would read as "f"
        header, first = list(sheet.iter_rows(max_row=2))
        assert [c.value for c in header] == list(COLUMNS)
        assert (first[1].value, first[1].data_type) == (HOSTILE, "s")


class TestAccess:
    def test_a_reviewer_is_refused(self, scene: Scene) -> None:
        decided(scene, nama="Antrean Puskesmas Daring", decision="accepted")

        for extension in ("csv", "xlsx"):
            response = scene.client.get(
                f"/api/v1/reviews/periods/{scene.period_id}/iga.{extension}",
                headers=scene.ani.headers(scene.issuer),
            )
            assert response.status_code == 403
