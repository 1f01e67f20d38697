"""Building blocks of the notification tests: people, Notify messages, the bus, and what the database says."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import func, select

from services.notification import notifying
from services.notification.config import WhatsAppSettings
from services.notification.deps import NotificationRuntime
from services.notification.models import Delivery, Notification
from shared.auth import Role
from shared.contracts.notification import Notify, Recipient
from shared.devtools.netutil import wait_until
from shared.devtools.sandbox import WhatsAppSandbox
from shared.messaging.celery_app import celery_sender

WA_TOKEN = "test-wa-token"
PEMDA_ID = uuid.UUID("00000000-0000-4000-8000-00000000a001")
OTHER_PEMDA_ID = uuid.UUID("00000000-0000-4000-8000-00000000b002")
NAMA = "Aplikasi Sehat Desa"


def whatsapp_settings_for(fake: WhatsAppSandbox, **overrides: Any) -> WhatsAppSettings:
    values: dict[str, Any] = {
        "base_url": fake.base_url,
        "token": SecretStr(WA_TOKEN),
        "phone_number_id": "1234567890",
        "timeout_seconds": 5,
    }
    return WhatsAppSettings(**{**values, **overrides})


def purge_queues(runtime: NotificationRuntime) -> None:
    """Drop whatever earlier tests left on the bus (the tests' own Redis: nobody else's messages)."""
    runtime.celery.control.purge()


def person(
    *,
    name: str = "Rina Operator",
    email: str | None = "rina@dinkes.kukar.demo",
    whatsapp: str | None = "081234500001",
    opt_in: bool = True,
    language: str = "id",
    pemda_id: uuid.UUID = PEMDA_ID,
    user_id: uuid.UUID | None = None,
) -> Recipient:
    return Recipient.model_validate(
        {
            "user_id": user_id or uuid.uuid4(),
            "pemda_id": pemda_id,
            "name": name,
            "email": email,
            "whatsapp": whatsapp,
            "whatsapp_opt_in": opt_in,
            "language": language,
            "timezone": "Asia/Makassar",
        }
    )


def notify_message(*recipients: Recipient, event_type: str = "innovation.accepted", **data: Any) -> Notify:
    return Notify.model_validate(
        {
            "event_type": event_type,
            "recipients": [r.model_dump() for r in recipients],
            "data": {
                "innovation_id": str(uuid.uuid4()),
                "nama": NAMA,
                "version": 1,
                "pemda": "Kabupaten Kutai Kartanegara",
                "note": "",
                **data,
            },
        }
    )


def send_on_bus(runtime: NotificationRuntime, message: Notify) -> None:
    """Publish the message by name, the way another service's outbox does."""
    celery_sender(runtime.celery)(message.task_name, message.to_payload(), message.message_id)


def deliveries(runtime: NotificationRuntime) -> list[Delivery]:
    with runtime.session_factory() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.channel)))


def count_notifications(runtime: NotificationRuntime) -> int:
    with runtime.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(Notification)) or 0)


def wait_for_statuses(runtime: NotificationRuntime, *expected: str, timeout: float = 30) -> list[Delivery]:
    """Wait until the deliveries (ordered email, whatsapp) have these statuses; return them."""

    def reached() -> bool:
        return [d.status.value for d in deliveries(runtime)] == list(expected)

    wait_until(reached, timeout=timeout, what=f"deliveries {expected}")
    return deliveries(runtime)


def handle_notify(runtime: NotificationRuntime, message: Notify) -> list[uuid.UUID]:
    """Record the event as the worker would, in one unit of work; the ids of the deliveries planned."""
    with runtime.db.unit_of_work() as uow:
        return [d.id for d in notifying.handle_notify(uow, message=message)]


def choose_preferences(
    client: TestClient, auth: Callable[..., dict[str, str]], body: dict[str, object]
) -> uuid.UUID:
    """A new person who saved these preferences through the API; their user id."""
    me = uuid.uuid4()
    response = client.put("/api/v1/preferences/me", headers=auth(Role.opd_operator, user_id=me), json=body)
    assert response.status_code == 200
    return me
