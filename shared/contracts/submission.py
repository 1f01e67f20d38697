"""Messages consumed by the submission service."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from shared.contracts import Decision, Message

Verdict = Literal["sesuai", "tidak_sesuai", "perlu_perbaikan"]


class IndicatorNote(BaseModel):
    """The reviewers' conclusion on one indicator, sent back with the decision."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    indicator_no: int
    verdict: Verdict
    verified_parameter: int | None = None
    note: str = ""


class ReviewerNote(BaseModel):
    """One note on an indicator: by the n-th reviewer of the case (`reviewer_no`, the OPD never learns
    who) or, with `reviewer_no` None, by the coordinator who settled a disagreement."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    reviewer_no: int | None = None
    note: str


class IndicatorResult(BaseModel):
    """Where one indicator stands after the decision: claimed, verified, the verdict and each note."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    indicator_no: int
    claimed_parameter: int = 0
    verified_parameter: int | None = None
    verdict: Verdict | None = None
    notes: tuple[ReviewerNote, ...] = ()


class ApplyReviewResult(Message):
    """Review -> submission: the decision on one submitted version."""

    task_name = "submission.apply_review_result"

    case_id: UUID
    innovation_id: UUID
    version: int
    decision: Decision
    note: str = ""
    decided_at: datetime
    indicator_notes: tuple[IndicatorNote, ...] = ()
    reopened_indicators: tuple[int, ...] = ()
    revision_deadline: datetime | None = None
    claimed_score: float | None = None
    verified_score: float | None = None
    # Every indicator of the catalogue as the decision leaves it (what the OPD's result page shows);
    # `indicator_notes` above stays for consumers that only read the ones not in order.
    results: tuple[IndicatorResult, ...] = ()


class MarkInReview(Message):
    """Review -> submission: review has started on this version (it can no longer be withdrawn)."""

    task_name = "submission.mark_in_review"

    case_id: UUID
    innovation_id: UUID
    version: int
    started_at: datetime
