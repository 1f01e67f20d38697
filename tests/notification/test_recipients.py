"""The recipient replica (submission's account messages) and each person's preferences."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notification import digests, notifying, recipients, sending
from services.notification.deps import NotificationRuntime
from services.notification.models import Channel, Notification, OutboxMessage, Recipient
from shared.auth import Role
from shared.contracts.accounts import AccountSnapshot, SyncRecipient
from shared.contracts.notification import Notify
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from tests.notification.conftest import TokenFor
from tests.notification.helpers import PEMDA_ID, deliveries, notify_message, person

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


def stored(runtime: NotificationRuntime, user_id: uuid.UUID) -> Recipient:
    with runtime.session_factory() as session:
        found = session.get(Recipient, user_id)
    assert found is not None
    return found


def handle(runtime: NotificationRuntime, message: Notify) -> None:
    with runtime.db.unit_of_work() as uow:
        notifying.handle_notify(uow, message=message)


class TestSyncRecipient:
    def test_the_latest_change_wins_whatever_the_arrival_order(self, runtime: NotificationRuntime) -> None:
        user_id = uuid.uuid4()
        sync(runtime, account(user_id, changed_at=T0 + timedelta(minutes=5), email="baru@kukar.demo"))
        sync(runtime, account(user_id, changed_at=T0, email="lama@kukar.demo"))

        assert stored(runtime, user_id).email == "baru@kukar.demo"

    def test_the_replica_is_not_overwritten_by_an_older_notify(self, runtime: NotificationRuntime) -> None:
        user_id = uuid.uuid4()
        sync(runtime, account(user_id, changed_at=T0, whatsapp_opt_in=False))
        handle(runtime, notify_message(person(user_id=user_id, opt_in=True)))

        assert stored(runtime, user_id).whatsapp_opt_in is False
        assert [d.channel for d in deliveries(runtime)] == [Channel.email]

    def test_an_invalid_number_is_refused_and_email_is_used(self, runtime: NotificationRuntime) -> None:
        user_id = uuid.uuid4()
        sync(runtime, account(user_id, changed_at=T0, whatsapp="12-ab"))
        handle(runtime, notify_message(person(user_id=user_id)))

        kept = stored(runtime, user_id)
        assert (kept.whatsapp, kept.whatsapp_rejected) == (None, "12-ab")
        assert [d.channel for d in deliveries(runtime)] == [Channel.email]

    def test_an_inactive_account_gets_nothing(self, runtime: NotificationRuntime) -> None:
        user_id = uuid.uuid4()
        sync(runtime, account(user_id, changed_at=T0, is_active=False))
        handle(runtime, notify_message(person(user_id=user_id)))

        assert deliveries(runtime) == []


class TestInvalidNumberInNotify:
    def test_refused_at_the_recipient_and_email_used(self, runtime: NotificationRuntime) -> None:
        rina = person(whatsapp="0812")
        handle(runtime, notify_message(rina))

        assert stored(runtime, rina.user_id).whatsapp is None
        assert [d.channel for d in deliveries(runtime)] == [Channel.email]


class TestPreferencesApi:
    def test_defaults_then_a_change_is_kept(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        me = uuid.uuid4()
        headers = auth(Role.opd_operator, user_id=me, name="Rina")

        before = client.get("/api/v1/preferences/me", headers=headers).json()
        changed = client.put(
            "/api/v1/preferences/me",
            headers=headers,
            json={
                "categories": [{"category": "deadlines", "email": True, "whatsapp": False, "mode": "digest"}],
                "quiet_start": "22:00",
                "quiet_end": "05:30",
            },
        )
        after = client.get("/api/v1/preferences/me", headers=headers).json()

        assert {(c["category"], c["email"], c["whatsapp"], c["mode"]) for c in before["categories"]} == {
            (name, True, True, "immediate") for name in ("deadlines", "review_work", "decisions", "account")
        }
        assert changed.status_code == 200
        deadlines = next(c for c in after["categories"] if c["category"] == "deadlines")
        assert (deadlines["whatsapp"], deadlines["mode"]) == (False, "digest")
        assert (after["quiet_start"], after["quiet_end"]) == ("22:00:00", "05:30:00")

    def test_quiet_hours_need_both_ends(self, client: TestClient, auth: TokenFor) -> None:
        response = client.put(
            "/api/v1/preferences/me", headers=auth(Role.reviewer), json={"quiet_start": "22:00"}
        )

        assert response.status_code == 422
        assert response.json()["error"]["code"] == "notification.quiet_hours_invalid"

    def test_an_unknown_category_is_refused(self, client: TestClient, auth: TokenFor) -> None:
        response = client.put(
            "/api/v1/preferences/me",
            headers=auth(Role.reviewer),
            json={"categories": [{"category": "gossip", "email": False}]},
        )

        assert response.status_code == 422


class TestPreferencesApplied:
    def _choose(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor, body: dict[str, object]
    ) -> uuid.UUID:
        me = uuid.uuid4()
        response = client.put(
            "/api/v1/preferences/me", headers=auth(Role.opd_operator, user_id=me), json=body
        )
        assert response.status_code == 200
        return me

    def test_whatsapp_off_for_a_category_sends_email_only(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        me = self._choose(
            runtime,
            client,
            auth,
            {"categories": [{"category": "decisions", "email": True, "whatsapp": False}]},
        )
        handle(runtime, notify_message(person(user_id=me), event_type="innovation.accepted"))
        handle(runtime, notify_message(person(user_id=me), event_type="period.opened"))

        by_event = {(d.notification.event_type, d.channel) for d in deliveries(runtime)}
        assert by_event == {
            ("innovation.accepted", Channel.email),
            ("period.opened", Channel.email),
            ("period.opened", Channel.whatsapp),
        }

    def test_a_password_reset_is_emailed_even_with_email_off(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        me = self._choose(
            runtime,
            client,
            auth,
            {"categories": [{"category": "account", "email": False, "whatsapp": False, "mode": "digest"}]},
        )
        handle(
            runtime,
            notify_message(
                person(user_id=me),
                event_type="account.password_reset",
                reset_url="https://x/r",
                expires_at="",
            ),
        )

        assert [d.channel for d in deliveries(runtime)] == [Channel.email]

    def test_digest_waits_then_one_email_lists_everything(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor, smtp_sink: SmtpSink
    ) -> None:
        me = self._choose(
            runtime, client, auth, {"categories": [{"category": "deadlines", "mode": "digest"}]}
        )
        for days in (7, 3):
            handle(
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

    def test_the_admins_daily_summary_is_not_held_for_a_digest(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        me = self._choose(
            runtime, client, auth, {"categories": [{"category": "deadlines", "mode": "digest"}]}
        )
        handle(runtime, notify_message(person(user_id=me), event_type="digest.admin_daily", opds=[]))

        assert [d.channel for d in deliveries(runtime)] == [Channel.email, Channel.whatsapp]


def quiet_now(zone: str = "Asia/Makassar") -> notifying.QuietHours:
    """Quiet hours around this very moment in the zone, whatever time the tests run."""
    local = datetime.now(ZoneInfo(zone))
    start = (local - timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (local + timedelta(hours=1)).time().replace(second=0, microsecond=0)
    return notifying.QuietHours(start=start, end=end)


def published(runtime: NotificationRuntime) -> set[str]:
    with runtime.session_factory() as session:
        return {row.payload["delivery_id"] for row in session.scalars(select(OutboxMessage))}


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
