"""Notification pages in a test browser: a session cookie per role, and notifications to show."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notification import notifying
from services.notification.deps import NotificationRuntime
from services.notification.models import Delivery, DeliveryStatus, Notification
from shared.auth import Principal, Role
from shared.contracts.notification import Recipient
from tests.notification.helpers import PEMDA_ID, notify_message
from tests.pages import login_browser
from tests.tokens import issuer_for

LoginAs = Callable[..., Principal]
Notify = Callable[..., list[Delivery]]


@pytest.fixture
def login_as(runtime: NotificationRuntime, client: TestClient) -> LoginAs:
    """Log `client` in as a person of a role (the pemda's zone is WITA, as in Kutai Kartanegara)."""
    common = runtime.settings.common
    issuer = issuer_for(common)

    def login(
        role: Role = Role.admin,
        *,
        pemda_id: uuid.UUID | None = PEMDA_ID,
        user_id: uuid.UUID | None = None,
        name: str = "Admin BRIDA",
    ) -> Principal:
        principal = Principal(
            user_id=user_id or uuid.uuid4(),
            pemda_id=pemda_id,
            opd_id=None,
            role=role,
            name=name,
            timezone="Asia/Makassar",
        )
        login_browser(client, issuer.issue(principal))
        return principal

    return login


@pytest.fixture
def notify(runtime: NotificationRuntime) -> Notify:
    """Tell people about an event the way a Notify message does; returns the deliveries queued."""

    def send(*people: Recipient, event_type: str = "innovation.accepted", **data: Any) -> list[Delivery]:
        with runtime.db.unit_of_work() as uow:
            return notifying.handle_notify(
                uow, message=notify_message(*people, event_type=event_type, **data)
            )

    return send


def set_status(
    runtime: NotificationRuntime, delivery_id: uuid.UUID, status: DeliveryStatus, **values: Any
) -> None:
    """Put a delivery where a provider left it (sent, failed, dead…)."""
    with runtime.session_factory() as session, session.begin():
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None
        delivery.status = status
        for name, value in values.items():
            setattr(delivery, name, value)


def delivery(runtime: NotificationRuntime, delivery_id: uuid.UUID) -> Delivery:
    with runtime.session_factory() as session:
        found = session.get(Delivery, delivery_id)
        assert found is not None
        return found


def notification_ids(runtime: NotificationRuntime) -> list[uuid.UUID]:
    with runtime.session_factory() as session:
        return list(session.scalars(select(Notification.id)))
