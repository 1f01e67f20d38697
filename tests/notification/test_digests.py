"""Daily digests: what people chose to get once a day, and the admins' delivery report."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notification import digests, notifying, recipients, sending
from services.notification.deps import NotificationRuntime
from services.notification.models import Notification
from shared.contracts.accounts import AccountSnapshot, SyncRecipient
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from tests.notification.conftest import TokenFor
from tests.notification.helpers import (
    PEMDA_ID,
    choose_preferences,
    deliveries,
    handle_notify,
    notify_message,
    person,
)

T0 = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)


def account(user_id: uuid.UUID, *, changed_at: datetime, **fields: object) -> SyncRecipient:
    values: dict[str, object] = {
        "user_id": user_id,
        "pemda_id": PEMDA_ID,
        "opd_id": None,
        "role": "opd_operator",
        "name": "Rina Operator",
        "email": "rina@dinkes.kukar.demo",
        "whatsapp": "081234500001",
        "whatsapp_opt_in": True,
        "language": "id",
        "timezone": "Asia/Makassar",
        "changed_at": changed_at,
        **fields,
    }
    return SyncRecipient(account=AccountSnapshot.model_validate(values))


def sync(runtime: NotificationRuntime, message: SyncRecipient) -> None:
    with runtime.db.unit_of_work() as uow:
        recipients.sync_recipient(uow, message=message)


class TestDigestChosen:
    def test_digest_waits_then_one_email_lists_everything(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor, smtp_sink: SmtpSink
    ) -> None:
        me = choose_preferences(client, auth, {"categories": [{"category": "deadlines", "mode": "digest"}]})
        for days in (7, 3):
            handle_notify(
                runtime,
                notify_message(
                    person(user_id=me), event_type="period.closing", period="Gelar 2027", days_left=days
                ),
            )
        assert deliveries(runtime) == []

        morning = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)  # 08.30 WITA
        with runtime.db.unit_of_work() as uow:
            assert digests.send_digests(uow, now=morning - timedelta(hours=2)) == 0  # 06.30 WITA: too early
        with runtime.db.unit_of_work() as uow:
            assert digests.send_digests(uow, now=morning) == 1
        with runtime.db.unit_of_work() as uow:
            assert digests.send_digests(uow, now=morning + timedelta(hours=1)) == 0  # once a day

        (digest,) = deliveries(runtime)
        sending.send_delivery(
            runtime.db, runtime.providers, delivery_id=digest.id, final_attempt=False, lease_seconds=60
        )
        (mail,) = smtp_sink.messages
        text = mail.content.decode()
        assert "Ringkasan harian Gelar Inovasi: 2 pemberitahuan" in text
        assert "Gelar 2027 ditutup 7 hari lagi" in text
        assert "Gelar 2027 ditutup 3 hari lagi" in text
        with runtime.session_factory() as session:
            items = session.scalars(
                select(Notification).where(Notification.event_type == "period.closing")
            ).all()
            assert {(n.digest_pending, n.digest_id) for n in items} == {(False, digest.notification_id)}


class TestAdminsDailyDeliveryReport:
    def test_admins_learn_who_could_not_be_reached(
        self, runtime: NotificationRuntime, smtp_sink: SmtpSink, whatsapp: WhatsAppSandbox
    ) -> None:
        admin_id = uuid.uuid4()
        sync(
            runtime,
            account(admin_id, changed_at=T0, role="admin", name="Admin BRIDA", email="brida@kukar.demo"),
        )
        budi = person(name="Budi Tanpa Email", email=None)
        whatsapp.fail_numbers = {"6281234500001": (400, 131026)}
        with runtime.db.unit_of_work() as uow:
            (wa,) = notifying.handle_notify(uow, message=notify_message(budi))
        sending.send_delivery(
            runtime.db, runtime.providers, delivery_id=wa.id, final_attempt=False, lease_seconds=60
        )

        wita = ZoneInfo("Asia/Makassar")
        local_now = datetime.now(wita)
        morning = datetime.combine(local_now.date(), time(8, 0), wita)
        if morning <= local_now:
            morning += timedelta(days=1)  # the next 08.00 WITA, within a day of the failure
        with runtime.db.unit_of_work() as uow:
            assert digests.send_digests(uow, now=morning.astimezone(UTC)) == 1
        digest = next(d for d in deliveries(runtime) if d.notification.event_type == "digest.daily")
        sending.send_delivery(
            runtime.db, runtime.providers, delivery_id=digest.id, final_attempt=False, lease_seconds=60
        )

        (mail,) = smtp_sink.messages
        assert mail.rcpt_tos == ("brida@kukar.demo",)
        text = mail.content.decode()
        assert "1 gagal" in text
        assert "- Budi Tanpa Email (innovation.accepted)" in text
        assert "Anda memilih menerima" not in text
