"""The ledger as admins use it: filters, timeline, resend, dead letters, templates, metrics."""

from __future__ import annotations

import contextlib
import uuid
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notification import dead_letters, notifying, sending
from services.notification.deps import NotificationRuntime
from services.notification.models import Channel, DeadMessage, Delivery, DeliveryStatus, OutboxMessage
from shared.auth import Role
from shared.contracts.notification import EVENT_TYPES, Notify
from shared.db import utc_now
from shared.devtools.sandbox import SmtpSink
from shared.errors import TransientError
from tests.notification.conftest import TokenFor
from tests.notification.helpers import deliveries, notify_message, person


def handle(runtime: NotificationRuntime, message: Notify) -> list[uuid.UUID]:
    with runtime.db.unit_of_work() as uow:
        return [d.id for d in notifying.handle_notify(uow, message=message)]


def send(runtime: NotificationRuntime, delivery_id: uuid.UUID, *, final: bool = False) -> None:
    with contextlib.suppress(TransientError):
        sending.send_delivery(
            runtime.db,
            runtime.providers,
            delivery_id=delivery_id,
            final_attempt=final,
            lease_seconds=runtime.settings.sending_lease_seconds,
        )


class TestFilters:
    def test_by_event_type_and_by_date(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        handle(runtime, notify_message(person(opt_in=False), event_type="innovation.submitted"))
        handle(runtime, notify_message(person(opt_in=False), event_type="innovation.accepted"))
        with runtime.session_factory() as session, session.begin():
            older = session.scalars(select(Delivery)).all()
            for row in older:
                if row.notification.event_type == "innovation.submitted":
                    row.queued_at = utc_now() - timedelta(days=3)

        accepted = client.get("/api/v1/deliveries?event_type=innovation.accepted", headers=auth()).json()
        since = (utc_now() - timedelta(days=1)).isoformat()
        recent = client.get("/api/v1/deliveries", params={"since": since}, headers=auth()).json()
        until = client.get("/api/v1/deliveries", params={"until": since}, headers=auth()).json()

        assert [row["event_type"] for row in accepted] == ["innovation.accepted"]
        assert [row["event_type"] for row in recent] == ["innovation.accepted"]
        assert [row["event_type"] for row in until] == ["innovation.submitted"]


class TestTimeline:
    def test_every_step_of_every_channel_in_order(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor, smtp_sink: SmtpSink
    ) -> None:
        email_id, wa_id = handle(runtime, notify_message(person()))
        send(runtime, email_id)
        send(runtime, wa_id)
        notification_id = deliveries(runtime)[0].notification_id

        response = client.get(f"/api/v1/notifications/{notification_id}/timeline", headers=auth())

        assert response.status_code == 200
        steps = [(s["channel"], s["status"]) for s in response.json()["timeline"]]
        assert steps == [
            ("email", "queued"),
            ("whatsapp", "queued"),
            ("email", "sending"),
            ("email", "sent"),
            ("whatsapp", "sending"),
            ("whatsapp", "sent"),
        ]
        sending = [s for s in response.json()["timeline"] if s["status"] == "sending"]
        assert sending[1]["detail"] == "attempt 1 (template)"


class TestResend:
    def test_a_sent_email_goes_again_on_request(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor, smtp_sink: SmtpSink
    ) -> None:
        (email_id,) = handle(runtime, notify_message(person(opt_in=False)))
        send(runtime, email_id)

        response = client.post(f"/api/v1/deliveries/{email_id}/resend", headers=auth(name="Admin BRIDA"))
        send(runtime, email_id)

        assert response.status_code == 202
        assert response.json()["status"] == "queued"
        assert len(smtp_sink.messages) == 2
        (again,) = deliveries(runtime)
        assert (again.status, again.attempts) == (DeliveryStatus.sent, 2)
        timeline = client.get(
            f"/api/v1/notifications/{again.notification_id}/timeline", headers=auth()
        ).json()
        assert any("resent by Admin BRIDA (was sent)" in (s["detail"] or "") for s in timeline["timeline"])

    def test_a_queued_delivery_cannot_be_resent(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        (email_id,) = handle(runtime, notify_message(person(opt_in=False)))

        response = client.post(f"/api/v1/deliveries/{email_id}/resend", headers=auth())

        assert response.status_code == 409
        assert response.json()["error"]["code"] == "notification.not_resendable"

    def test_another_pemdas_delivery_is_not_found(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        (email_id,) = handle(runtime, notify_message(person(opt_in=False)))

        response = client.post(f"/api/v1/deliveries/{email_id}/resend", headers=auth(pemda_id=uuid.uuid4()))

        assert response.status_code == 404


class TestDeadLetters:
    def test_exhausted_retries_are_listed_and_can_be_replayed(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        (email_id,) = handle(runtime, notify_message(person(opt_in=False)))
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


class TestTemplates:
    def test_every_template_is_listed_with_its_meta_name(self, client: TestClient, auth: TokenFor) -> None:
        rows = client.get("/api/v1/templates", headers=auth()).json()

        assert len(rows) == len(EVENT_TYPES) * 4
        assert all(row["exists"] for row in rows)
        accepted = [
            r for r in rows if r["event_type"] == "innovation.accepted" and r["channel"] == "whatsapp"
        ]
        assert {r["meta_template"] for r in accepted} == {"gi_innovation_accepted"}

    def test_preview_with_sample_data(self, client: TestClient, auth: TokenFor) -> None:
        email = client.get("/api/v1/templates/innovation.revision_requested/email/id/preview", headers=auth())
        whatsapp = client.get("/api/v1/templates/period.closing/whatsapp/en/preview", headers=auth())

        assert email.status_code == 200
        assert email.json()["subject"] == 'Inovasi "Posyandu Digital" perlu diperbaiki'
        assert "Indikator 20 (Video inovasi)" in email.json()["text"]
        assert email.json()["html"].startswith("<!doctype html>")
        assert whatsapp.json()["meta_template"] == "gi_period_closing"
        assert whatsapp.json()["meta_params"][:3] == ["Rina Operator", "Gelar Inovasi Daerah 2027", "3"]

    def test_unknown_template_and_non_admins(self, client: TestClient, auth: TokenFor) -> None:
        missing = client.get("/api/v1/templates/innovation.teleported/email/id/preview", headers=auth())
        operator = client.get("/api/v1/templates", headers=auth(Role.opd_operator))

        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "notification.unknown_template"
        assert operator.status_code == 403


class TestMetrics:
    def test_counters_per_channel_provider_and_outcome(
        self, runtime: NotificationRuntime, client: TestClient, smtp_sink: SmtpSink
    ) -> None:
        email_id, wa_id = handle(runtime, notify_message(person()))
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


class TestChannelsRecorded:
    def test_email_used_instead_of_whatsapp_without_opt_in_says_why(
        self, runtime: NotificationRuntime
    ) -> None:
        with runtime.db.unit_of_work() as uow:
            from services.notification.models import Category, DeliveryMode
            from services.notification.repository import save_preference, upsert_recipient

            rina = person(opt_in=False)
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
        handle(runtime, notify_message(rina))

        (only,) = deliveries(runtime)
        assert only.channel is Channel.email
        assert only.fallback_reason == "email instead of WhatsApp: no WhatsApp opt-in"
