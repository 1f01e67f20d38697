"""Messages the submission service sends to itself (work moved out of the request)."""

from __future__ import annotations

from uuid import UUID

from shared.contracts import Message


class InspectEvidence(Message):
    """Submission -> its worker: parse an uploaded PDF and flag scripts, actions and attachments."""

    task_name = "submission.inspect_evidence"

    evidence_id: UUID
