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
from shared.schemas import model_of


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
        return model_of(
            cls,
            delivery,
            recipient_id=delivery.notification.recipient_id,
            event_type=delivery.notification.event_type,
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
        return model_of(
            cls,
            notification,
            recipient=RecipientRead.model_validate(notification.recipient),
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
        return model_of(cls, event, delivery_id=delivery.id, channel=delivery.channel)


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
        return cls.model_validate(preference, from_attributes=True)


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
        return model_of(cls, recipient, categories=[CategoryPreference.of(p) for p in preferences])


class PreferencesUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    categories: list[CategoryPreference] = Field(default_factory=list)
    quiet_start: time | None = None
    quiet_end: time | None = None


class DeadLettersRead(BaseModel):
    """What could not be delivered: deliveries whose retries ran out, messages that could not be read."""

    deliveries: list[DeliveryRead]
    messages: list[DeadMessageRead]
