"""A complete dossier the way an OPD fills it in: profile, mandatory answers and evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient

from tests.submission.samples import PDF
from tests.submission.scanning import scan_queued

RANCANG_BANGUN = " ".join(
    f"Langkah {n}: petugas puskesmas mencatat antrean pasien secara daring dan memantau layanan."
    for n in range(1, 32)
)  # 31 x 12 = 372 words

PROFILE: dict[str, Any] = {
    "inisiator": "opd",
    "nama_inisiator": "Dinas Kesehatan",
    "bentuk": "pelayanan_publik",
    "tematik": "Digitalisasi layanan pemerintahan",
    "urusan_utama": "kesehatan",
    "urusan_lain": ["komunikasi dan informatika"],
    "waktu_uji_coba": date(datetime.now(UTC).year - 1, 3, 1).isoformat(),
    "waktu_penerapan": date(datetime.now(UTC).year - 1, 6, 1).isoformat(),
    "rancang_bangun": RANCANG_BANGUN,
    "tujuan": "Memangkas waktu tunggu pasien.",
    "manfaat": "Pasien tidak perlu datang subuh untuk mengambil nomor antrean.",
    "hasil": "Waktu tunggu rata-rata turun dari 3 jam menjadi 40 menit.",
}
MANDATORY_PDF_INDICATORS = (1, 2, 17, 18)


def pdf_for(indicator_no: int, extra: str = "") -> bytes:
    return PDF + f"% bukti indikator {indicator_no}{extra}\n".encode()


def fill_profile(client: TestClient, headers: dict[str, str], innovation_id: str) -> None:
    response = client.patch(f"/api/v1/innovations/{innovation_id}", json=PROFILE, headers=headers)
    assert response.status_code == 200, response.text


def answer(
    client: TestClient, headers: dict[str, str], innovation_id: str, indicator_no: int, parameter: int = 2
) -> Any:
    body: dict[str, Any] = {"parameter": parameter}
    if indicator_no == 18:
        body["kemanfaatan_basis"] = "a"
    return client.put(
        f"/api/v1/innovations/{innovation_id}/answers/{indicator_no}", json=body, headers=headers
    )


def upload_pdf(
    client: TestClient, headers: dict[str, str], innovation_id: str, indicator_no: int, extra: str = ""
) -> Any:
    return client.post(
        f"/api/v1/innovations/{innovation_id}/evidence",
        headers=headers,
        data={
            "indicator_no": str(indicator_no),
            "nomor_surat": f"100/{indicator_no}/2026",
            "tentang": "Bukti",
        },
        files={"file": (f"bukti-{indicator_no}.pdf", pdf_for(indicator_no, extra), "application/pdf")},
    )


def add_video_link(client: TestClient, headers: dict[str, str], innovation_id: str) -> Any:
    return client.post(
        f"/api/v1/innovations/{innovation_id}/evidence/link",
        headers=headers,
        json={"indicator_no": 20, "url": "https://www.youtube.com/watch?v=antrean", "title": "Video inovasi"},
    )


def complete(client: TestClient, headers: dict[str, str], innovation_id: str) -> None:
    """Everything mandatory: the profile, the five wajib indicators answered with evidence (scanned clean)."""
    fill_profile(client, headers, innovation_id)
    for indicator_no in (*MANDATORY_PDF_INDICATORS, 20):
        assert answer(client, headers, innovation_id, indicator_no).status_code == 200
    for indicator_no in MANDATORY_PDF_INDICATORS:
        response = upload_pdf(client, headers, innovation_id, indicator_no)
        assert response.status_code == 201, response.text
    assert add_video_link(client, headers, innovation_id).status_code == 201
    scan_queued()  # what the worker does once the files are stored


def send_and_approve(
    client: TestClient, operator: dict[str, str], head: dict[str, str], innovation_id: str
) -> Any:
    """Operator sends to the head, the head approves; the head's response."""
    sent = client.post(f"/api/v1/innovations/{innovation_id}/submit", headers=operator)
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "awaiting_head"
    return client.post(f"/api/v1/innovations/{innovation_id}/approve", headers=head)
