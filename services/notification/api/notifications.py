"""Notifications: one event told to one person, with a delivery per channel."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from services.notification import service
from services.notification.deps import CurrentUser, UnitOfWorkDep
from services.notification.schemas import NotificationRead

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("/{notification_id}", response_model=NotificationRead)
def read_notification(
    notification_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser
) -> NotificationRead:
    """One notification and how each of its deliveries went (admins of the recipient's pemda)."""
    notification = service.get_notification(uow.session, principal=principal, notification_id=notification_id)
    return NotificationRead.of(notification)
