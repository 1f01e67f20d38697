"""The delivery log: what was sent to whom, on which channel, and how it went."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.notification import service
from services.notification.deps import CurrentUser, UnitOfWorkDep
from services.notification.models import Channel, DeliveryStatus
from services.notification.schemas import DeliveryRead

router = APIRouter(prefix="/deliveries", tags=["deliveries"])


@router.get("", response_model=list[DeliveryRead])
def list_deliveries(
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    recipient_id: uuid.UUID | None = None,
    channel: Channel | None = None,
    status: DeliveryStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[DeliveryRead]:
    """Deliveries to people of your pemda, newest first (admins; a superadmin sees every pemda)."""
    deliveries = service.list_deliveries(
        uow.session,
        principal=principal,
        recipient_id=recipient_id,
        channel=channel,
        status=status,
        limit=limit,
        offset=offset,
    )
    return [DeliveryRead.of(delivery) for delivery in deliveries]
