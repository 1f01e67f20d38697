"""What a Notify records and the deliveries it plans: channels, fallback reasons, quiet hours."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notification import notifying
from services.notification.deps import NotificationRuntime
from services.notification.models import (
    Channel,
    DeliveryStatus,
    Notification,
    OutboxMessage,
    Recipient,
)
from shared.auth import Role
from shared.contracts.notification import DeliverNotification
from tests.notification.conftest import TokenFor
from tests.notification.helpers import (
    count_notifications,
    deliveries,
    handle_notify,
    notify_message,
    person,
)


def outbox(runtime: NotificationRuntime) -> list[OutboxMessage]:
    with runtime.session_factory() as session:
        return list(session.scalars(select(OutboxMessage)))


def quiet_now(zone: str = "Asia/Makassar") -> notifying.QuietHours:
    """Quiet hours around this very moment in the zone, whatever time the tests run."""
    local = datetime.now(ZoneInfo(zone))
    start = (local - timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (local + timedelta(hours=1)).time().replace(second=0, microsecond=0)
    return notifying.QuietHours(start=start, end=end)


def published(runtime: NotificationRuntime) -> set[str]:
    with runtime.session_factory() as session:
        return {row.payload["delivery_id"] for row in session.scalars(select(OutboxMessage))}


class TestHandleNotify:
    def test_one_delivery_per_channel_each_queued_on_the_bus(self, runtime: NotificationRuntime) -> None:
        ids = handle_notify(runtime, notify_message(person()))

        assert [(d.channel, d.status) for d in deliveries(runtime)] == [
            (Channel.email, DeliveryStatus.queued),
            (Channel.whatsapp, DeliveryStatus.queued),
        ]
        sent = outbox(runtime)
        assert {row.task_name for row in sent} == {DeliverNotification.task_name}
        assert {uuid.UUID(row.payload["delivery_id"]) for row in sent} == set(ids)

    def test_recipient_kept_with_the_number_in_e164(self, runtime: NotificationRuntime) -> None:
        rina = person(whatsapp="0812-3450-0001")
        handle_notify(runtime, notify_message(rina))

        with runtime.session_factory() as session:
            stored = session.get(Recipient, rina.user_id)
        assert stored is not None
        assert (stored.whatsapp, stored.email, stored.pemda_id) == (
            "+6281234500001",
            rina.email,
            rina.pemda_id,
        )

    def test_no_whatsapp_delivery_without_opt_in_and_the_email_says_why(
        self, runtime: NotificationRuntime
    ) -> None:
        handle_notify(runtime, notify_message(person(opt_in=False)))

        (email,) = deliveries(runtime)
        assert email.channel is Channel.email
        assert email.fallback_reason == "WhatsApp not used: no WhatsApp opt-in"

    def test_no_delivery_for_someone_without_contacts(self, runtime: NotificationRuntime) -> None:
        handle_notify(runtime, notify_message(person(email=None, whatsapp=None)))

        assert count_notifications(runtime) == 1
        assert deliveries(runtime) == []
        assert outbox(runtime) == []

    def test_same_message_twice_changes_nothing_the_second_time(self, runtime: NotificationRuntime) -> None:
        message = notify_message(person(), person(name="Kepala Dinas", whatsapp="081234500002"))

        first, second = handle_notify(runtime, message), handle_notify(runtime, message)

        assert len(first) == 4
        assert second == []
        assert count_notifications(runtime) == 2
        assert len(deliveries(runtime)) == 4
        assert len(outbox(runtime)) == 4

    def test_a_later_event_updates_the_contacts(self, runtime: NotificationRuntime) -> None:
        rina = person()
        handle_notify(runtime, notify_message(rina, event_type="innovation.submitted"))
        moved = person(user_id=rina.user_id, email="rina.baru@kukar.demo", opt_in=False)
        handle_notify(runtime, notify_message(moved, event_type="innovation.accepted"))

        with runtime.session_factory() as session:
            stored = session.get(Recipient, rina.user_id)
            events = session.scalars(select(Notification.event_type).order_by(Notification.created_at)).all()
        assert stored is not None
        assert (stored.email, stored.whatsapp_opt_in) == ("rina.baru@kukar.demo", False)
        assert events == ["innovation.submitted", "innovation.accepted"]


class TestQuietHours:
    def test_a_reminder_on_whatsapp_waits_for_the_end_email_does_not(
        self, runtime: NotificationRuntime
    ) -> None:
        quiet = quiet_now()
        with runtime.db.unit_of_work() as uow:
            message = notify_message(person(), event_type="period.closing", period="Gelar 2027", days_left=1)
            email, wa = notifying.handle_notify(uow, message=message, quiet=quiet)

        assert published(runtime) == {str(email.id)}
        assert wa.not_before is not None
        local = wa.not_before.astimezone(ZoneInfo("Asia/Makassar"))
        assert (local.hour, local.minute) == (quiet.end.hour, quiet.end.minute)

    def test_a_decision_goes_at_once_unless_the_person_set_quiet_hours(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        quiet = quiet_now()
        with runtime.db.unit_of_work() as uow:
            made = notifying.handle_notify(uow, message=notify_message(person()), quiet=quiet)
        assert published(runtime) == {str(d.id) for d in made}

        me = uuid.uuid4()
        hours = {"quiet_start": quiet.start.isoformat(), "quiet_end": quiet.end.isoformat()}
        client.put("/api/v1/preferences/me", headers=auth(Role.opd_operator, user_id=me), json=hours)
        with runtime.db.unit_of_work() as uow:
            email, wa = notifying.handle_notify(uow, message=notify_message(person(user_id=me)))
        assert str(email.id) in published(runtime)
        assert str(wa.id) not in published(runtime)

    def test_a_password_reset_is_never_held(self, runtime: NotificationRuntime) -> None:
        with runtime.db.unit_of_work() as uow:
            message = notify_message(
                person(), event_type="account.password_reset", reset_url="https://x/r", expires_at=""
            )
            made = notifying.handle_notify(uow, message=message, quiet=quiet_now())

        assert published(runtime) == {str(d.id) for d in made}

    def test_release_held_sends_what_is_due(self, runtime: NotificationRuntime) -> None:
        with runtime.db.unit_of_work() as uow:
            _, wa = notifying.handle_notify(uow, message=notify_message(person()))
        with runtime.db.unit_of_work() as uow:
            row = uow.session.get(type(wa), wa.id)
            assert row is not None
            row.not_before = datetime.now(UTC) + timedelta(hours=1)

        with runtime.db.unit_of_work() as uow:
            assert notifying.release_held(uow) == 0
        with runtime.db.unit_of_work() as uow:
            assert notifying.release_held(uow, now=datetime.now(UTC) + timedelta(hours=2)) == 1
        with runtime.session_factory() as session:
            payloads = [row.payload["delivery_id"] for row in session.scalars(select(OutboxMessage))]
        assert payloads.count(str(wa.id)) == 2  # once when queued (no quiet hours here), once released


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
        handle_notify(runtime, notify_message(rina))

        (only,) = deliveries(runtime)
        assert only.channel is Channel.email
        assert only.fallback_reason == "email instead of WhatsApp: no WhatsApp opt-in"


class TestLinksRecorded:
    def test_the_notification_keeps_the_link_to_the_page_where_its_recipient_acts(
        self, runtime: NotificationRuntime
    ) -> None:
        message = notify_message(person(), event_type="innovation.sent_to_head")
        bases = runtime.settings.common.base_urls()

        with runtime.db.unit_of_work() as uow:
            notifying.handle_notify(uow, message=message, base_urls=bases)
        with runtime.session_factory() as session:
            (stored,) = session.scalars(
                select(Notification).where(Notification.event_id == message.message_id)
            )

        innovation_id = message.data["innovation_id"]
        assert stored.data["action_url"] == f"{bases['PUBLIC_BASE_URL']}/opd/approvals/{innovation_id}"
        assert stored.data["preferences_url"] == f"{bases['NOTIFICATION_BASE_URL']}/notifications/preferences"
