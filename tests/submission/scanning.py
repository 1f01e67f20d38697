"""Doing what the submission worker does with the files queued for a scan, inside a test."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select

from services.submission.deps import SubmissionRuntime, get_runtime
from services.submission.innovations import evidence as evidence_rules
from services.submission.messages import InspectEvidence
from services.submission.models import OutboxMessage
from shared.malware import Scanner


def queued_scans(runtime: SubmissionRuntime) -> list[InspectEvidence]:
    with runtime.session_factory() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.task_name == InspectEvidence.task_name)
            .order_by(OutboxMessage.created_at)
        ).all()
    return [InspectEvidence.model_validate(row.payload) for row in rows]


def scan_queued(
    runtime: SubmissionRuntime | None = None, *, scanner: Scanner | Literal["runtime"] | None = "runtime"
) -> None:
    """Run every queued scan twice, as the worker would (a redelivery changes nothing)."""
    runtime = runtime or get_runtime()
    chosen = runtime.scanner if scanner == "runtime" else scanner
    for message in queued_scans(runtime) * 2:
        with runtime.db.unit_of_work() as uow:
            evidence_rules.inspect_evidence(uow, store=runtime.store, scanner=chosen, message=message)
