"""Celery tasks the notification service consumes."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from celery.utils.time import get_exponential_backoff_interval
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from services.notification import (
    dead_letters,
    delivery_status,
    digests,
    notifying,
    recipients,
    sending,
    sweeping,
)
from services.notification.deps import get_runtime
from services.notification.ratelimit import RateLimited
from services.notification.worker import app
from shared.contracts.accounts import SyncRecipient
from shared.contracts.notification import ApplyProviderStatus, DeliverNotification, Notify
from shared.errors import TransientError
from shared.messaging.celery_app import RETRY_POLICY

log = logging.getLogger(__name__)

# A database that does not answer is as transient as a provider that does not: retry, never drop.
RETRYABLE = (TransientError, OperationalError)
RELEASE_HELD_TASK = "notification.release_held"
# A status for an id we do not know is tried again after 2, 4, 8 and 16 seconds, then dropped.
STATUS_RETRIES = 4
SEND_DIGESTS_TASK = "notification.send_digests"


def _dead_letter(task_name: str, payload: Any, exc: ValidationError) -> None:
    reason = "; ".join(
        f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', '')}" for err in exc.errors()
    )
    with get_runtime().db.unit_of_work() as uow:
        dead_letters.dead_letter_message(uow, task_name=task_name, payload=payload, reason=reason or str(exc))


@app.task(name=Notify.task_name, bind=True, autoretry_for=RETRYABLE, **RETRY_POLICY)
def notify(self: Task[Any, Any], payload: Any) -> None:
    """Record the event for each recipient and queue the deliveries they want (no-op for a repeat);
    a message that is not a valid Notify (unknown event type...) is dead-lettered with the reason."""
    try:
        message = Notify.model_validate(payload)
    except ValidationError as exc:
        _dead_letter(Notify.task_name, payload, exc)
        return
    runtime = get_runtime()
    with runtime.db.unit_of_work() as uow:
        notifying.handle_notify(
            uow, message=message, quiet=runtime.quiet_hours, base_urls=runtime.settings.common.base_urls()
        )


@app.task(name=SyncRecipient.task_name, bind=True, autoretry_for=RETRYABLE, **RETRY_POLICY)
def sync_recipient(self: Task[Any, Any], payload: Any) -> None:
    """Keep the recipient replica current (an older snapshot than the one we hold changes nothing)."""
    try:
        message = SyncRecipient.model_validate(payload)
    except ValidationError as exc:
        _dead_letter(SyncRecipient.task_name, payload, exc)
        return
    with get_runtime().db.unit_of_work() as uow:
        recipients.sync_recipient(uow, message=message)


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
        sending.send_delivery(
            runtime.db,
            runtime.providers,
            delivery_id=message.delivery_id,
            final_attempt=retries >= settings.max_retries,
            lease_seconds=settings.sending_lease_seconds,
            pace=runtime.pace,
        )
    except RateLimited as exc:
        # Not a failed attempt: the message waits its turn as a fresh task (a short countdown, far
        # below the visibility timeout), leaving this task's retry budget untouched.
        countdown = min(exc.retry_after, settings.retry_backoff_max_seconds)
        self.app.send_task(DeliverNotification.task_name, args=[payload], countdown=countdown)
        log.info("notification.deliver.rate_limited", extra={"delivery_id": str(message.delivery_id)})
    except sending.DeliveryInProgress as exc:
        # Not this delivery's failure: come back when the other worker's lease is over.
        countdown = min(exc.retry_after, settings.retry_backoff_max_seconds)
        raise self.retry(exc=exc, countdown=countdown, max_retries=settings.max_retries) from exc
    except RETRYABLE as exc:
        countdown = get_exponential_backoff_interval(
            factor=1, retries=retries, maximum=settings.retry_backoff_max_seconds, full_jitter=True
        )
        raise self.retry(exc=exc, countdown=countdown, max_retries=settings.max_retries) from exc


class UnknownMessageId(Exception):
    """No delivery has this provider message id (yet)."""


@app.task(name=ApplyProviderStatus.task_name, bind=True, max_retries=STATUS_RETRIES)
def apply_status(self: Task[Any, Any], payload: dict[str, Any]) -> None:
    """Apply a provider status that arrived before its message id was recorded; dropped, logged, if
    the id stays unknown (a message this service never sent)."""
    message = ApplyProviderStatus.model_validate(payload)
    update = delivery_status.StatusUpdate.of(message)
    with get_runtime().db.unit_of_work() as uow:
        known = delivery_status.apply_status(uow, update=update)
    if known:
        return
    if self.request.retries >= STATUS_RETRIES:
        log.warning(
            "notification.apply_status.dropped", extra={"provider_message_id": message.provider_message_id}
        )
        return
    raise self.retry(
        exc=UnknownMessageId(message.provider_message_id), countdown=2 ** (self.request.retries + 1)
    )


@app.task(name=RELEASE_HELD_TASK, acks_late=False, ignore_result=True)
def release_held() -> int:
    """Send the WhatsApp messages held during quiet hours once those are over (beat, every 5 min)."""
    with get_runtime().db.unit_of_work() as uow:
        return notifying.release_held(uow)


@app.task(name=SEND_DIGESTS_TASK, acks_late=False, ignore_result=True)
def send_digests() -> int:
    """Send each person who chose it their daily digest, once a day from 07:00 in their zone."""
    runtime = get_runtime()
    with runtime.db.unit_of_work() as uow:
        return digests.send_digests(uow, base_urls=runtime.settings.common.base_urls())


@app.task(name=sweeping.SWEEP_TASK, acks_late=False, ignore_result=True)
def sweep_deliveries() -> int:
    """Queue again the deliveries whose task was lost (beat, every minute)."""
    runtime = get_runtime()
    with runtime.db.unit_of_work() as uow:
        return sweeping.sweep(uow, patience=sweeping.patience_for(runtime.settings))
