"""The admin's delivery log: deliveries and notifications of their pemda, a timeline, resending."""

from __future__ import annotations

import logging
import re
import uuid

from sqlalchemy.orm import Session

from services.notification import policy, repository
from services.notification.core import add_event, admin_scope
from services.notification.digests import DIGEST_EVENT
from services.notification.models import (
    FINISHED_STATUSES,
    Channel,
    Delivery,
    DeliveryEvent,
    DeliveryStatus,
    Notification,
)
from services.notification.repository import DeliveryFilters
from shared.auth import Principal
from shared.contracts.notification import DeliverNotification
from shared.db import utc_now
from shared.errors import Conflict, NotFound
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)


class NotResendable(Conflict, code="notification.not_resendable"): ...


def list_deliveries(session: Session, *, principal: Principal, filters: DeliveryFilters) -> list[Delivery]:
    """Deliveries to people of the caller's pemda, newest first."""
    return repository.list_deliveries(session, pemda_id=admin_scope(principal), filters=filters)


def known_event_types() -> list[str]:
    """Every event type this service tells people about (for the log's filter)."""
    return sorted({*policy.CATEGORY_OF, DIGEST_EVENT})


def _phone_digits(text: str) -> str | None:
    """The digits of a phone number as stored (62…), when `text` looks like part of one."""
    if not re.fullmatch(r"[0-9+()\-. ]+", text):
        return None
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits if len(digits) >= 3 else None


def notification_log(
    session: Session,
    *,
    principal: Principal,
    event_type: str | None = None,
    channel: Channel | None = None,
    status: DeliveryStatus | None = None,
    recipient: str | None = None,
    limit: int = 25,
    offset: int = 0,
) -> list[Notification]:
    """Notifications to people of the caller's pemda, newest first, each with its deliveries.

    `recipient` finds people by part of their name, email or WhatsApp number (0812… or 62812…)."""
    search = (recipient or "").strip()[:100] or None
    return repository.notification_log(
        session,
        pemda_id=admin_scope(principal),
        event_type=event_type,
        channel=channel,
        status=status,
        search=search,
        phone_digits=_phone_digits(search) if search else None,
        limit=limit,
        offset=offset,
    )


def get_notification(session: Session, *, principal: Principal, notification_id: uuid.UUID) -> Notification:
    """One notification with its deliveries; another pemda's is reported as not found."""
    pemda_id = admin_scope(principal)
    notification = repository.get_notification(session, notification_id)
    if notification is None or (pemda_id is not None and notification.recipient.pemda_id != pemda_id):
        raise NotFound()
    return notification


def timeline(session: Session, *, notification: Notification) -> list[tuple[DeliveryEvent, Delivery]]:
    """Every step of every delivery of the notification, oldest first."""
    by_id = {d.id: d for d in notification.deliveries}
    return [(event, by_id[event.delivery_id]) for event in repository.events_of(session, list(by_id))]


def _delivery_in_scope(session: Session, principal: Principal, delivery_id: uuid.UUID) -> Delivery:
    pemda_id = admin_scope(principal)
    delivery = repository.get_delivery(session, delivery_id, for_update=True)
    if delivery is None or (pemda_id is not None and delivery.notification.recipient.pemda_id != pemda_id):
        raise NotFound()
    return delivery


def resend(uow: UnitOfWork, *, principal: Principal, delivery_id: uuid.UUID) -> Delivery:
    """Send a finished delivery again (an admin's choice: after a dead letter, or a lost message)."""
    delivery = _delivery_in_scope(uow.session, principal, delivery_id)
    if delivery.status not in FINISHED_STATUSES:
        raise NotResendable()
    previous = delivery.status.value
    delivery.status = DeliveryStatus.queued
    delivery.not_before = None
    # No retry is pending any more: the sweeper queues it again after its grace if this enqueue is lost.
    delivery.error_code = delivery.error_reason = None
    delivery.updated_at = utc_now()
    add_event(uow.session, delivery, DeliveryStatus.queued, f"resent by {principal.name} (was {previous})")
    uow.session.flush()
    uow.publish(DeliverNotification(delivery_id=delivery.id))
    log.info("notification.resend", extra={"delivery_id": str(delivery.id), "by": str(principal.user_id)})
    return delivery
