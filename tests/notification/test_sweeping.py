"""The delivery sweeper on the real bus: deliveries whose message the broker lost are queued again and
sent once; the resend API keeps its promise when the broker was down."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from services.notification import sweeping
from services.notification.deps import NotificationRuntime
from services.notification.models import Delivery, DeliveryStatus, OutboxMessage
from shared.config import CommonSettings
from shared.contracts.notification import DeliverNotification
from shared.db import utc_now
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from shared.devtools.testing import RedisServer
from shared.messaging.celery_app import celery_sender
from tests.notification.conftest import TokenFor
from tests.notification.helpers import deliveries, handle_notify, notify_message, person, wait_for_statuses

StartWorker = Callable[[NotificationRuntime], None]
QUICK = sweeping.Patience(
    grace=timedelta(seconds=1), retry_wait=timedelta(seconds=1), lease=timedelta(seconds=1)
)


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis of this test's own, so the test can take it away."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture
def notification_common(common_settings: CommonSettings, broker: RedisServer) -> CommonSettings:
    return common_settings.model_copy(update={"redis_url": broker.url, "broker_url": None})


def lose_published_messages(runtime: NotificationRuntime) -> None:
    """What a broker restart without persistence does: the messages were handed over, then gone."""
    with runtime.session_factory() as session, session.begin():
        session.execute(update(OutboxMessage).values(published_at=utc_now()))


def sweep(runtime: NotificationRuntime, patience: sweeping.Patience = QUICK) -> int:
    with runtime.db.unit_of_work() as uow:
        return sweeping.sweep(uow, patience=patience)


class TestLostEnqueue:
    def test_queued_deliveries_the_broker_lost_are_sent_once_after_the_grace(
        self,
        runtime: NotificationRuntime,
        start_worker_for: StartWorker,
        smtp_sink: SmtpSink,
        whatsapp: WhatsAppSandbox,
    ) -> None:
        handle_notify(runtime, notify_message(person()))
        lose_published_messages(runtime)
        start_worker_for(runtime)
        time.sleep(2)
        assert [d.status for d in deliveries(runtime)] == [DeliveryStatus.queued] * 2
        assert all(d.attempts == 0 for d in deliveries(runtime))

        assert sweep(runtime) == 2

        wait_for_statuses(runtime, "sent", "sent")
        time.sleep(QUICK.grace.total_seconds() + 0.5)
        assert sweep(runtime) == 0, "a sent delivery is never queued again"
        time.sleep(1)
        assert len(smtp_sink.messages) == 1
        assert len(whatsapp.delivered) == 1

    def test_young_and_held_deliveries_are_left_alone(self, runtime: NotificationRuntime) -> None:
        _email_id, wa_id = handle_notify(runtime, notify_message(person()))
        with runtime.session_factory() as session, session.begin():
            session.execute(
                update(Delivery)
                .where(Delivery.id == wa_id)
                .values(not_before=utc_now() + timedelta(hours=3), updated_at=utc_now() - timedelta(hours=1))
            )

        assert sweep(runtime, sweeping.Patience()) == 0, "the email is younger than the 2-minute grace"
        assert sweep(runtime, sweeping.Patience(grace=timedelta(0))) == 1, "only the email: the other is held"

    def test_a_delivery_waiting_for_its_retry_gets_the_longest_backoff_first(
        self, runtime: NotificationRuntime
    ) -> None:
        (email_id,) = handle_notify(runtime, notify_message(person(opt_in=False)))
        with runtime.session_factory() as session, session.begin():
            session.execute(
                update(Delivery)
                .where(Delivery.id == email_id)
                .values(
                    attempts=1, error_reason="SMTP timed out", updated_at=utc_now() - timedelta(minutes=4)
                )
            )
        patience = sweeping.Patience(grace=timedelta(minutes=2), retry_wait=timedelta(minutes=5))

        assert sweep(runtime, patience) == 0, "4 minutes: its retry may still come"
        assert sweeping.stuck_since(deliveries(runtime)[0], patience=patience) is None
        later = datetime.now(UTC) + timedelta(minutes=4)
        assert sweeping.stuck_since(deliveries(runtime)[0], patience=patience, now=later) is not None


class TestDeliveryTaskIsIdempotent:
    def test_the_same_delivery_queued_three_times_is_sent_once(
        self, runtime: NotificationRuntime, start_worker_for: StartWorker, smtp_sink: SmtpSink
    ) -> None:
        (email_id,) = handle_notify(runtime, notify_message(person(opt_in=False)))
        start_worker_for(runtime)
        send = celery_sender(runtime.celery)
        for _ in range(3):  # the sweeper and a late original may both put it on the bus
            message = DeliverNotification(delivery_id=email_id)
            send(message.task_name, message.to_payload(), message.message_id)

        wait_for_statuses(runtime, "sent")
        time.sleep(2)
        assert len(smtp_sink.messages) == 1
        assert deliveries(runtime)[0].attempts == 1


class TestResendWhileTheBrokerIsDown:
    def test_accepted_kept_and_sent_once_the_broker_is_back(
        self,
        runtime: NotificationRuntime,
        client: TestClient,
        auth: TokenFor,
        broker: RedisServer,
        start_worker_for: StartWorker,
        smtp_sink: SmtpSink,
    ) -> None:
        (email_id,) = handle_notify(runtime, notify_message(person(opt_in=False)))
        with runtime.session_factory() as session, session.begin():
            session.execute(
                update(Delivery).values(status=DeliveryStatus.dead, error_reason="retries ran out")
            )

        broker.stop()
        response = client.post(f"/api/v1/deliveries/{email_id}/resend", headers=auth())
        assert response.status_code == 202, response.text
        assert response.json()["status"] == "queued"
        broker.start()  # an empty Redis: whatever reached the old one is gone
        lose_published_messages(runtime)
        start_worker_for(runtime)
        time.sleep(QUICK.grace.total_seconds() + 0.5)

        assert sweep(runtime) == 1
        wait_for_statuses(runtime, "sent")
        assert len(smtp_sink.messages) == 1
