"""What every notification feature needs: the delivery ledger's steps, new deliveries and queueing them,
and the admin's pemda scope."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from services.notification.models import Channel, Delivery, DeliveryEvent, DeliveryStatus, Notification
from shared.auth import Principal, Role
from shared.contracts.notification import DeliverNotification
from shared.db import utc_now
from shared.errors import Forbidden
from shared.messaging.outbox import UnitOfWork

ERROR_REASON_LENGTH = 500


def add_event(
    session: Session, delivery: Delivery, status: DeliveryStatus, detail: str | None = None
) -> None:
    """One step in the delivery's history (the timeline admins read); long details are cut."""
    session.add(
        DeliveryEvent(
            delivery_id=delivery.id,
            at=utc_now(),
            status=status,
            detail=detail[:ERROR_REASON_LENGTH] if detail else None,
        )
    )


def new_delivery(
    notification: Notification, channel: Channel, now: datetime, *, fallback_reason: str | None = None
) -> Delivery:
    """A queued delivery of the notification on this channel (not yet on the bus: see `queue_deliveries`)."""
    delivery = Delivery(
        channel=channel,
        status=DeliveryStatus.queued,
        attempts=0,
        queued_at=now,
        updated_at=now,
        fallback_reason=fallback_reason,
    )
    notification.deliveries.append(delivery)
    return delivery


def queue_deliveries(uow: UnitOfWork, deliveries: list[Delivery]) -> None:
    """Put deliveries on the bus after the commit; held ones wait for `release_held`."""
    uow.session.flush()
    for delivery in deliveries:
        held = delivery.not_before is not None and delivery.not_before > utc_now()
        add_event(
            uow.session,
            delivery,
            DeliveryStatus.queued,
            f"held until {delivery.not_before.isoformat()} (quiet hours)"
            if held and delivery.not_before
            else delivery.fallback_reason,
        )
        if not held:
            uow.publish(DeliverNotification(delivery_id=delivery.id))


def admin_scope(principal: Principal) -> uuid.UUID | None:
    """The pemda an admin may read (None: all, for a superadmin); anyone else is refused."""
    if principal.role is Role.superadmin:
        return None
    if principal.role is Role.admin and principal.pemda_id is not None:
        return principal.pemda_id
    raise Forbidden()


def require_admin(principal: Principal) -> None:
    """Refuse anyone but an admin of a pemda or a superadmin."""
    admin_scope(principal)
