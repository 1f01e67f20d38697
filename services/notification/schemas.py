"""API models of the notification service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.notification.models import Channel, Delivery, DeliveryStatus, Notification, ProviderName


class DeliveryRead(BaseModel):
    """One notification on one channel, as far as we know how it went."""

    id: uuid.UUID
    notification_id: uuid.UUID
    recipient_id: uuid.UUID
    event_type: str
    channel: Channel
    status: DeliveryStatus
    attempts: int
    provider: ProviderName | None
    provider_message_id: str | None
    error_code: str | None
    error_reason: str | None
    queued_at: datetime
    sent_at: datetime | None
    failed_at: datetime | None
    updated_at: datetime

    @classmethod
    def of(cls, delivery: Delivery) -> DeliveryRead:
        return cls(
            id=delivery.id,
            notification_id=delivery.notification_id,
            recipient_id=delivery.notification.recipient_id,
            event_type=delivery.notification.event_type,
            channel=delivery.channel,
            status=delivery.status,
            attempts=delivery.attempts,
            provider=delivery.provider,
            provider_message_id=delivery.provider_message_id,
            error_code=delivery.error_code,
            error_reason=delivery.error_reason,
            queued_at=delivery.queued_at,
            sent_at=delivery.sent_at,
            failed_at=delivery.failed_at,
            updated_at=delivery.updated_at,
        )


class RecipientRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    user_id: uuid.UUID
    pemda_id: uuid.UUID
    name: str
    language: str


class NotificationRead(BaseModel):
    id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    recipient: RecipientRead
    data: dict[str, Any]
    created_at: datetime
    deliveries: list[DeliveryRead]

    @classmethod
    def of(cls, notification: Notification) -> NotificationRead:
        return cls(
            id=notification.id,
            event_id=notification.event_id,
            event_type=notification.event_type,
            recipient=RecipientRead.model_validate(notification.recipient),
            data=notification.data,
            created_at=notification.created_at,
            deliveries=[DeliveryRead.of(delivery) for delivery in notification.deliveries],
        )
