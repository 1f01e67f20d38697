"""Steps of the slice that belong to submission (its CLI and API)."""

from __future__ import annotations

import hashlib

import httpx

from tests.e2e.conftest import PASSWORD, System, poll


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
        "reviewer": f"reviewer@{slug}.test",
        "admin": f"admin@{slug}.test",
    }
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


PDF = b"%PDF-1.4\n% SK Bupati Kutai Kartanegara tentang inovasi daerah\n%%EOF\n"
PDF_SHA256 = hashlib.sha256(PDF).hexdigest()


def draft_upload(system: System, operator: dict[str, str]) -> str:
    base = system.urls["submission"]
    created = httpx.post(
        f"{base}/api/v1/innovations",
        headers=operator,
        timeout=10,
        json={"nama": "Layanan Antrean Puskesmas Daring", "tahapan": "penerapan", "jenis": "digital"},
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
    return innovation_id


def submit(system: System, operator: dict[str, str], innovation_id: str) -> httpx.Response:
    """Send the innovation to the pemda."""
    return httpx.post(
        f"{system.urls['submission']}/api/v1/innovations/{innovation_id}/submit", headers=operator, timeout=30
    )


def wait_for_status(system: System, operator: dict[str, str], innovation_id: str, status: str) -> None:
    url = f"{system.urls['submission']}/api/v1/innovations/{innovation_id}"
    poll(
        lambda: httpx.get(url, headers=operator, timeout=10).json()["status"] == status,
        what=f"the innovation to become {status}",
    )
