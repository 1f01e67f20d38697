"""Every query of the notification service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from services.notification.models import (
    Category,
    Channel,
    DeadMessage,
    Delivery,
    DeliveryEvent,
    DeliveryMode,
    DeliveryStatus,
    Notification,
    OutboxMessage,
    Preference,
    ProviderName,
    Recipient,
)
from shared.db import dialect_insert, utc_now


def upsert_recipient(session: Session, values: dict[str, object]) -> Recipient:
    """Insert the recipient or overwrite what we knew (two workers may see a new person at once)."""
    row = {**values, "updated_at": utc_now()}
    statement = dialect_insert(session)(Recipient).values(row)
    statement = statement.on_conflict_do_update(
        index_elements=["user_id"], set_={k: statement.excluded[k] for k in row if k != "user_id"}
    )
    session.execute(statement)
    recipient = session.get(Recipient, values["user_id"], populate_existing=True)
    assert recipient is not None
    return recipient


def get_recipient(session: Session, user_id: uuid.UUID, *, for_update: bool = False) -> Recipient | None:
    query = select(Recipient).where(Recipient.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def recipients_by_whatsapp(session: Session, number: str) -> list[Recipient]:
    return list(session.scalars(select(Recipient).where(Recipient.whatsapp == number)))


def get_preference(session: Session, recipient_id: uuid.UUID, category: Category) -> Preference | None:
    return session.get(Preference, (recipient_id, category))


def save_preference(
    session: Session,
    *,
    recipient_id: uuid.UUID,
    category: Category,
    email: bool,
    whatsapp: bool,
    mode: DeliveryMode,
) -> None:
    row = {
        "recipient_id": recipient_id,
        "category": category.value,
        "email": email,
        "whatsapp": whatsapp,
        "mode": mode.value,
        "updated_at": utc_now(),
    }
    statement = dialect_insert(session)(Preference).values(row)
    statement = statement.on_conflict_do_update(
        index_elements=["recipient_id", "category"],
        set_={k: statement.excluded[k] for k in ("email", "whatsapp", "mode", "updated_at")},
    )
    session.execute(statement)
    session.expire_all()


def get_notification(session: Session, notification_id: uuid.UUID) -> Notification | None:
    return session.get(Notification, notification_id)


def get_delivery(session: Session, delivery_id: uuid.UUID, *, for_update: bool = False) -> Delivery | None:
    query = select(Delivery).where(Delivery.id == delivery_id)
    if for_update:
        query = query.with_for_update(of=Delivery)
    return session.scalar(query)


def find_by_provider_message_id(session: Session, provider_message_id: str) -> Delivery | None:
    query = (
        select(Delivery)
        .where(Delivery.provider_message_id == provider_message_id)
        .order_by(Delivery.queued_at.desc())
        .limit(1)
        .with_for_update(of=Delivery)
    )
    return session.scalar(query)


def held_deliveries(session: Session, *, due_by: datetime, limit: int) -> list[Delivery]:
    query = (
        select(Delivery)
        .where(
            Delivery.status == DeliveryStatus.queued,
            Delivery.not_before.is_not(None),
            Delivery.not_before <= due_by,
        )
        .order_by(Delivery.not_before)
        .limit(limit)
        .with_for_update(of=Delivery, skip_locked=True)
    )
    return list(session.scalars(query))


def stuck_deliveries(
    session: Session,
    *,
    queued_before: datetime,
    retry_before: datetime,
    sending_before: datetime,
    now: datetime,
    limit: int,
) -> list[Delivery]:
    """Deliveries whose enqueue should have happened by now (see `sweeping.is_stuck`), oldest first."""
    not_held = or_(Delivery.not_before.is_(None), Delivery.not_before <= now)
    queued = Delivery.status == DeliveryStatus.queued
    query = (
        select(Delivery)
        .where(
            or_(
                queued & not_held & Delivery.error_reason.is_(None) & (Delivery.updated_at <= queued_before),
                queued
                & not_held
                & Delivery.error_reason.is_not(None)
                & (Delivery.updated_at <= retry_before),
                (Delivery.status == DeliveryStatus.sending) & (Delivery.updated_at <= sending_before),
            )
        )
        .order_by(Delivery.updated_at)
        .limit(limit)
        .with_for_update(of=Delivery, skip_locked=True)
    )
    return list(session.scalars(query))


class DeliveryFilters(BaseModel):
    """Which deliveries the log lists (the API's query parameters)."""

    recipient_id: uuid.UUID | None = None
    event_type: str | None = None
    channel: Channel | None = None
    status: DeliveryStatus | None = None
    since: datetime | None = Field(None, description="queued at or after (ISO 8601)")
    until: datetime | None = Field(None, description="queued before (ISO 8601)")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


def list_deliveries(
    session: Session, *, pemda_id: uuid.UUID | None, filters: DeliveryFilters
) -> list[Delivery]:
    """Deliveries, newest first; `pemda_id` None means every pemda."""
    query = select(Delivery).join(Delivery.notification).join(Notification.recipient)
    if pemda_id is not None:
        query = query.where(Recipient.pemda_id == pemda_id)
    if filters.recipient_id is not None:
        query = query.where(Notification.recipient_id == filters.recipient_id)
    if filters.event_type is not None:
        query = query.where(Notification.event_type == filters.event_type)
    if filters.channel is not None:
        query = query.where(Delivery.channel == filters.channel)
    if filters.status is not None:
        query = query.where(Delivery.status == filters.status)
    if filters.since is not None:
        query = query.where(Delivery.queued_at >= filters.since)
    if filters.until is not None:
        query = query.where(Delivery.queued_at < filters.until)
    query = query.order_by(Delivery.queued_at.desc(), Delivery.id).limit(filters.limit).offset(filters.offset)
    return list(session.scalars(query))


def _like(text: str) -> str:
    """`text` as a LIKE pattern matching it anywhere, its wildcards taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def notification_log(
    session: Session,
    *,
    pemda_id: uuid.UUID | None,
    event_type: str | None = None,
    channel: Channel | None = None,
    status: DeliveryStatus | None = None,
    search: str | None = None,
    phone_digits: str | None = None,
    limit: int = 25,
    offset: int = 0,
) -> list[Notification]:
    """Notifications (with their deliveries), newest first; a channel or status keeps those with such a
    delivery; `search` matches the recipient's name or email, `phone_digits` their WhatsApp number."""
    query = select(Notification).join(Notification.recipient)
    if pemda_id is not None:
        query = query.where(Recipient.pemda_id == pemda_id)
    if event_type is not None:
        query = query.where(Notification.event_type == event_type)
    if channel is not None or status is not None:
        matching = select(Delivery.id).where(Delivery.notification_id == Notification.id)
        if channel is not None:
            matching = matching.where(Delivery.channel == channel)
        if status is not None:
            matching = matching.where(Delivery.status == status)
        query = query.where(exists(matching))
    if search:
        pattern = _like(search)
        found = [Recipient.name.ilike(pattern, escape="\\"), Recipient.email.ilike(pattern, escape="\\")]
        if phone_digits:
            found.append(Recipient.whatsapp.like(_like(phone_digits), escape="\\"))
        query = query.where(or_(*found))
    query = query.order_by(Notification.created_at.desc(), Notification.id).limit(limit).offset(offset)
    return list(session.scalars(query).unique())


def events_of(session: Session, delivery_ids: list[uuid.UUID]) -> list[DeliveryEvent]:
    if not delivery_ids:
        return []
    query = (
        select(DeliveryEvent).where(DeliveryEvent.delivery_id.in_(delivery_ids)).order_by(DeliveryEvent.at)
    )
    return list(session.scalars(query))


def dead_messages(session: Session, *, limit: int) -> list[DeadMessage]:
    query = (
        select(DeadMessage)
        .where(DeadMessage.replayed_at.is_(None))
        .order_by(DeadMessage.created_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def add_raw_outbox(session: Session, *, task_name: str, payload: dict[str, Any]) -> uuid.UUID:
    """A message put back on the bus as it was received (its own message id keeps it idempotent)."""
    row = OutboxMessage(
        id=uuid.uuid4(), task_name=task_name, payload=payload, created_at=utc_now(), attempts=0
    )
    session.add(row)
    return row.id


def recipients_with_pending_digest(session: Session) -> list[Recipient]:
    query = select(Recipient).where(
        Recipient.user_id.in_(select(Notification.recipient_id).where(Notification.digest_pending.is_(True)))
    )
    return list(session.scalars(query))


def pending_digest_items(session: Session, recipient_id: uuid.UUID) -> list[Notification]:
    query = (
        select(Notification)
        .where(Notification.recipient_id == recipient_id, Notification.digest_pending.is_(True))
        .order_by(Notification.created_at)
        .with_for_update(of=Notification, skip_locked=True)
    )
    return list(session.scalars(query))


def outcome_counts(session: Session) -> list[tuple[Channel, ProviderName | None, DeliveryStatus, int]]:
    """How many times deliveries reached each status, per channel and provider (append-only: counters)."""
    query = (
        select(Delivery.channel, Delivery.provider, DeliveryEvent.status, func.count())
        .join(DeliveryEvent, DeliveryEvent.delivery_id == Delivery.id)
        .group_by(Delivery.channel, Delivery.provider, DeliveryEvent.status)
    )
    return [(row[0], row[1], row[2], int(row[3])) for row in session.execute(query)]


def dead_letter_counts(session: Session) -> tuple[int, int]:
    """How many dead deliveries and how many dead messages not yet replayed wait for an admin."""
    deliveries = session.scalar(
        select(func.count()).select_from(Delivery).where(Delivery.status == DeliveryStatus.dead)
    )
    messages = session.scalar(
        select(func.count()).select_from(DeadMessage).where(DeadMessage.replayed_at.is_(None))
    )
    return int(deliveries or 0), int(messages or 0)


def active_admins(session: Session) -> list[Recipient]:
    query = select(Recipient).where(
        Recipient.role == "admin", Recipient.is_active.is_(True), Recipient.email.is_not(None)
    )
    return list(session.scalars(query))


def status_counts(session: Session, *, pemda_id: uuid.UUID, since: datetime) -> dict[DeliveryStatus, int]:
    """Deliveries of the pemda's people queued since `since`, per status (digests left out)."""
    query = (
        select(Delivery.status, func.count())
        .join(Delivery.notification)
        .join(Notification.recipient)
        .where(
            Recipient.pemda_id == pemda_id,
            Delivery.queued_at >= since,
            Notification.event_type != "digest.daily",
        )
        .group_by(Delivery.status)
    )
    return {row[0]: int(row[1]) for row in session.execute(query)}


def unreached(session: Session, *, pemda_id: uuid.UUID, since: datetime, limit: int) -> list[tuple[str, str]]:
    """(name, event type) of notifications since `since` that failed on every channel they tried."""
    reached = select(Delivery.notification_id).where(
        Delivery.status.in_(
            [
                DeliveryStatus.sent,
                DeliveryStatus.delivered,
                DeliveryStatus.read,
                DeliveryStatus.queued,
                DeliveryStatus.sending,
            ]
        )
    )
    failed = select(Delivery.notification_id).where(
        Delivery.status.in_([DeliveryStatus.failed, DeliveryStatus.dead])
    )
    query = (
        select(Recipient.name, Notification.event_type)
        .join(Notification.recipient)
        .where(
            Recipient.pemda_id == pemda_id,
            Notification.created_at >= since,
            Notification.id.in_(failed),
            Notification.id.not_in(reached),
        )
        .order_by(Notification.created_at)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in session.execute(query)]
