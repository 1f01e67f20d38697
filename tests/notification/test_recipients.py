"""The recipient replica: submission's account messages and the people a Notify names."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from services.notification import recipients
from services.notification.deps import NotificationRuntime
from services.notification.models import Channel, Recipient
from shared.contracts.accounts import AccountSnapshot, SyncRecipient
from tests.notification.helpers import (
    PEMDA_ID,
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


def stored(runtime: NotificationRuntime, user_id: uuid.UUID) -> Recipient:
    with runtime.session_factory() as session:
        found = session.get(Recipient, user_id)
    assert found is not None
    return found


class TestSyncRecipient:
    def test_the_latest_change_wins_whatever_the_arrival_order(self, runtime: NotificationRuntime) -> None:
        user_id = uuid.uuid4()
        sync(runtime, account(user_id, changed_at=T0 + timedelta(minutes=5), email="baru@kukar.demo"))
        sync(runtime, account(user_id, changed_at=T0, email="lama@kukar.demo"))

        assert stored(runtime, user_id).email == "baru@kukar.demo"

    def test_the_replica_is_not_overwritten_by_an_older_notify(self, runtime: NotificationRuntime) -> None:
        user_id = uuid.uuid4()
        sync(runtime, account(user_id, changed_at=T0, whatsapp_opt_in=False))
        handle_notify(runtime, notify_message(person(user_id=user_id, opt_in=True)))

        assert stored(runtime, user_id).whatsapp_opt_in is False
        assert [d.channel for d in deliveries(runtime)] == [Channel.email]

    def test_an_invalid_number_is_refused_and_email_is_used(self, runtime: NotificationRuntime) -> None:
        user_id = uuid.uuid4()
        sync(runtime, account(user_id, changed_at=T0, whatsapp="12-ab"))
        handle_notify(runtime, notify_message(person(user_id=user_id)))

        kept = stored(runtime, user_id)
        assert (kept.whatsapp, kept.whatsapp_rejected) == (None, "12-ab")
        assert [d.channel for d in deliveries(runtime)] == [Channel.email]

    def test_an_inactive_account_gets_nothing(self, runtime: NotificationRuntime) -> None:
        user_id = uuid.uuid4()
        sync(runtime, account(user_id, changed_at=T0, is_active=False))
        handle_notify(runtime, notify_message(person(user_id=user_id)))

        assert deliveries(runtime) == []


class TestInvalidNumberInNotify:
    def test_refused_at_the_recipient_and_email_used(self, runtime: NotificationRuntime) -> None:
        rina = person(whatsapp="0812")
        handle_notify(runtime, notify_message(rina))

        assert stored(runtime, rina.user_id).whatsapp is None
        assert [d.channel for d in deliveries(runtime)] == [Channel.email]
