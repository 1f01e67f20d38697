"""Steps of the slice that belong to review (its API)."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from tests.e2e.conftest import System, poll
from tests.e2e.submission_steps import PDF_SHA256


def review_and_accept(system: System, reviewer: dict[str, str], innovation_id: str) -> None:
    """The reviewer finds the case assigned to them, opens the evidence through its presigned URL
    (its SHA-256 re-checked), gives every required indicator a verdict, submits them and accepts."""
    base = system.urls["review"]

    def case_for_innovation() -> list[dict[str, object]]:
        cases = httpx.get(f"{base}/api/v1/cases", headers=reviewer, timeout=10).json()
        return [c for c in cases if c["innovation_id"] == innovation_id]

    cases = poll(case_for_innovation, what="the review case to open")
    assert isinstance(cases, list)
    assert len(cases) == 1, cases
    case_id = cases[0]["id"]

    def assigned_detail() -> dict[str, Any] | None:
        detail: dict[str, Any] = httpx.get(
            f"{base}/api/v1/cases/{case_id}", headers=reviewer, timeout=10
        ).json()
        return detail if detail["assignments"] else None

    detail = poll(assigned_detail, what="the reviewer to be assigned")
    assert isinstance(detail, dict)
    evidence = detail["evidence"]
    assert evidence[0]["sha256"] == PDF_SHA256
    link = httpx.get(
        f"{base}/api/v1/cases/{case_id}/evidence/{evidence[0]['evidence_id']}", headers=reviewer, timeout=10
    )
    assert link.status_code == 200, link.text
    assert link.json()["integrity"] == "ok", link.json()
    downloaded = httpx.get(link.json()["url"], timeout=10)
    assert downloaded.status_code == 200
    assert hashlib.sha256(downloaded.content).hexdigest() == PDF_SHA256
    verdicts = [
        {"indicator_no": i["indicator_no"], "verdict": "sesuai", "verified_parameter": i["claimed_parameter"]}
        for i in detail["indicators"]
        if i["required"]
    ]
    if verdicts:
        recorded = httpx.put(
            f"{base}/api/v1/cases/{case_id}/verdicts",
            headers=reviewer,
            timeout=10,
            json={"verdicts": verdicts},
        )
        assert recorded.status_code == 200, recorded.text
    submitted = httpx.post(f"{base}/api/v1/cases/{case_id}/verdicts/submit", headers=reviewer, timeout=10)
    assert submitted.status_code == 200, submitted.text
    decided = httpx.post(
        f"{base}/api/v1/cases/{case_id}/decision",
        headers=reviewer,
        timeout=10,
        json={"decision": "accepted", "note": "Bukti lengkap dan sesuai."},
    )
    assert decided.status_code == 200, decided.text
