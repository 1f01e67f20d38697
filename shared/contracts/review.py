"""Messages consumed by the review service."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from shared.contracts import Message


class EvidenceRef(BaseModel):
    """One evidence file as submitted: where it is and what its bytes hash to."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    evidence_id: UUID
    indicator_no: int
    object_key: str
    sha256: str
    size: int
    content_type: str
    filename: str


class InnovationSnapshot(BaseModel):
    """The frozen profile of one submitted version."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    nama: str
    tahapan: str
    jenis: str


class OpenReviewCase(Message):
    """Submission -> review: a version was submitted; open its case (no-op if already open)."""

    task_name = "review.open_case"

    innovation_id: UUID
    version: int
    pemda_id: UUID
    opd_id: UUID
    period_id: UUID
    submitted_at: datetime
    snapshot: InnovationSnapshot
    evidence: tuple[EvidenceRef, ...]
