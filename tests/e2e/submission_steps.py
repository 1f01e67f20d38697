"""Steps of the slice that belong to submission (its CLI and API)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import httpx

from tests.e2e.conftest import PASSWORD, System, poll, token
from tests.submission.samples import real_pdf

_HEADS: dict[str, str] = {}  # pemda slug (and "last") -> the OPD head's email, for the approval step


def seed_people(system: System, slug: str) -> dict[str, str]:
    """The admin CLI creates a pemda, an OPD, an operator, a reviewer and an admin."""
    system.cli(
        "submission",
        "create-pemda",
        "--slug",
        slug,
        "--name",
        "Kabupaten Kutai Kartanegara",
        "--kind",
        "kabupaten",
        "--timezone",
        "Asia/Makassar",
    )
    system.cli("submission", "create-period", "--pemda", slug)
    system.cli("submission", "create-opd", "--pemda", slug, "--name", "Dinas Kesehatan")
    people = {
        "operator": f"operator@{slug}.test",
        "head": f"kepala@{slug}.test",
        "reviewer": f"reviewer@{slug}.test",
        "admin": f"admin@{slug}.test",
    }
    _HEADS[slug] = _HEADS["last"] = people["head"]
    system.cli(
        "submission",
        "create-user",
        "--pemda",
        slug,
        "--opd",
        "Dinas Kesehatan",
        "--email",
        people["operator"],
        "--name",
        "Siti Operator",
        "--role",
        "opd_operator",
        "--password",
        PASSWORD,
        "--whatsapp",
        "0812-5555-0001",
        "--whatsapp-opt-in",
    )
    system.cli(
        "submission",
        "create-user",
        "--pemda",
        slug,
        "--opd",
        "Dinas Kesehatan",
        "--email",
        people["head"],
        "--name",
        "Kepala Dinas Kesehatan",
        "--role",
        "opd_head",
        "--password",
        PASSWORD,
    )
    system.cli(
        "submission",
        "create-user",
        "--pemda",
        slug,
        "--email",
        people["reviewer"],
        "--name",
        "Budi Verifikator",
        "--role",
        "reviewer",
        "--password",
        PASSWORD,
    )
    system.cli(
        "submission",
        "create-user",
        "--pemda",
        slug,
        "--email",
        people["admin"],
        "--name",
        "Admin BRIDA",
        "--role",
        "admin",
        "--password",
        PASSWORD,
    )
    return people


# A PDF pikepdf reads (an unreadable one is refused by the worker's check).
PDF = real_pdf() + b"% SK Bupati Kutai Kartanegara tentang inovasi daerah\n"
PDF_SHA256 = hashlib.sha256(PDF).hexdigest()


RANCANG_BANGUN = " ".join(
    f"Tahap {n}: pasien mengambil nomor antrean puskesmas dari rumah melalui aplikasi daring."
    for n in range(40)
)
PROFILE = {
    "inisiator": "opd",
    "nama_inisiator": "Dinas Kesehatan",
    "bentuk": "pelayanan_publik",
    "tematik": "Digitalisasi layanan pemerintahan",
    "urusan_utama": "kesehatan",
    "waktu_uji_coba": date(datetime.now(UTC).year - 1, 2, 1).isoformat(),
    "waktu_penerapan": date(datetime.now(UTC).year - 1, 5, 1).isoformat(),
    "rancang_bangun": RANCANG_BANGUN,
    "tujuan": "Memangkas waktu tunggu pasien puskesmas.",
    "manfaat": "Pasien tidak perlu antre sejak subuh.",
    "hasil": "Waktu tunggu turun dari tiga jam menjadi empat puluh menit.",
}


def draft_upload(system: System, operator: dict[str, str]) -> str:
    """A complete dossier: profile, the five mandatory indicators answered, with evidence (SK first)."""
    base = system.urls["submission"]
    created = httpx.post(
        f"{base}/api/v1/innovations",
        headers=operator,
        timeout=10,
        json={
            "nama": "Layanan Antrean Puskesmas Daring",
            "tahapan": "penerapan",
            "jenis": "digital",
            **PROFILE,
        },
    )
    assert created.status_code == 201, created.text
    innovation_id = str(created.json()["id"])
    uploaded = httpx.post(
        f"{base}/api/v1/innovations/{innovation_id}/evidence",
        headers=operator,
        timeout=30,
        data={"indicator_no": "1", "nomor_surat": "188.4/45/HK/2026", "tentang": "SK Bupati"},
        files={"file": ("sk-bupati.pdf", PDF, "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["sha256"] == PDF_SHA256
    for indicator_no in (2, 17, 18):
        more = httpx.post(
            f"{base}/api/v1/innovations/{innovation_id}/evidence",
            headers=operator,
            timeout=30,
            data={"indicator_no": str(indicator_no), "tentang": "Bukti dukung"},
            files={
                "file": (f"bukti-{indicator_no}.pdf", PDF + f"% {indicator_no}\n".encode(), "application/pdf")
            },
        )
        assert more.status_code == 201, more.text
    link = httpx.post(
        f"{base}/api/v1/innovations/{innovation_id}/evidence/link",
        headers=operator,
        timeout=10,
        json={"indicator_no": 20, "url": "https://www.youtube.com/watch?v=antrean-kukar", "title": "Video"},
    )
    assert link.status_code == 201, link.text
    for indicator_no in (1, 2, 17, 18, 20):
        body: dict[str, object] = {"parameter": 2}
        if indicator_no == 18:
            body["kemanfaatan_basis"] = "a"
        answered = httpx.put(
            f"{base}/api/v1/innovations/{innovation_id}/answers/{indicator_no}",
            headers=operator,
            timeout=10,
            json=body,
        )
        assert answered.status_code == 200, answered.text
    wait_until_scanned(system, operator, innovation_id)
    return innovation_id


def wait_until_scanned(system: System, operator: dict[str, str], innovation_id: str) -> None:
    """The submission worker scans every stored file with clamd before the dossier may be sent."""
    url = f"{system.urls['submission']}/api/v1/innovations/{innovation_id}"

    def scanned() -> bool:
        shown = httpx.get(url, headers=operator, timeout=10).json()
        assert shown["refused_evidence"] == [], shown["refused_evidence"]
        return bool(shown["evidence"]) and all(item["scan_status"] == "clean" for item in shown["evidence"])

    poll(scanned, timeout=120, what="the worker to scan the evidence clean")


def submit(system: System, operator: dict[str, str], innovation_id: str) -> httpx.Response:
    """Send the innovation to the pemda: the operator sends it to the OPD head, who approves it."""
    base = system.urls["submission"]
    sent = httpx.post(f"{base}/api/v1/innovations/{innovation_id}/submit", headers=operator, timeout=30)
    assert sent.status_code == 200, sent.text
    head = token(base, _HEADS["last"])
    return httpx.post(f"{base}/api/v1/innovations/{innovation_id}/approve", headers=head, timeout=30)


def wait_for_status(system: System, operator: dict[str, str], innovation_id: str, status: str) -> None:
    url = f"{system.urls['submission']}/api/v1/innovations/{innovation_id}"
    poll(
        lambda: httpx.get(url, headers=operator, timeout=10).json()["status"] == status,
        what=f"the innovation to become {status}",
    )
