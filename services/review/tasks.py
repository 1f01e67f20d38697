"""Celery tasks the review service consumes, and its periodic work."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from typing import Any

from celery import Task
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from services.review import cases, dead_messages, directory, reminders
from services.review.deps import get_runtime
from services.review.worker import app
from shared.contracts.accounts import SyncReviewerAccount
from shared.contracts.review import OpenReviewCase, SyncPeriod, WithdrawReviewCase
from shared.errors import TransientError
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)

REMINDERS_TASK = "review.send_review_reminders"


def _consume(task: Task[Any, Any], payload: dict[str, Any], handle: Callable[[UnitOfWork], None]) -> None:
    """Run `handle` in one unit of work; retry transient failures with backoff, and once the retries
    are spent record the message as dead and return, so the worker moves on."""
    runtime = get_runtime()
    settings = runtime.settings
    try:
        with runtime.db.unit_of_work() as uow:
            handle(uow)
    except (TransientError, OperationalError) as failure:
        # The database did not answer (or dropped us), or a message came before what it refers to.
        exc = failure if isinstance(failure, TransientError) else TransientError(str(failure))
        retries = task.request.retries or 0
        if retries < settings.message_max_retries:
            countdown = min(2**retries, settings.retry_backoff_max_seconds) * random.uniform(0.5, 1.0)  # noqa: S311
            log.warning(
                "review.message.retry",
                extra={"task_name": task.name, "retries": retries, "error": f"{type(exc).__name__}: {exc}"},
            )
            raise task.retry(
                exc=exc, countdown=countdown, max_retries=settings.message_max_retries
            ) from failure
        _bury(task, payload, exc, attempts=retries + 1)


def _bury(task: Task[Any, Any], payload: dict[str, Any], exc: Exception, *, attempts: int) -> None:
    try:
        with get_runtime().db.unit_of_work() as uow:
            dead_messages.record_dead_message(
                uow,
                task_name=str(task.name),
                payload=payload,
                reason=f"{type(exc).__name__}: {exc}",
                attempts=attempts,
            )
    except OperationalError:  # the database is gone as well: the log line is all that is left
        log.exception(
            "review.dead_message.not_recorded", extra={"message_id": str(payload.get("message_id"))[:60]}
        )


def _invalid(task: Task[Any, Any], payload: dict[str, Any], exc: ValidationError) -> None:
    """A message that does not match its contract can never succeed: dead at once."""
    _bury(task, payload, exc, attempts=1)


@app.task(name=OpenReviewCase.task_name, bind=True)
def open_case(self: Task[Any, Any], payload: dict[str, Any]) -> None:
    """Open the review case (or its next round) for a submitted version (no-op if already open)."""
    try:
        message = OpenReviewCase.model_validate(payload)
    except ValidationError as exc:
        return _invalid(self, payload, exc)

    def handle(uow: UnitOfWork) -> None:
        cases.open_case(uow, message=message)

    _consume(self, payload, handle)


@app.task(name=WithdrawReviewCase.task_name, bind=True)
def withdraw_case(self: Task[Any, Any], payload: dict[str, Any]) -> None:
    """Close a version's round that the OPD withdrew before review started."""
    try:
        message = WithdrawReviewCase.model_validate(payload)
    except ValidationError as exc:
        return _invalid(self, payload, exc)
    _consume(self, payload, lambda uow: cases.withdraw_case(uow, message=message))


@app.task(name=SyncPeriod.task_name, bind=True)
def sync_period(self: Task[Any, Any], payload: dict[str, Any]) -> None:
    """Keep a period's catalogue and rules (latest change wins)."""
    try:
        message = SyncPeriod.model_validate(payload)
    except ValidationError as exc:
        return _invalid(self, payload, exc)
    _consume(self, payload, lambda uow: directory.sync_period(uow, message=message))


@app.task(name=SyncReviewerAccount.task_name, bind=True)
def sync_account(self: Task[Any, Any], payload: dict[str, Any]) -> None:
    """Keep the reviewer directory current (latest change wins)."""
    try:
        message = SyncReviewerAccount.model_validate(payload)
    except ValidationError as exc:
        return _invalid(self, payload, exc)
    _consume(self, payload, lambda uow: directory.sync_account(uow, message=message))


@app.task(name=REMINDERS_TASK, acks_late=False, ignore_result=True)
def send_review_reminders() -> dict[str, int]:
    """Beat's periodic run: due-soon, overdue and escalation reminders, each sent once."""
    with get_runtime().db.unit_of_work() as uow:
        return reminders.send_review_reminders(uow)
