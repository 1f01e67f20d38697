"""Provider status webhooks: the Cloud API's (verified, signed) and the gateway's, moving the ledger."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from services.notification import delivery_status, notifying, sending
from services.notification.deps import NotificationRuntime
from services.notification.models import Category, Channel, Delivery, DeliveryMode, DeliveryStatus, Recipient
from services.notification.repository import save_preference, upsert_recipient
from shared.contracts.notification import ApplyProviderStatus
from shared.db import utc_now
from shared.devtools.netutil import wait_until
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from tests.notification.conftest import RuntimeFactory
from tests.notification.helpers import deliveries, notify_message, person, whatsapp_settings_for

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"


@pytest.fixture
def runtime(make_runtime: RuntimeFactory, whatsapp: WhatsAppSandbox) -> NotificationRuntime:
    return make_runtime(
        whatsapp_settings=whatsapp_settings_for(
            whatsapp, app_secret=SecretStr(APP_SECRET), verify_token=SecretStr(VERIFY_TOKEN)
        )
    )


def signed(body: bytes, secret: str = APP_SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"}


def statuses(*items: dict[str, Any], messages: list[dict[str, Any]] | None = None) -> bytes:
    value: dict[str, Any] = {"messaging_product": "whatsapp", "statuses": list(items)}
    if messages:
        value["messages"] = messages
    return json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
        }
    ).encode()


def sent_whatsapp(runtime: NotificationRuntime, **person_fields: Any) -> Delivery:
    """Notify Rina and send her WhatsApp delivery through the fake; returns the sent delivery."""
    with runtime.db.unit_of_work() as uow:
        made = notifying.handle_notify(uow, message=notify_message(person(**person_fields)))
    wa = next(d for d in made if d.channel is Channel.whatsapp)
    sending.send_delivery(
        runtime.db, runtime.providers, delivery_id=wa.id, final_attempt=False, lease_seconds=60
    )
    return next(d for d in deliveries(runtime) if d.id == wa.id)


def whatsapp_delivery(runtime: NotificationRuntime) -> Delivery:
    return next(d for d in deliveries(runtime) if d.channel is Channel.whatsapp)


class TestVerificationChallenge:
    def test_answers_the_challenge_with_the_right_token(self, client: TestClient) -> None:
        params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}

        response = client.get("/webhooks/whatsapp", params=params)

        assert response.status_code == 200
        assert response.text == "1158201444"

    def test_refuses_a_wrong_token(self, client: TestClient) -> None:
        params = {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"}

        response = client.get("/webhooks/whatsapp", params=params)

        assert response.status_code == 403
        assert "1158201444" not in response.text


class TestSignedStatuses:
    def test_delivered_then_read_with_their_times(
        self, runtime: NotificationRuntime, client: TestClient, whatsapp: WhatsAppSandbox
    ) -> None:
        wa = sent_whatsapp(runtime)
        assert wa.provider_message_id is not None
        ts = int(utc_now().timestamp())

        for status in ("delivered", "read"):
            body = statuses({"id": wa.provider_message_id, "status": status, "timestamp": str(ts)})
            assert client.post("/webhooks/whatsapp", content=body, headers=signed(body)).status_code == 200

        done = whatsapp_delivery(runtime)
        assert done.status is DeliveryStatus.read
        assert done.delivered_at is not None
        assert done.read_at is not None
        assert int(done.read_at.timestamp()) == ts

    def test_a_late_delivered_does_not_undo_read(
        self, runtime: NotificationRuntime, client: TestClient
    ) -> None:
        wa = sent_whatsapp(runtime)
        for status in ("read", "delivered"):
            body = statuses({"id": wa.provider_message_id, "status": status, "timestamp": "1764400000"})
            client.post("/webhooks/whatsapp", content=body, headers=signed(body))

        assert whatsapp_delivery(runtime).status is DeliveryStatus.read

    def test_an_invalid_signature_is_refused_and_changes_nothing(
        self, runtime: NotificationRuntime, client: TestClient
    ) -> None:
        wa = sent_whatsapp(runtime)
        body = statuses({"id": wa.provider_message_id, "status": "read", "timestamp": "1764400000"})

        forged = client.post(
            "/webhooks/whatsapp", content=body, headers=signed(body, secret="not-the-secret")
        )
        unsigned = client.post(
            "/webhooks/whatsapp", content=body, headers={"Content-Type": "application/json"}
        )

        assert forged.status_code == 403
        assert forged.json()["error"]["code"] == "webhook.invalid_signature"
        assert unsigned.status_code == 403
        assert whatsapp_delivery(runtime).status is DeliveryStatus.sent

    def test_an_unknown_message_id_is_answered_200_and_ignored(
        self,
        runtime: NotificationRuntime,
        client: TestClient,
        caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # A Celery worker started by an earlier test may have disabled existing loggers.
        monkeypatch.setattr(logging.getLogger(delivery_status.__name__), "disabled", False)
        caplog.set_level(logging.WARNING, logger=delivery_status.__name__)
        wa = sent_whatsapp(runtime)
        body = statuses({"id": "wamid.not-ours", "status": "read", "timestamp": "1764400000"})

        response = client.post("/webhooks/whatsapp", content=body, headers=signed(body))

        assert response.status_code == 200
        assert response.json()["unknown"] == 1
        assert whatsapp_delivery(runtime).status is DeliveryStatus.sent
        assert wa.status is DeliveryStatus.sent
        assert any(r.getMessage() == "notification.webhook.unknown_message" for r in caplog.records)


class TestFailedStatusFallsBackToEmail:
    def test_undeliverable_whatsapp_is_emailed_and_recorded_as_a_fallback(
        self, runtime: NotificationRuntime, client: TestClient, smtp_sink: SmtpSink
    ) -> None:
        rina = person()
        # Rina wants decisions on WhatsApp only: an email exists only if WhatsApp fails.
        with runtime.db.unit_of_work() as uow:
            upsert_recipient(
                uow.session, {"user_id": rina.user_id, "pemda_id": rina.pemda_id, "name": "Rina"}
            )
            save_preference(
                uow.session,
                recipient_id=rina.user_id,
                category=Category.decisions,
                email=False,
                whatsapp=True,
                mode=DeliveryMode.immediate,
            )
        wa = sent_whatsapp(runtime, user_id=rina.user_id)
        assert [d.channel for d in deliveries(runtime)] == [Channel.whatsapp]
        body = statuses(
            {
                "id": wa.provider_message_id,
                "status": "failed",
                "timestamp": "1764400000",
                "errors": [{"code": 131026, "title": "Message undeliverable"}],
            }
        )

        assert client.post("/webhooks/whatsapp", content=body, headers=signed(body)).status_code == 200

        failed = whatsapp_delivery(runtime)
        (email,) = [d for d in deliveries(runtime) if d.channel is Channel.email]
        assert (failed.status, failed.error_code) == (DeliveryStatus.failed, "whatsapp.131026")
        assert email.fallback_from_id == failed.id
        assert email.fallback_reason == "WhatsApp failed: whatsapp.131026"
        assert email.status is DeliveryStatus.queued


class TestInboundMessageOpensTheWindow:
    def test_after_the_person_writes_free_text_is_sent(
        self, runtime: NotificationRuntime, client: TestClient, whatsapp: WhatsAppSandbox
    ) -> None:
        rina = person()
        body = statuses(
            messages=[
                {
                    "from": "6281234500001",
                    "id": "wamid.in",
                    "timestamp": str(int(utc_now().timestamp())),
                    "type": "text",
                }
            ]
        )
        with runtime.db.unit_of_work() as uow:
            notifying.handle_notify(uow, message=notify_message(rina, event_type="innovation.submitted"))

        assert client.post("/webhooks/whatsapp", content=body, headers=signed(body)).json()["inbound"] == 1
        wa = sent_whatsapp(runtime, user_id=rina.user_id)

        with runtime.session_factory() as session:
            stored = session.get(Recipient, rina.user_id)
            assert stored is not None
            assert stored.last_inbound_at is not None
        last = whatsapp.delivered[-1].body
        assert last["type"] == "text"
        assert "Selamat, Rina Operator!" in last["text"]["body"]
        assert wa.whatsapp_mode == "text"


class TestGatewayWebhook:
    def test_status_with_the_token_updates_the_delivery(
        self, runtime: NotificationRuntime, client: TestClient
    ) -> None:
        wa = sent_whatsapp(runtime)

        refused = client.post(
            "/webhooks/gateway?token=wrong", json={"id": wa.provider_message_id, "status": "read"}
        )
        accepted = client.post(
            f"/webhooks/gateway?token={VERIFY_TOKEN}",
            data={"id": wa.provider_message_id, "status": "delivered"},
        )
        unknown = client.post(
            f"/webhooks/gateway?token={VERIFY_TOKEN}", json={"id": str(uuid.uuid4()), "status": "read"}
        )

        assert refused.status_code == 403
        assert accepted.status_code == 200
        assert unknown.status_code == 200
        assert unknown.json()["known"] is False
        assert whatsapp_delivery(runtime).status is DeliveryStatus.delivered


class TestStatusOvertakingTheWorker:
    def test_a_status_for_an_id_recorded_moments_later_is_applied(
        self,
        runtime: NotificationRuntime,
        client: TestClient,
        start_worker_for: Callable[[NotificationRuntime], None],
    ) -> None:
        with runtime.db.unit_of_work() as uow:
            made = notifying.handle_notify(uow, message=notify_message(person()))
        wa = next(d for d in made if d.channel is Channel.whatsapp)
        start_worker_for(runtime)
        body = statuses({"id": "wamid.early", "status": "delivered", "timestamp": "1764400000"})

        response = client.post("/webhooks/whatsapp", content=body, headers=signed(body))
        # The worker that sent it records the provider's id only now.
        with runtime.db.unit_of_work() as uow:
            sending.record_sent(uow, delivery_id=wa.id, provider_message_id="wamid.early")

        assert response.json()["unknown"] == 1
        wait_until(
            lambda: whatsapp_delivery(runtime).status is DeliveryStatus.delivered,
            timeout=20,
            what="the deferred status",
        )


def test_a_deferred_status_carries_the_whole_update_back() -> None:
    update = delivery_status.StatusUpdate(
        provider_message_id="wamid.1",
        status="failed",
        at=datetime(2026, 11, 29, 2, 24, tzinfo=UTC),
        error_code="131026",
        error_reason="undeliverable",
    )

    assert delivery_status.StatusUpdate.of(ApplyProviderStatus(**asdict(update))) == update
