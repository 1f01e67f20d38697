"""API models of the review service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.review.models import CaseStatus, Decision, ReviewCase


class EvidenceRead(BaseModel):
    """One evidence file as submitted (download it through the evidence endpoint)."""

    evidence_id: uuid.UUID
    indicator_no: int
    filename: str
    content_type: str
    size: int
    sha256: str
    object_key: str


class InnovationProfileRead(BaseModel):
    nama: str
    tahapan: str
    jenis: str


class CaseSummaryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    innovation_id: uuid.UUID
    version: int
    pemda_id: uuid.UUID
    opd_id: uuid.UUID
    period_id: uuid.UUID
    nama: str
    submitted_at: datetime
    status: CaseStatus
    decision: Decision | None
    decided_at: datetime | None

    @classmethod
    def of(cls, case: ReviewCase) -> CaseSummaryRead:
        return cls.model_validate({**_columns(case), "nama": case.snapshot["snapshot"]["nama"]})


class CaseRead(CaseSummaryRead):
    snapshot: InnovationProfileRead
    evidence: list[EvidenceRead]
    decision_note: str | None
    decided_by: uuid.UUID | None
    created_at: datetime

    @classmethod
    def of(cls, case: ReviewCase) -> CaseRead:
        return cls.model_validate(
            {
                **_columns(case),
                "nama": case.snapshot["snapshot"]["nama"],
                "snapshot": case.snapshot["snapshot"],
                "evidence": case.snapshot.get("evidence", []),
            }
        )


def _columns(case: ReviewCase) -> dict[str, Any]:
    return {
        column.key: getattr(case, column.key)
        for column in ReviewCase.__table__.columns
        if column.key != "snapshot"
    }


class DecisionCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    decision: Decision
    note: str = Field(
        default="", max_length=4000, description="Catatan untuk OPD; wajib kecuali keputusan 'accepted'"
    )


class EvidenceLinkRead(BaseModel):
    """A short-lived download URL for one evidence file."""

    model_config = ConfigDict(from_attributes=True)

    url: str
    expires_in: int = Field(description="seconds the URL stays valid")
    sha256: str
    filename: str
