"""The delivery log: what was sent to whom, on which channel, and how it went."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.notification import dead_letters, delivery_log
from services.notification.deps import CurrentUser, UnitOfWorkDep
from services.notification.repository import DeliveryFilters
from services.notification.schemas import DeadLettersRead, DeliveryRead
from shared.messaging.dead_letters import DeadMessageRead

router = APIRouter(tags=["deliveries"])


@router.get("/deliveries", response_model=list[DeliveryRead])
def list_deliveries(
    uow: UnitOfWorkDep, principal: CurrentUser, filters: Annotated[DeliveryFilters, Query()]
) -> list[DeliveryRead]:
    """Deliveries to people of your pemda, newest first (admins; a superadmin sees every pemda)."""
    deliveries = delivery_log.list_deliveries(uow.session, principal=principal, filters=filters)
    return [DeliveryRead.of(delivery) for delivery in deliveries]


@router.post("/deliveries/{delivery_id}/resend", response_model=DeliveryRead, status_code=202)
def resend_delivery(delivery_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> DeliveryRead:
    """Send a finished delivery again (also how a dead letter is replayed)."""
    return DeliveryRead.of(delivery_log.resend(uow, principal=principal, delivery_id=delivery_id))


@router.get("/dead-letters", response_model=DeadLettersRead)
def list_dead_letters(
    uow: UnitOfWorkDep, principal: CurrentUser, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> DeadLettersRead:
    """Deliveries whose retries ran out (your pemda) and unreadable messages (superadmin)."""
    deliveries, messages = dead_letters.dead_letters(uow.session, principal=principal, limit=limit)
    return DeadLettersRead(
        deliveries=[DeliveryRead.of(d) for d in deliveries],
        messages=[DeadMessageRead.model_validate(m) for m in messages],
    )


@router.post("/dead-letters/messages/{dead_id}/replay", response_model=DeadMessageRead, status_code=202)
def replay_dead_message(dead_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> DeadMessageRead:
    """Put an unprocessable message back on the bus (after the fix it waited for is deployed)."""
    return DeadMessageRead.model_validate(
        dead_letters.replay_message(uow, principal=principal, dead_id=dead_id)
    )
