"""Steps of the slice that belong to review (its API)."""

from __future__ import annotations

import hashlib

import httpx

from tests.e2e.conftest import System, poll
from tests.e2e.submission_steps import PDF_SHA256


def review_and_accept(system: System, reviewer: dict[str, str], innovation_id: str) -> None:
    """The reviewer finds the case, opens the evidence through its presigned URL and accepts."""
    base = system.urls["review"]

    def case_for_innovation() -> list[dict[str, object]]:
        cases = httpx.get(f"{base}/api/v1/cases", headers=reviewer, timeout=10).json()
        return [c for c in cases if c["innovation_id"] == innovation_id]

    cases = poll(case_for_innovation, what="the review case to open")
    assert isinstance(cases, list)
    assert len(cases) == 1, cases
    case_id = cases[0]["id"]
    detail = httpx.get(f"{base}/api/v1/cases/{case_id}", headers=reviewer, timeout=10).json()
    evidence = detail["evidence"]
    assert evidence[0]["sha256"] == PDF_SHA256
    link = httpx.get(
        f"{base}/api/v1/cases/{case_id}/evidence/{evidence[0]['evidence_id']}", headers=reviewer, timeout=10
    )
    assert link.status_code == 200, link.text
    downloaded = httpx.get(link.json()["url"], timeout=10)
    assert downloaded.status_code == 200
    assert hashlib.sha256(downloaded.content).hexdigest() == PDF_SHA256
    decided = httpx.post(
        f"{base}/api/v1/cases/{case_id}/decision",
        headers=reviewer,
        timeout=10,
        json={"decision": "accepted", "note": "Bukti lengkap dan sesuai."},
    )
    assert decided.status_code == 200, decided.text
