"""Messages that could not be processed at all and deliveries whose retries ran out: kept for admins,
who can replay a message."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from services.notification import repository
from services.notification.core import admin_scope
from services.notification.models import DeadMessage, Delivery, DeliveryStatus
from shared.auth import Principal
from shared.db import utc_now
from shared.errors import Conflict, Forbidden, NotFound
from shared.messaging.dead_letters import bury
from shared.messaging.outbox import UnitOfWork


class AlreadyReplayed(Conflict, code="notification.already_replayed"): ...


def dead_letter_message(uow: UnitOfWork, *, task_name: str, payload: Any, reason: str) -> DeadMessage:
    """Keep a message that cannot be processed where admins see it and can replay it (once per message);
    its sender need not send it again."""
    if isinstance(payload, dict):
        uow.confirm(payload)
    return bury(uow.session, DeadMessage, task_name=task_name, payload=payload, reason=reason)


def dead_letters(
    session: Session, *, principal: Principal, limit: int = 100
) -> tuple[list[Delivery], list[DeadMessage]]:
    """Deliveries whose retries ran out, and messages that could not be processed at all."""
    pemda_id = admin_scope(principal)
    # Built, not validated: the dead-letter page may list more than the log's 200 at a time.
    dead = repository.DeliveryFilters.model_construct(status=DeliveryStatus.dead, limit=limit)
    deliveries = repository.list_deliveries(session, pemda_id=pemda_id, filters=dead)
    # Dead messages carry no trustworthy pemda: only a superadmin sees them.
    messages = repository.dead_messages(session, limit=limit) if pemda_id is None else []
    return deliveries, messages


def replay_message(uow: UnitOfWork, *, principal: Principal, dead_id: uuid.UUID) -> DeadMessage:
    """Put a dead message back on the bus (after the fix it was waiting for is deployed)."""
    if admin_scope(principal) is not None:
        raise Forbidden()
    dead = uow.session.get(DeadMessage, dead_id, with_for_update=True)
    if dead is None:
        raise NotFound()
    if dead.replayed_at is not None:
        raise AlreadyReplayed()
    dead.replayed_at = utc_now()
    repository.add_raw_outbox(uow.session, task_name=dead.task_name, payload=dead.payload)
    uow.session.flush()
    return dead
