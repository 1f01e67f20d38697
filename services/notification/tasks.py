"""Celery tasks the notification service consumes."""

from __future__ import annotations

from typing import Any

from celery import Task
from celery.utils.time import get_exponential_backoff_interval
from sqlalchemy.exc import OperationalError

from services.notification import service
from services.notification.deps import get_runtime
from services.notification.worker import app
from shared.contracts.notification import DeliverNotification, Notify
from shared.errors import TransientError
from shared.messaging.celery_app import RETRY_POLICY

# A database that does not answer is as transient as a provider that does not: retry, never drop.
RETRYABLE = (TransientError, OperationalError)


@app.task(name=Notify.task_name, bind=True, autoretry_for=RETRYABLE, **RETRY_POLICY)
def notify(self: Task[Any, Any], payload: dict[str, Any]) -> None:
    """Record the event for each recipient and queue one delivery per channel (no-op for a repeat)."""
    message = Notify.model_validate(payload)
    with get_runtime().db.unit_of_work() as uow:
        service.handle_notify(uow, message=message)


# Retried by hand rather than with autoretry_for: autoretry fixes its backoff when this module is
# imported, and the retry count and backoff cap come from the settings (short in tests).
@app.task(name=DeliverNotification.task_name, bind=True, max_retries=RETRY_POLICY["max_retries"])
def deliver(self: Task[Any, Any], payload: dict[str, Any]) -> None:
    """Send one delivery (no-op once it is sent or has failed for good); transient errors are retried
    with exponential backoff, and the last attempt marks the delivery `dead`."""
    message = DeliverNotification.model_validate(payload)
    runtime = get_runtime()
    settings = runtime.settings
    retries = self.request.retries
    try:
        service.send_delivery(
            runtime.db,
            runtime.providers,
            delivery_id=message.delivery_id,
            final_attempt=retries >= settings.max_retries,
            lease_seconds=settings.sending_lease_seconds,
        )
    except service.DeliveryInProgress as exc:
        # Not this delivery's failure: come back when the other worker's lease is over.
        countdown = min(exc.retry_after, settings.retry_backoff_max_seconds)
        raise self.retry(exc=exc, countdown=countdown, max_retries=settings.max_retries) from exc
    except RETRYABLE as exc:
        countdown = get_exponential_backoff_interval(
            factor=1, retries=retries, maximum=settings.retry_backoff_max_seconds, full_jitter=True
        )
        raise self.retry(exc=exc, countdown=countdown, max_retries=settings.max_retries) from exc
