"""The delivery sweeper: deliveries whose enqueue was lost (broker down or restarted, worker gone)
are put on the bus again; the admin's log shows how long one has been stuck."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.notification import repository
from services.notification.config import NotificationSettings
from services.notification.core import add_event
from services.notification.models import Delivery, DeliveryStatus
from shared.contracts.notification import DeliverNotification
from shared.db import utc_now
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)

SWEEP_TASK = "notification.sweep_deliveries"


@dataclass(frozen=True)
class Patience:
    """How long a delivery may wait for its task before the sweeper queues it again.

    `grace`: a queued delivery with no pending retry; `retry_wait`: the longest retry backoff (a
    delivery that failed transiently waits that long for its retry first); `lease`: how long a
    delivery marked `sending` belongs to the worker sending it."""

    grace: timedelta = timedelta(minutes=2)
    retry_wait: timedelta = timedelta(minutes=5)
    lease: timedelta = timedelta(minutes=5)


def patience_for(settings: NotificationSettings) -> Patience:
    """The sweeper's patience from the service's settings."""
    return Patience(
        grace=timedelta(seconds=settings.sweep_grace_seconds),
        retry_wait=timedelta(seconds=settings.retry_backoff_max_seconds),
        lease=timedelta(seconds=settings.sending_lease_seconds),
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stuck_since(delivery: Delivery, *, patience: Patience, now: datetime | None = None) -> datetime | None:
    """When the delivery's expected enqueue should have happened, if it is overdue; None otherwise."""
    now = _aware(now or utc_now())
    updated = _aware(delivery.updated_at)
    if delivery.status is DeliveryStatus.queued:
        if delivery.not_before is not None and _aware(delivery.not_before) > now:
            return None  # held for quiet hours: `release_held` sends it later
        if delivery.not_before is not None:
            updated = max(updated, _aware(delivery.not_before))
        wait = patience.grace + (patience.retry_wait if delivery.error_reason else timedelta())
    elif delivery.status is DeliveryStatus.sending:
        wait = patience.lease + patience.grace
    else:
        return None
    return updated if updated + wait <= now else None


def sweep(uow: UnitOfWork, *, patience: Patience, now: datetime | None = None, limit: int = 500) -> int:
    """Queue again every delivery whose task was lost; returns how many. A repeat is harmless: the
    delivery task sends a delivery only while it is not finished and no other worker holds it."""
    now = now or utc_now()
    found = repository.stuck_deliveries(
        uow.session,
        queued_before=now - patience.grace,
        retry_before=now - patience.grace - patience.retry_wait,
        sending_before=now - patience.lease - patience.grace,
        now=now,
        limit=limit,
    )
    requeued = 0
    for delivery in found:
        since = stuck_since(delivery, patience=patience, now=now)
        if since is None:  # held until a moment after its last update (release_held's work)
            continue
        requeued += 1
        minutes = int((now - since).total_seconds() // 60)
        add_event(
            uow.session, delivery, delivery.status, f"queued again by the sweeper (stuck {minutes} min)"
        )
        if delivery.status is DeliveryStatus.queued:
            # The next sweep waits a full grace again instead of queueing it every minute. (Not for
            # `sending`: its lease counts from `updated_at`, and the new task must be able to take over.)
            delivery.updated_at = now
        uow.publish(DeliverNotification(delivery_id=delivery.id))
        log.warning(
            "notification.sweep.requeued",
            extra={
                "delivery_id": str(delivery.id),
                "status": delivery.status.value,
                "stuck_minutes": minutes,
            },
        )
    uow.session.flush()
    return requeued
