"""Sending a delivery: attempts, retries, the lease, the fallback to email, the 24-hour window."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from services.notification import sending
from services.notification.deps import NotificationRuntime
from services.notification.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    OutboxMessage,
    Recipient,
)
from services.notification.providers import ProviderUnavailable
from shared.db import utc_now
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from tests.notification.helpers import (
    PEMDA_ID,
    deliveries,
    handle_notify,
    notify_message,
    person,
)


def outbox(runtime: NotificationRuntime) -> list[OutboxMessage]:
    with runtime.session_factory() as session:
        return list(session.scalars(select(OutboxMessage)))


def send(
    runtime: NotificationRuntime, delivery_id: uuid.UUID, *, final: bool = False
) -> DeliveryStatus | None:
    return sending.send_delivery(
        runtime.db,
        runtime.providers,
        delivery_id=delivery_id,
        final_attempt=final,
        lease_seconds=runtime.settings.sending_lease_seconds,
    )


def delivery(runtime: NotificationRuntime, channel: Channel) -> Delivery:
    (found,) = [d for d in deliveries(runtime) if d.channel is channel]
    return found


def prefer_whatsapp_only(runtime: NotificationRuntime, user_id: uuid.UUID) -> None:
    from services.notification.models import Category, DeliveryMode
    from services.notification.repository import save_preference, upsert_recipient

    with runtime.db.unit_of_work() as uow:
        upsert_recipient(uow.session, {"user_id": user_id, "pemda_id": PEMDA_ID, "name": "Rina"})
        save_preference(
            uow.session,
            recipient_id=user_id,
            category=Category.decisions,
            email=False,
            whatsapp=True,
            mode=DeliveryMode.immediate,
        )


class TestSendDelivery:
    def test_sent_once_however_often_asked(
        self, runtime: NotificationRuntime, smtp_sink: SmtpSink, whatsapp: WhatsAppSandbox
    ) -> None:
        email_id, wa_id = handle_notify(runtime, notify_message(person()))

        assert send(runtime, email_id) is DeliveryStatus.sent
        assert send(runtime, wa_id) is DeliveryStatus.sent
        assert send(runtime, email_id) is None
        assert send(runtime, wa_id) is None

        assert len(smtp_sink.messages) == 1
        assert len(whatsapp.requests) == 1
        sent = delivery(runtime, Channel.email)
        assert sent.status is DeliveryStatus.sent
        assert sent.attempts == 1

    def test_permanent_error_fails_without_raising(
        self, runtime: NotificationRuntime, whatsapp: WhatsAppSandbox
    ) -> None:
        whatsapp.fail_numbers = {"6281234500001": (400, 131047)}
        _, wa_id = handle_notify(runtime, notify_message(person()))

        assert send(runtime, wa_id) is DeliveryStatus.failed

        failed = delivery(runtime, Channel.whatsapp)
        assert (failed.status, failed.error_code, failed.attempts) == (
            DeliveryStatus.failed,
            "whatsapp.131047",
            1,
        )
        assert send(runtime, wa_id) is None  # never tried again
        assert len(whatsapp.requests) == 1

    def test_transient_error_requeues_and_raises(
        self, runtime: NotificationRuntime, whatsapp: WhatsAppSandbox
    ) -> None:
        whatsapp.fail_next = [(503, 2)]
        _, wa_id = handle_notify(runtime, notify_message(person()))

        with pytest.raises(ProviderUnavailable):
            send(runtime, wa_id)

        queued = delivery(runtime, Channel.whatsapp)
        assert (queued.status, queued.attempts, queued.error_code) == (DeliveryStatus.queued, 1, "whatsapp.2")
        assert send(runtime, wa_id) is DeliveryStatus.sent

    def test_transient_error_on_the_last_attempt_is_dead(
        self, runtime: NotificationRuntime, whatsapp: WhatsAppSandbox
    ) -> None:
        whatsapp.fail_next = [(429, 130429)]
        _, wa_id = handle_notify(runtime, notify_message(person()))

        assert send(runtime, wa_id, final=True) is DeliveryStatus.dead

        dead = delivery(runtime, Channel.whatsapp)
        assert (dead.status, dead.error_code) == (DeliveryStatus.dead, "whatsapp.130429")
        assert dead.failed_at is not None

    def test_a_delivery_being_sent_elsewhere_is_left_alone(
        self, runtime: NotificationRuntime, smtp_sink: SmtpSink
    ) -> None:
        email_id, _ = handle_notify(runtime, notify_message(person()))
        with runtime.db.unit_of_work() as uow:
            sending.begin_delivery(
                uow, delivery_id=email_id, providers=runtime.providers, lease_seconds=60
            )  # another worker, now talking to the provider

        with pytest.raises(sending.DeliveryInProgress) as raised:
            send(runtime, email_id)

        assert 0 < raised.value.retry_after <= runtime.settings.sending_lease_seconds
        assert smtp_sink.messages == []

    def test_a_delivery_left_sending_past_its_lease_is_sent_again(
        self, runtime: NotificationRuntime, smtp_sink: SmtpSink
    ) -> None:
        email_id, _ = handle_notify(runtime, notify_message(person()))
        with runtime.db.unit_of_work() as uow:
            sending.begin_delivery(uow, delivery_id=email_id, providers=runtime.providers, lease_seconds=60)
            stuck = uow.session.get(Delivery, email_id)
            assert stuck is not None
            stuck.updated_at = utc_now() - timedelta(seconds=runtime.settings.sending_lease_seconds + 1)

        assert send(runtime, email_id) is DeliveryStatus.sent
        assert len(smtp_sink.messages) == 1
        assert delivery(runtime, Channel.email).attempts == 2

    def test_withdrawn_consent_fails_the_whatsapp_delivery(
        self, runtime: NotificationRuntime, whatsapp: WhatsAppSandbox
    ) -> None:
        rina = person()
        _, wa_id = handle_notify(runtime, notify_message(rina))
        handle_notify(runtime, notify_message(person(user_id=rina.user_id, opt_in=False)))

        assert send(runtime, wa_id) is None

        withdrawn = delivery(runtime, Channel.whatsapp)
        assert (withdrawn.status, withdrawn.error_code) == (DeliveryStatus.failed, "recipient.no_address")
        assert whatsapp.requests == []


class TestFallbackToEmail:
    def test_whatsapp_refused_for_good_is_emailed_instead(
        self, runtime: NotificationRuntime, smtp_sink: SmtpSink, whatsapp: WhatsAppSandbox
    ) -> None:
        rina = person()
        prefer_whatsapp_only(runtime, rina.user_id)
        whatsapp.fail_numbers = {"6281234500001": (400, 131026)}
        (wa_id,) = handle_notify(runtime, notify_message(rina))

        assert send(runtime, wa_id) is DeliveryStatus.failed
        fallback = delivery(runtime, Channel.email)
        assert fallback.fallback_from_id == wa_id
        assert fallback.fallback_reason == "WhatsApp failed: whatsapp.131026"
        assert {str(fallback.id)} <= {row.payload["delivery_id"] for row in outbox(runtime)}
        assert send(runtime, fallback.id) is DeliveryStatus.sent
        assert smtp_sink.messages[0].rcpt_tos == ("rina@dinkes.kukar.demo",)


class TestOutsideTheWindowAfterAll:
    def test_free_text_refused_with_131047_goes_as_the_template(
        self, runtime: NotificationRuntime, whatsapp: WhatsAppSandbox
    ) -> None:
        rina = person()
        _, wa_id = handle_notify(runtime, notify_message(rina))
        with runtime.db.unit_of_work() as uow:
            stored = uow.session.get(Recipient, rina.user_id)
            assert stored is not None
            stored.last_inbound_at = utc_now() - timedelta(hours=2)
        whatsapp.fail_next = [(400, 131047)]

        assert send(runtime, wa_id) is DeliveryStatus.sent

        assert [r.body["type"] for r in whatsapp.requests] == ["text", "template"]
        sent = delivery(runtime, Channel.whatsapp)
        assert (sent.whatsapp_mode, sent.attempts) == ("template", 1)
