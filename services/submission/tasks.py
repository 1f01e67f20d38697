"""Celery tasks the submission service consumes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import Task

from services.submission import periods
from services.submission.deps import get_runtime
from services.submission.innovations import evidence, orphans, workflow
from services.submission.messages import InspectEvidence
from services.submission.worker import app
from shared.contracts.submission import ApplyReviewResult, MarkInReview
from shared.messaging.celery_app import RETRY_POLICY, RETRYABLE


@app.task(
    name=ApplyReviewResult.task_name, bind=True, autoretry_for=(*RETRYABLE, LookupError), **RETRY_POLICY
)
def apply_review_result(self: Task[Any, Any], payload: dict[str, Any]) -> None:
    """Record review's decision (no-op if this message was already applied)."""
    message = ApplyReviewResult.model_validate(payload)
    with get_runtime().db.unit_of_work() as uow:
        workflow.apply_review_result(uow, message=message)


@app.task(name=MarkInReview.task_name, bind=True, autoretry_for=(*RETRYABLE, LookupError), **RETRY_POLICY)
def mark_in_review(self: Task[Any, Any], payload: dict[str, Any]) -> None:
    """Review started on a version: it can no longer be withdrawn (no-op on a repeat)."""
    message = MarkInReview.model_validate(payload)
    with get_runtime().db.unit_of_work() as uow:
        workflow.mark_in_review(uow, message=message)


@app.task(name="submission.send_deadline_reminders", bind=True, autoretry_for=RETRYABLE, **RETRY_POLICY)
def send_deadline_reminders(self: Task[Any, Any]) -> int:
    """D-7/D-3/D-1 reminders to OPDs with nothing submitted or with drafts (each sent once)."""
    with get_runtime().db.unit_of_work() as uow:
        return periods.send_deadline_reminders(uow)


@app.task(name="submission.send_admin_digest", bind=True, autoretry_for=RETRYABLE, **RETRY_POLICY)
def send_admin_digest(self: Task[Any, Any]) -> int:
    """Each pemda's admins get every OPD's progress once a local day, from 07:00 (sent once each)."""
    with get_runtime().db.unit_of_work() as uow:
        return periods.send_admin_digest(uow)


@app.task(name=InspectEvidence.task_name, bind=True, autoretry_for=(*RETRYABLE, LookupError), **RETRY_POLICY)
def inspect_evidence(self: Task[Any, Any], payload: dict[str, Any]) -> None:
    """Scan a stored file for malware and check a PDF: clean, or refused and deleted (no-op on a repeat).

    A scanner that does not answer is a transient error: the file stays pending, the task is retried
    with backoff, and the beat's sweep queues it again later.
    """
    message = InspectEvidence.model_validate(payload)
    runtime = get_runtime()
    with runtime.db.unit_of_work() as uow:
        evidence.inspect_evidence(uow, store=runtime.store, scanner=runtime.scanner, message=message)


@app.task(name="submission.requeue_pending_scans", bind=True, autoretry_for=RETRYABLE, **RETRY_POLICY)
def requeue_pending_scans(self: Task[Any, Any]) -> int:
    """Queue another scan of the files still pending after a few minutes (the scanner was away)."""
    runtime = get_runtime()
    with runtime.db.unit_of_work() as uow:
        return evidence.requeue_pending_scans(
            uow, older_than=timedelta(seconds=runtime.settings.scan_sweep_seconds)
        )


@app.task(name=orphans.SWEEP_TASK, acks_late=False, ignore_result=True)
def sweep_orphan_objects() -> int:
    """Delete evidence objects no record refers to, after their grace period (beat, every 15 min)."""
    runtime = get_runtime()
    with runtime.db.session_factory() as session:
        removed = orphans.sweep_orphans(
            session, store=runtime.store, grace=timedelta(seconds=runtime.settings.orphan_grace_seconds)
        )
    return len(removed)
