"""Notifications: one event told to one person, with a delivery per channel."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from services.notification import delivery_log
from services.notification.deps import CurrentUser, UnitOfWorkDep
from services.notification.schemas import NotificationRead, TimelineEntry, TimelineRead

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("/{notification_id}", response_model=NotificationRead)
def read_notification(
    notification_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser
) -> NotificationRead:
    """One notification and how each of its deliveries went (admins of the recipient's pemda)."""
    notification = delivery_log.get_notification(
        uow.session, principal=principal, notification_id=notification_id
    )
    return NotificationRead.of(notification)


@router.get("/{notification_id}/timeline", response_model=TimelineRead)
def read_timeline(notification_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> TimelineRead:
    """Every step of every delivery of one notification, oldest first."""
    notification = delivery_log.get_notification(
        uow.session, principal=principal, notification_id=notification_id
    )
    steps = delivery_log.timeline(uow.session, notification=notification)
    return TimelineRead(
        notification=NotificationRead.of(notification),
        timeline=[TimelineEntry.of(event, delivery) for event, delivery in steps],
    )
