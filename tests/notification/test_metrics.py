"""Prometheus counters per channel, provider and outcome."""

from __future__ import annotations

import contextlib
import uuid

from fastapi.testclient import TestClient

from services.notification import sending
from services.notification.deps import NotificationRuntime
from shared.devtools.sandbox import SmtpSink
from shared.errors import TransientError
from tests.notification.helpers import handle_notify, notify_message, person


def send(runtime: NotificationRuntime, delivery_id: uuid.UUID, *, final: bool = False) -> None:
    with contextlib.suppress(TransientError):
        sending.send_delivery(
            runtime.db,
            runtime.providers,
            delivery_id=delivery_id,
            final_attempt=final,
            lease_seconds=runtime.settings.sending_lease_seconds,
        )


class TestMetrics:
    def test_counters_per_channel_provider_and_outcome(
        self, runtime: NotificationRuntime, client: TestClient, smtp_sink: SmtpSink
    ) -> None:
        email_id, wa_id = handle_notify(runtime, notify_message(person()))
        send(runtime, email_id)

        text = client.get("/metrics").text

        assert (
            'notification_delivery_outcomes_total{channel="email",outcome="sent",provider="smtp"} 1.0' in text
        )
        assert (
            'notification_delivery_outcomes_total{channel="whatsapp",outcome="queued",provider="none"} 1.0'
            in text
        )
        assert 'notification_dead_letters{kind="delivery"} 0.0' in text
        assert wa_id is not None
