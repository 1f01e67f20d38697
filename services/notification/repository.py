"""Every query of the notification service."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.notification.models import Channel, Delivery, DeliveryStatus, Notification, Recipient
from shared.db import utc_now


def upsert_recipient(session: Session, values: dict[str, object]) -> Recipient:
    """Insert the recipient or overwrite what we knew (two workers may see a new person at once)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    row = {**values, "updated_at": utc_now()}
    statement = insert(Recipient).values(row)
    statement = statement.on_conflict_do_update(
        index_elements=["user_id"], set_={k: statement.excluded[k] for k in row if k != "user_id"}
    )
    session.execute(statement)
    recipient = session.get(Recipient, values["user_id"], populate_existing=True)
    assert recipient is not None
    return recipient


def get_notification(session: Session, notification_id: uuid.UUID) -> Notification | None:
    return session.get(Notification, notification_id)


def get_delivery(session: Session, delivery_id: uuid.UUID, *, for_update: bool = False) -> Delivery | None:
    query = select(Delivery).where(Delivery.id == delivery_id)
    if for_update:
        query = query.with_for_update(of=Delivery)
    return session.scalar(query)


def list_deliveries(
    session: Session,
    *,
    pemda_id: uuid.UUID | None,
    recipient_id: uuid.UUID | None = None,
    channel: Channel | None = None,
    status: DeliveryStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Delivery]:
    """Deliveries, newest first; `pemda_id` None means every pemda."""
    query = select(Delivery).join(Delivery.notification).join(Notification.recipient)
    if pemda_id is not None:
        query = query.where(Recipient.pemda_id == pemda_id)
    if recipient_id is not None:
        query = query.where(Notification.recipient_id == recipient_id)
    if channel is not None:
        query = query.where(Delivery.channel == channel)
    if status is not None:
        query = query.where(Delivery.status == status)
    query = query.order_by(Delivery.queued_at.desc(), Delivery.id).limit(limit).offset(offset)
    return list(session.scalars(query))
