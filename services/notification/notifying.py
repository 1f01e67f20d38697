"""An event in: record a notification per person and plan (and queue) the deliveries they want;
release those held by quiet hours."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy.orm import Session

from services.notification import policy, repository
from services.notification.core import add_event, new_delivery, queue_deliveries
from services.notification.links import with_links
from services.notification.models import (
    Channel,
    Delivery,
    DeliveryMode,
    DeliveryStatus,
    Notification,
    Recipient,
)
from services.notification.preferences import preference_for
from services.notification.recipients import recipient_for_notify, whatsapp_unusable
from shared.contracts.notification import DeliverNotification, Notify
from shared.db import utc_now
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QuietHours:
    """The service's default quiet hours (a person may set their own); equal start and end: none."""

    start: time = time(0, 0)
    end: time = time(0, 0)


def plan_deliveries(
    session: Session, notification: Notification, recipient: Recipient, *, quiet: QuietHours, now: datetime
) -> list[Delivery]:
    """The deliveries this person wants for this notification (none while it waits for a digest)."""
    event_type = notification.event_type
    urgent = policy.is_urgent(event_type)
    preference = preference_for(session, recipient, policy.category_of(event_type))
    if preference.mode is DeliveryMode.digest and policy.may_be_digested(event_type):
        notification.digest_pending = True
        return []
    want_email = preference.email or urgent
    want_whatsapp = preference.whatsapp
    planned: list[Delivery] = []
    unusable = whatsapp_unusable(recipient) if want_whatsapp else None
    if recipient.email and (want_email or unusable is not None):
        # Recorded either way, so that admins see why someone got no WhatsApp.
        reason = None
        if unusable is not None:
            reason = f"{'WhatsApp not used' if want_email else 'email instead of WhatsApp'}: {unusable}"
        planned.append(new_delivery(notification, Channel.email, now, fallback_reason=reason))
    if want_whatsapp and unusable is None:
        delivery = new_delivery(notification, Channel.whatsapp, now)
        own_hours = recipient.quiet_start is not None and recipient.quiet_end is not None
        if not urgent and (own_hours or event_type in policy.SCHEDULED_EVENTS):
            delivery.not_before = policy.quiet_until(
                now,
                timezone=recipient.timezone,
                start=recipient.quiet_start if own_hours else quiet.start,
                end=recipient.quiet_end if own_hours else quiet.end,
            )
        planned.append(delivery)
    if not planned:
        log.warning(
            "notification.notify.no_channel",
            extra={"recipient_id": str(recipient.user_id), "event_type": event_type},
        )
    return planned


def handle_notify(
    uow: UnitOfWork,
    *,
    message: Notify,
    quiet: QuietHours | None = None,
    base_urls: Mapping[str, str] | None = None,
) -> list[Delivery]:
    """Record the event for each recipient and queue the deliveries they want (a repeat does nothing).
    With `base_urls` the messages link to the page where the recipient acts (`links.with_links`)."""
    if not uow.claim(message):
        log.info("notification.notify.duplicate", extra={"message_id": str(message.message_id)})
        return []
    session, now = uow.session, utc_now()
    deliveries: list[Delivery] = []
    seen: set[uuid.UUID] = set()
    for person in message.recipients:
        if person.user_id in seen:
            continue
        seen.add(person.user_id)
        recipient = recipient_for_notify(session, person)
        notification = Notification(
            event_id=message.message_id,
            event_type=message.event_type,
            recipient_id=recipient.user_id,
            data=with_links(message.event_type, message.data, base_urls) if base_urls else dict(message.data),
            created_at=now,
            category=policy.category_of(message.event_type),
        )
        session.add(notification)
        if not recipient.is_active:
            log.info("notification.notify.inactive_recipient", extra={"recipient_id": str(recipient.user_id)})
            continue
        deliveries += plan_deliveries(session, notification, recipient, quiet=quiet or QuietHours(), now=now)
    queue_deliveries(uow, deliveries)
    return deliveries


def release_held(uow: UnitOfWork, *, now: datetime | None = None, limit: int = 500) -> int:
    """Send deliveries whose quiet hours are over."""
    now = now or utc_now()
    released = repository.held_deliveries(uow.session, due_by=now, limit=limit)
    for delivery in released:
        delivery.not_before = None
        add_event(uow.session, delivery, DeliveryStatus.queued, "released after quiet hours")
        uow.publish(DeliverNotification(delivery_id=delivery.id))
    uow.session.flush()
    return len(released)
