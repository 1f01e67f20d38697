"""Dead letters: deliveries whose retries ran out and dead messages, listed and replayed."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notification import dead_letters, sending
from services.notification.deps import NotificationRuntime
from services.notification.models import DeadMessage, DeliveryStatus, OutboxMessage
from shared.auth import Role
from tests.notification.conftest import TokenFor
from tests.notification.helpers import handle_notify, notify_message, person


class TestDeadLetters:
    def test_exhausted_retries_are_listed_and_can_be_replayed(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        (email_id,) = handle_notify(runtime, notify_message(person(opt_in=False)))
        with runtime.db.unit_of_work() as uow:
            sending.record_failure(
                uow, delivery_id=email_id, status=DeliveryStatus.dead, code="smtp.connection", reason="down"
            )

        listed = client.get("/api/v1/dead-letters", headers=auth()).json()
        replay = client.post(f"/api/v1/deliveries/{email_id}/resend", headers=auth())
        after = client.get("/api/v1/dead-letters", headers=auth()).json()

        assert [(d["id"], d["error_code"]) for d in listed["deliveries"]] == [
            (str(email_id), "smtp.connection")
        ]
        assert listed["messages"] == []  # unreadable messages are for a superadmin
        assert replay.status_code == 202
        assert after["deliveries"] == []

    def test_a_dead_message_is_replayed_once_by_a_superadmin(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        payload = {"task_name": "notification.notify", "message_id": str(uuid.uuid4()), "event_type": "x.y"}
        with runtime.db.unit_of_work() as uow:
            dead = dead_letters.dead_letter_message(
                uow, task_name="notification.notify", payload=payload, reason="r"
            )
        superadmin = auth(Role.superadmin, pemda_id=None)

        listed = client.get("/api/v1/dead-letters", headers=superadmin).json()
        refused = client.post(f"/api/v1/dead-letters/messages/{dead.id}/replay", headers=auth())
        first = client.post(f"/api/v1/dead-letters/messages/{dead.id}/replay", headers=superadmin)
        second = client.post(f"/api/v1/dead-letters/messages/{dead.id}/replay", headers=superadmin)

        assert [m["id"] for m in listed["messages"]] == [str(dead.id)]
        assert refused.status_code == 403
        assert first.status_code == 202
        assert second.status_code == 409
        with runtime.session_factory() as session:
            rows = session.scalars(select(OutboxMessage)).all()
            assert [(r.task_name, r.payload) for r in rows] == [("notification.notify", payload)]
            assert session.scalars(select(DeadMessage)).one().replayed_at is not None
