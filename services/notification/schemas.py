"""API models of the notification service."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.notification.models import (
    Category,
    Channel,
    Delivery,
    DeliveryEvent,
    DeliveryMode,
    DeliveryStatus,
    Notification,
    Preference,
    ProviderName,
    Recipient,
)
from shared.messaging.dead_letters import DeadMessageRead


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
    whatsapp_mode: str | None
    error_code: str | None
    error_reason: str | None
    fallback_from_id: uuid.UUID | None
    fallback_reason: str | None
    queued_at: datetime
    not_before: datetime | None
    sending_at: datetime | None
    sent_at: datetime | None
    delivered_at: datetime | None
    read_at: datetime | None
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
            whatsapp_mode=delivery.whatsapp_mode,
            error_code=delivery.error_code,
            error_reason=delivery.error_reason,
            fallback_from_id=delivery.fallback_from_id,
            fallback_reason=delivery.fallback_reason,
            queued_at=delivery.queued_at,
            not_before=delivery.not_before,
            sending_at=delivery.sending_at,
            sent_at=delivery.sent_at,
            delivered_at=delivery.delivered_at,
            read_at=delivery.read_at,
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
    category: Category | None
    recipient: RecipientRead
    data: dict[str, Any]
    created_at: datetime
    digest_pending: bool
    digest_id: uuid.UUID | None
    deliveries: list[DeliveryRead]

    @classmethod
    def of(cls, notification: Notification) -> NotificationRead:
        return cls(
            id=notification.id,
            event_id=notification.event_id,
            event_type=notification.event_type,
            category=notification.category,
            recipient=RecipientRead.model_validate(notification.recipient),
            data=notification.data,
            created_at=notification.created_at,
            digest_pending=notification.digest_pending,
            digest_id=notification.digest_id,
            deliveries=[DeliveryRead.of(delivery) for delivery in notification.deliveries],
        )


class TimelineEntry(BaseModel):
    """One step of one delivery."""

    at: datetime
    delivery_id: uuid.UUID
    channel: Channel
    status: DeliveryStatus
    detail: str | None

    @classmethod
    def of(cls, event: DeliveryEvent, delivery: Delivery) -> TimelineEntry:
        return cls(
            at=event.at,
            delivery_id=delivery.id,
            channel=delivery.channel,
            status=event.status,
            detail=event.detail,
        )


class TimelineRead(BaseModel):
    notification: NotificationRead
    timeline: list[TimelineEntry]


class TemplateRead(BaseModel):
    event_type: str
    channel: Channel
    language: str
    name: str
    exists: bool
    meta_template: str | None = Field(description="The Meta-approved WhatsApp template name")


class PreviewRead(BaseModel):
    event_type: str
    channel: Channel
    language: str
    data: dict[str, Any]
    subject: str | None = None
    text: str
    html: str | None = None
    meta_template: str | None = None
    meta_params: list[str] | None = None


class CategoryPreference(BaseModel):
    category: Category
    email: bool = True
    whatsapp: bool = True
    mode: DeliveryMode = DeliveryMode.immediate

    @classmethod
    def of(cls, preference: Preference) -> CategoryPreference:
        return cls(
            category=preference.category,
            email=preference.email,
            whatsapp=preference.whatsapp,
            mode=preference.mode,
        )


class PreferencesRead(BaseModel):
    """Your notification settings: per category, and your quiet hours (None: the pemda's default)."""

    categories: list[CategoryPreference]
    quiet_start: time | None
    quiet_end: time | None
    email: str | None
    whatsapp: str | None
    whatsapp_opt_in: bool

    @classmethod
    def of(cls, recipient: Recipient, preferences: list[Preference]) -> PreferencesRead:
        return cls(
            categories=[CategoryPreference.of(p) for p in preferences],
            quiet_start=recipient.quiet_start,
            quiet_end=recipient.quiet_end,
            email=recipient.email,
            whatsapp=recipient.whatsapp,
            whatsapp_opt_in=recipient.whatsapp_opt_in,
        )


class PreferencesUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    categories: list[CategoryPreference] = Field(default_factory=list)
    quiet_start: time | None = None
    quiet_end: time | None = None


class DeadLettersRead(BaseModel):
    """What could not be delivered: deliveries whose retries ran out, messages that could not be read."""

    deliveries: list[DeliveryRead]
    messages: list[DeadMessageRead]
