"""The tasks on the real bus: a Celery worker on Redis, PostgreSQL, an SMTP server and the WhatsApp fake."""

from __future__ import annotations

import time
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage

from services.notification.config import SmtpSettings, WhatsAppProviderName
from services.notification.deps import NotificationRuntime
from services.notification.models import DeliveryStatus, ProviderName
from shared.netutil import free_port, wait_until
from shared.sandbox import SmtpSink, WhatsAppSandbox
from tests.notification.conftest import RuntimeFactory
from tests.notification.helpers import (
    NAMA,
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
