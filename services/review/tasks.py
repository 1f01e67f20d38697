"""Celery tasks the review service consumes."""

from __future__ import annotations

from typing import Any

from celery import Task
from sqlalchemy.exc import OperationalError

from services.review import service
from services.review.deps import get_runtime
from services.review.worker import app
from shared.contracts.review import OpenReviewCase
from shared.errors import TransientError
from shared.messaging.celery_app import RETRY_POLICY


@app.task(name=OpenReviewCase.task_name, bind=True, autoretry_for=(TransientError,), **RETRY_POLICY)
def open_case(self: Task[Any, Any], payload: dict[str, Any]) -> None:
    """Open the review case for a submitted version (no-op if it is already open)."""
    message = OpenReviewCase.model_validate(payload)
    try:
        with get_runtime().db.unit_of_work() as uow:
            service.open_case(uow, message=message)
    except OperationalError as exc:  # the database did not answer (or dropped us): try again later
        raise TransientError(str(exc)) from exc
