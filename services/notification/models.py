"""Tables of the notification service: recipients (a replica), notifications and their deliveries."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.db import IdMixin, service_registry, string_enum, utc_now
from shared.messaging.dead_letters import DeadMessageMixin
from shared.messaging.outbox import OutboxMixin, ProcessedMessageMixin


class Base(DeclarativeBase):
    registry = service_registry()


class OutboxMessage(OutboxMixin, Base): ...


class ProcessedMessage(ProcessedMessageMixin, Base): ...


class Channel(StrEnum):
    email = "email"
    whatsapp = "whatsapp"


class DeliveryStatus(StrEnum):
    queued = "queued"
    sending = "sending"
    sent = "sent"
    delivered = "delivered"
    read = "read"
    failed = "failed"
    dead = "dead"


# A delivery in one of these states is never sent again.
FINISHED_STATUSES = (
    DeliveryStatus.sent,
    DeliveryStatus.delivered,
    DeliveryStatus.read,
    DeliveryStatus.failed,
    DeliveryStatus.dead,
)


class ProviderName(StrEnum):
    smtp = "smtp"
    cloud_api = "cloud_api"
    fonnte = "fonnte"


class Category(StrEnum):
    """What a notification is about; people choose channels and timing per category."""

    deadlines = "deadlines"
    review_work = "review_work"
    decisions = "decisions"
    account = "account"


class DeliveryMode(StrEnum):
    immediate = "immediate"
    digest = "digest"


class Recipient(Base):
    """A person as the last message about them described them (event-carried state, not owned here)."""

    __tablename__ = "recipient"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    pemda_id: Mapped[uuid.UUID] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    whatsapp: Mapped[str | None] = mapped_column(String(20))
    whatsapp_opt_in: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(2), default="id")
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Jakarta")
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    # From submission's account messages (notification.sync_recipient); None when only Notify told us.
    opd_id: Mapped[uuid.UUID | None]
    role: Mapped[str | None] = mapped_column(String(40))
    is_active: Mapped[bool] = mapped_column(default=True)
    changed_at: Mapped[datetime | None]
    # A number we were sent that is not one: kept for admins to see, never used to send.
    whatsapp_rejected: Mapped[str | None] = mapped_column(String(60))
    # When the person last wrote to us on WhatsApp: free text is allowed for 24 hours after it.
    last_inbound_at: Mapped[datetime | None]
    # Quiet hours in the pemda's zone (None: the service's defaults).
    quiet_start: Mapped[time | None]
    quiet_end: Mapped[time | None]
    last_digest_at: Mapped[datetime | None]


class Preference(Base):
    """One person's choice for one category: which channels, and now or in the daily digest."""

    __tablename__ = "preference"

    recipient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recipient.user_id"), primary_key=True)
    category: Mapped[Category] = mapped_column(string_enum(Category), primary_key=True)
    email: Mapped[bool] = mapped_column(default=True)
    whatsapp: Mapped[bool] = mapped_column(default=True)
    mode: Mapped[DeliveryMode] = mapped_column(string_enum(DeliveryMode), default=DeliveryMode.immediate)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class Notification(IdMixin, Base):
    """One event told to one person; `event_id` is the id of the Notify message it came from."""

    __tablename__ = "notification"
    __table_args__ = (UniqueConstraint("event_id", "recipient_id"),)

    event_id: Mapped[uuid.UUID]
    event_type: Mapped[str] = mapped_column(String(60))
    recipient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recipient.user_id"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    category: Mapped[Category | None] = mapped_column(string_enum(Category))
    # Waiting for the person's daily digest (no delivery of its own), then the digest it went into.
    digest_pending: Mapped[bool] = mapped_column(default=False, index=True)
    digest_id: Mapped[uuid.UUID | None]

    recipient: Mapped[Recipient] = relationship(lazy="joined", innerjoin=True)
    deliveries: Mapped[list[Delivery]] = relationship(
        back_populates="notification", order_by="Delivery.channel", lazy="selectin"
    )


class Delivery(IdMixin, Base):
    """One notification on one channel: what was sent, through which provider, and how it went."""

    __tablename__ = "delivery"
    __table_args__ = (UniqueConstraint("notification_id", "channel"),)

    notification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notification.id"), index=True)
    channel: Mapped[Channel] = mapped_column(string_enum(Channel))
    status: Mapped[DeliveryStatus] = mapped_column(string_enum(DeliveryStatus), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    provider: Mapped[ProviderName | None] = mapped_column(string_enum(ProviderName))
    # Provider status webhooks find the delivery by this id.
    provider_message_id: Mapped[str | None] = mapped_column(String(200), index=True)
    error_code: Mapped[str | None] = mapped_column(String(60))
    error_reason: Mapped[str | None] = mapped_column(String(500))
    queued_at: Mapped[datetime] = mapped_column(default=utc_now)
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    sending_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    # Held (quiet hours, rate limit) until then; `notification.release_held` sends it afterwards.
    not_before: Mapped[datetime | None] = mapped_column(index=True)
    # WhatsApp: sent as free "text" (inside the 24-hour window) or as an approved "template".
    whatsapp_mode: Mapped[str | None] = mapped_column(String(10))
    # An email sent because WhatsApp could not be used, and why.
    fallback_from_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("delivery.id"))
    fallback_reason: Mapped[str | None] = mapped_column(String(200))

    notification: Mapped[Notification] = relationship(
        back_populates="deliveries", lazy="joined", innerjoin=True
    )


class DeliveryEvent(IdMixin, Base):
    """One step in a delivery's life (queued, attempt, error, sent, delivered, read, fallback, resend)."""

    __tablename__ = "delivery_event"

    delivery_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("delivery.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    status: Mapped[DeliveryStatus] = mapped_column(string_enum(DeliveryStatus))
    detail: Mapped[str | None] = mapped_column(String(500))


class DeadMessage(DeadMessageMixin, Base):
    """A message this service could not process at all (unknown event type, malformed), kept to replay."""
