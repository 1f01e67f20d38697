"""The tasks on the real bus: a Celery worker on Redis, PostgreSQL, an SMTP server and the WhatsApp fake."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from services.notification import rendering
from services.notification.config import SmtpSettings, WhatsAppProviderName
from services.notification.deps import NotificationRuntime
from services.notification.models import Channel, DeadMessage, DeliveryStatus, ProviderName, Recipient
from shared.contracts.accounts import AccountSnapshot, SyncRecipient
from shared.contracts.notification import Notify
from shared.db import utc_now
from shared.devtools.netutil import free_port, wait_until
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from shared.messaging.celery_app import celery_sender
from tests.notification.conftest import RuntimeFactory
from tests.notification.helpers import (
    NAMA,
    PEMDA_ID,
    WA_TOKEN,
    count_notifications,
    deliveries,
    notify_message,
    person,
    send_on_bus,
    wait_for_statuses,
    whatsapp_settings_for,
)

StartWorker = Callable[[NotificationRuntime], None]


def parse(raw: bytes) -> EmailMessage:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def body_text(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None, f"no text/{subtype} part"
    return str(part.get_content())


class TestNotifyThenDeliver:
    def test_email_and_whatsapp_arrive_in_indonesian(
        self,
        runtime: NotificationRuntime,
        start_worker_for: StartWorker,
        smtp_sink: SmtpSink,
        whatsapp: WhatsAppSandbox,
    ) -> None:
        start_worker_for(runtime)
        send_on_bus(runtime, notify_message(person(), event_type="innovation.accepted"))

        email, wa = wait_for_statuses(runtime, "sent", "sent")

        assert len(smtp_sink.messages) == 1
        received = smtp_sink.messages[0]
        assert received.rcpt_tos == ("rina@dinkes.kukar.demo",)
        mail = parse(received.content)
        assert mail["Subject"] == f'Inovasi "{NAMA}" diterima'
        assert "Selamat!" in body_text(mail, "plain")
        assert NAMA in body_text(mail, "plain")
        assert f"<strong>{NAMA}</strong>" in body_text(mail, "html")
        assert email.provider is ProviderName.smtp
        assert email.provider_message_id == mail["Message-ID"]

        assert len(whatsapp.delivered) == 1
        sent = whatsapp.delivered[0]
        assert sent.path == "/v21.0/1234567890/messages"
        assert sent.headers["authorization"] == f"Bearer {WA_TOKEN}"
        assert sent.body["to"] == "6281234500001"
        # Rina never wrote to us: outside the 24-hour window only an approved template may go.
        assert sent.body["type"] == "template"
        template = sent.body["template"]
        assert (template["name"], template["language"]["code"]) == ("gi_innovation_accepted", "id")
        params = [p["text"] for p in template["components"][0]["parameters"]]
        assert params == ["Rina Operator", NAMA, "1"]
        assert wa.whatsapp_mode == "template"
        assert wa.provider is ProviderName.cloud_api
        assert wa.provider_message_id is not None
        assert wa.provider_message_id.startswith("wamid.")
        assert all(d.attempts == 1 and d.sent_at is not None for d in (email, wa))

    def test_english_recipient_gets_english_text(
        self,
        runtime: NotificationRuntime,
        start_worker_for: StartWorker,
        smtp_sink: SmtpSink,
        whatsapp: WhatsAppSandbox,
    ) -> None:
        start_worker_for(runtime)
        send_on_bus(
            runtime, notify_message(person(language="en"), event_type="innovation.revision_requested")
        )

        wait_for_statuses(runtime, "sent", "sent")

        mail = parse(smtp_sink.messages[0].content)
        assert mail["Subject"] == f'Innovation "{NAMA}" needs revision'
        assert "Please revise the innovation" in body_text(mail, "plain")
        assert mail["Content-Language"] == "en"
        template = whatsapp.delivered[0].body["template"]
        assert (template["name"], template["language"]["code"]) == ("gi_revision_requested", "en")

    def test_no_whatsapp_without_opt_in(
        self,
        runtime: NotificationRuntime,
        start_worker_for: StartWorker,
        smtp_sink: SmtpSink,
        whatsapp: WhatsAppSandbox,
    ) -> None:
        start_worker_for(runtime)
        send_on_bus(runtime, notify_message(person(opt_in=False)))

        (email,) = wait_for_statuses(runtime, "sent")

        assert email.channel.value == "email"
        assert len(smtp_sink.messages) == 1
        assert whatsapp.requests == []


class TestSameNotifyTwice:
    def test_one_notification_one_email_one_whatsapp(
        self,
        runtime: NotificationRuntime,
        start_worker_for: StartWorker,
        finished_tasks: list[tuple[str, str]],
        smtp_sink: SmtpSink,
        whatsapp: WhatsAppSandbox,
    ) -> None:
        message = notify_message(person())
        start_worker_for(runtime)
        send_on_bus(runtime, message)
        send_on_bus(runtime, message)

        wait_until(
            lambda: [name for name, _ in finished_tasks].count("notification.notify") == 2,
            timeout=30,
            what="both copies of the Notify",
        )
        wait_for_statuses(runtime, "sent", "sent")
        time.sleep(0.5)  # anything a second copy had queued would have run by now

        assert count_notifications(runtime) == 1
        assert len(deliveries(runtime)) == 2
        assert len(smtp_sink.messages) == 1
        assert len(whatsapp.requests) == 1


class TestTransientWhatsAppError:
    def test_rate_limit_is_retried_then_sent(
        self,
        runtime: NotificationRuntime,
        start_worker_for: StartWorker,
        finished_tasks: list[tuple[str, str]],
        whatsapp: WhatsAppSandbox,
    ) -> None:
        whatsapp.fail_next = [(429, 130429)]
        start_worker_for(runtime)
        send_on_bus(runtime, notify_message(person()))

        _, wa = wait_for_statuses(runtime, "sent", "sent")

        assert len(whatsapp.requests) == 2
        assert len(whatsapp.delivered) == 1
        assert wa.attempts == 2
        assert wa.error_code == "whatsapp.130429"  # the last error seen on the way
        assert ("notification.deliver", "RETRY") in finished_tasks


class TestNumberNotOnWhatsApp:
    def test_failed_with_reason_and_tried_once(
        self,
        runtime: NotificationRuntime,
        start_worker_for: StartWorker,
        smtp_sink: SmtpSink,
        whatsapp: WhatsAppSandbox,
    ) -> None:
        whatsapp.fail_numbers = {"6281234500001": (400, 131026)}
        start_worker_for(runtime)
        send_on_bus(runtime, notify_message(person()))

        _email, wa = wait_for_statuses(runtime, "sent", "failed")
        time.sleep(1.5)  # longer than the test backoff: a retry would have happened

        assert wa.error_code == "whatsapp.131026"
        assert wa.error_reason is not None
        assert "131026" in wa.error_reason
        assert wa.failed_at is not None
        assert wa.sent_at is None
        assert wa.attempts == 1
        assert len(whatsapp.requests) == 1
        assert [d.status for d in deliveries(runtime)] == [DeliveryStatus.sent, DeliveryStatus.failed]
        assert len(smtp_sink.messages) == 1  # the email went out all the same


class TestSmtpDown:
    def test_retried_with_backoff_then_dead(
        self,
        make_runtime: RuntimeFactory,
        start_worker_for: StartWorker,
        finished_tasks: list[tuple[str, str]],
        whatsapp: WhatsAppSandbox,
    ) -> None:
        closed = SmtpSettings(host="127.0.0.1", port=free_port(), timeout_seconds=2)
        runtime = make_runtime(smtp=closed, max_retries=2)
        start_worker_for(runtime)
        send_on_bus(runtime, notify_message(person()))

        email, _wa = wait_for_statuses(runtime, "dead", "sent")

        assert email.attempts == 3  # the first try and two retries
        assert email.error_code == "smtp.connection"
        assert email.error_reason is not None
        assert "unreachable" in email.error_reason
        assert email.failed_at is not None
        assert finished_tasks.count(("notification.deliver", "RETRY")) == 2
        assert len(whatsapp.delivered) == 1  # one channel down does not hold up the other


class TestFonnteProvider:
    def test_sends_a_form_post_with_target_and_message(
        self,
        make_runtime: RuntimeFactory,
        start_worker_for: StartWorker,
        whatsapp: WhatsAppSandbox,
    ) -> None:
        runtime = make_runtime(
            whatsapp_settings=whatsapp_settings_for(whatsapp, provider=WhatsAppProviderName.fonnte)
        )
        start_worker_for(runtime)
        send_on_bus(runtime, notify_message(person(), event_type="innovation.submitted"))

        _, wa = wait_for_statuses(runtime, "sent", "sent")

        (request,) = whatsapp.delivered
        assert request.path == "/send"
        assert request.headers["authorization"] == WA_TOKEN
        assert request.headers["content-type"].startswith("application/x-www-form-urlencoded")
        assert request.body["target"] == "6281234500001"
        assert request.body["countryCode"] == "62"
        assert f'inovasi "{NAMA}" (versi 1) telah dikirim' in request.body["message"]
        assert wa.provider is ProviderName.fonnte
        assert wa.provider_message_id is not None
        assert wa.provider_message_id.startswith("wamid.")


def dead_messages(runtime: NotificationRuntime) -> list[DeadMessage]:
    with runtime.session_factory() as session:
        return list(session.scalars(select(DeadMessage)))


class TestUnknownEventType:
    def test_dead_lettered_with_the_reason_and_the_worker_keeps_going(
        self,
        runtime: NotificationRuntime,
        start_worker_for: StartWorker,
        smtp_sink: SmtpSink,
    ) -> None:
        good = notify_message(person(opt_in=False))
        bad = {**good.to_payload(), "message_id": str(uuid.uuid4()), "event_type": "innovation.teleported"}
        start_worker_for(runtime)
        celery_sender(runtime.celery)(Notify.task_name, bad, uuid.UUID(bad["message_id"]))
        celery_sender(runtime.celery)(Notify.task_name, bad, uuid.uuid4())  # the same message redelivered
        send_on_bus(runtime, good)

        wait_for_statuses(runtime, "sent")
        wait_until(lambda: len(dead_messages(runtime)) >= 1, timeout=10, what="the dead letter")

        (dead,) = dead_messages(runtime)
        assert dead.task_name == "notification.notify"
        assert dead.message_id == uuid.UUID(bad["message_id"])
        assert "event_type" in dead.reason
        assert dead.payload["event_type"] == "innovation.teleported"
        assert len(smtp_sink.messages) == 1


class TestMissingTemplate:
    def test_the_delivery_is_dead_lettered_with_the_reason(
        self,
        runtime: NotificationRuntime,
        start_worker_for: StartWorker,
        smtp_sink: SmtpSink,
        whatsapp: WhatsAppSandbox,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        real = rendering.template_name

        def whatsapp_template_gone(channel: Channel, event_type: str, language: str) -> str:
            name = real(channel, event_type, language)
            return name.replace(".jinja", ".gone.jinja") if channel is Channel.whatsapp else name

        monkeypatch.setattr(rendering, "template_name", whatsapp_template_gone)
        start_worker_for(runtime)
        send_on_bus(runtime, notify_message(person()))

        _email, wa = wait_for_statuses(runtime, "sent", "dead")

        assert wa.error_code == "template.missing"
        assert wa.error_reason is not None
        assert "no whatsapp template for 'innovation.accepted'" in wa.error_reason
        assert whatsapp.requests == []
        assert len(smtp_sink.messages) == 1  # email already planned: no second one as fallback


class TestProviderDownForAWhile:
    def test_smtp_down_then_back_everything_delivered_once(
        self,
        make_runtime: RuntimeFactory,
        start_worker_for: StartWorker,
        finished_tasks: list[tuple[str, str]],
    ) -> None:
        port = free_port()
        runtime = make_runtime(
            smtp=SmtpSettings(host="127.0.0.1", port=port, timeout_seconds=2), max_retries=20
        )
        start_worker_for(runtime)
        for n in range(3):
            send_on_bus(runtime, notify_message(person(name=f"Orang {n}", opt_in=False)))

        wait_until(
            lambda: finished_tasks.count(("notification.deliver", "RETRY")) >= 6,
            timeout=30,
            what="two failed tries per email while SMTP is down",
        )
        sink = SmtpSink(port=port).start()
        try:
            wait_for_statuses(runtime, "sent", "sent", "sent", timeout=60)
            time.sleep(1.5)  # a duplicate retry would have arrived by now
            assert sorted(m.rcpt_tos[0] for m in sink.messages) == ["rina@dinkes.kukar.demo"] * 3
            # Each kept the error it met on the way; six failed tries plus three that went through.
            assert {d.error_code for d in deliveries(runtime)} == {"smtp.connection"}
            assert sum(d.attempts for d in deliveries(runtime)) >= 9
        finally:
            sink.stop()

    def test_whatsapp_down_then_back_delivered_once(
        self,
        make_runtime: RuntimeFactory,
        start_worker_for: StartWorker,
        whatsapp: WhatsAppSandbox,
    ) -> None:
        runtime = make_runtime(max_retries=20)
        whatsapp.fail_next = [(503, 2)] * 4
        start_worker_for(runtime)
        send_on_bus(runtime, notify_message(person()))

        _email, wa = wait_for_statuses(runtime, "sent", "sent", timeout=60)
        time.sleep(1.5)

        assert len(whatsapp.requests) == 5
        assert len(whatsapp.delivered) == 1
        assert wa.attempts == 5


class TestBurstToOneNumber:
    def test_queued_and_sent_in_turn_instead_of_failing(
        self,
        make_runtime: RuntimeFactory,
        start_worker_for: StartWorker,
        whatsapp: WhatsAppSandbox,
    ) -> None:
        runtime = make_runtime(whatsapp_same_number_seconds=2)
        rina = person(email=None)
        start_worker_for(runtime)
        for event_type in ("innovation.submitted", "innovation.accepted", "period.opened"):
            send_on_bus(runtime, notify_message(rina, event_type=event_type, period="Gelar 2027"))

        sent = wait_for_statuses(runtime, "sent", "sent", "sent", timeout=30)

        assert len(whatsapp.requests) == 3  # none refused by the provider
        assert all(d.attempts == 1 for d in sent)  # waiting its turn is not a failed attempt
        times = sorted(d.sent_at for d in sent if d.sent_at is not None)
        assert times[1] - times[0] >= timedelta(seconds=1.8)
        assert times[2] - times[1] >= timedelta(seconds=1.8)


class TestSyncRecipientOnTheBus:
    def test_the_account_message_updates_the_replica(
        self, runtime: NotificationRuntime, start_worker_for: StartWorker
    ) -> None:
        user_id = uuid.uuid4()
        snapshot = AccountSnapshot(
            user_id=user_id,
            pemda_id=PEMDA_ID,
            opd_id=None,
            role="reviewer",
            name="Budi Verifikator",
            email="budi@kukar.demo",
            whatsapp="0812 3450 0009",
            whatsapp_opt_in=True,
            changed_at=utc_now(),
        )
        message = SyncRecipient(account=snapshot)
        start_worker_for(runtime)
        celery_sender(runtime.celery)(message.task_name, message.to_payload(), message.message_id)

        def stored() -> Recipient | None:
            with runtime.session_factory() as session:
                return session.get(Recipient, user_id)

        wait_until(lambda: stored() is not None, timeout=20, what="the replica")
        kept = stored()
        assert kept is not None
        assert (kept.name, kept.whatsapp, kept.role) == ("Budi Verifikator", "+6281234500009", "reviewer")
