"""Messages consumed by the submission service."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from shared.contracts import Decision, Message


class ApplyReviewResult(Message):
    """Review -> submission: the decision on one submitted version."""

    task_name = "submission.apply_review_result"

    case_id: UUID
    innovation_id: UUID
    version: int
    decision: Decision
    note: str = ""
    decided_at: datetime
