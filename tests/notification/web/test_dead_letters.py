"""Dead letters: deliveries that gave up (resend) and messages that could not be processed (replay)."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from services.notification import dead_letters
from services.notification.deps import NotificationRuntime
from services.notification.models import DeadMessage, DeliveryStatus, OutboxMessage
from shared.auth import Role
from tests.notification.helpers import OTHER_PEMDA_ID, person
from tests.notification.web.conftest import LoginAs, Notify, delivery, set_status
from tests.pages import submit_form

DEAD = "/notifications/dead-letters"


def dead_message(runtime: NotificationRuntime) -> uuid.UUID:
    with runtime.db.unit_of_work() as uow:
        return dead_letters.dead_letter_message(
            uow,
            task_name="notification.notify",
            payload={"event_type": "mystery.event"},
            reason="unknown event",
        ).id


def replayed(runtime: NotificationRuntime, dead_id: uuid.UUID) -> bool:
    with runtime.session_factory() as session:
        found = session.get(DeadMessage, dead_id)
        assert found is not None
        return found.replayed_at is not None


def outbox_count(runtime: NotificationRuntime) -> int:
    with runtime.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxMessage)) or 0)


class TestDeadLetters:
    def test_an_admin_sees_the_deliveries_that_gave_up_and_resends_one(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        _, wa = notify(person(name="Rina Operator"))
        set_status(runtime, wa.id, DeliveryStatus.dead, error_reason="provider timed out", attempts=5)
        notify(person(name="Orang Pemda Lain", pemda_id=OTHER_PEMDA_ID))
        dead_message(runtime)
        login_as(Role.admin)

        page = client.get(DEAD)

        assert page.status_code == 200
        html = page.text
        assert "Surat mati" in html
        assert "Rina Operator" in html
        assert "provider timed out" in html
        assert "5 kali dicoba" in html
        assert "Orang Pemda Lain" not in html
        assert "notification.notify" not in html  # unreadable messages are for a superadmin
        assert "hanya ditangani superadmin" in html

        response = submit_form(client, f"/notifications/log/deliveries/{wa.id}/resend", {"next": DEAD})

        assert response.status_code == 303
        assert response.headers["location"] == DEAD
        assert delivery(runtime, wa.id).status is DeliveryStatus.queued
        after = client.get(DEAD).text
        assert "Pengiriman dijadwalkan ulang" in after
        assert "Tidak ada surat mati" in after

    def test_a_superadmin_replays_a_dead_message(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        dead_id = dead_message(runtime)
        login_as(Role.superadmin, pemda_id=None)
        before = outbox_count(runtime)

        page = client.get(DEAD)
        response = submit_form(client, f"{DEAD}/messages/{dead_id}/replay")

        assert "notification.notify" in page.text
        assert "unknown event" in page.text
        assert response.status_code == 303
        assert replayed(runtime, dead_id)
        assert outbox_count(runtime) == before + 1
        assert "Pesan dikirim lagi ke antrean" in client.get(DEAD).text

    def test_replaying_twice_is_explained(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        dead_id = dead_message(runtime)
        login_as(Role.superadmin, pemda_id=None)
        submit_form(client, f"{DEAD}/messages/{dead_id}/replay")
        before = outbox_count(runtime)

        page = submit_form(client, f"{DEAD}/messages/{dead_id}/replay")

        assert page.status_code == 409
        assert "Pesan ini sudah diproses ulang." in page.text
        assert outbox_count(runtime) == before

    def test_a_pemda_admin_cannot_replay_a_message(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        dead_id = dead_message(runtime)
        login_as(Role.admin)

        response = submit_form(client, f"{DEAD}/messages/{dead_id}/replay")

        assert response.status_code == 403
        assert not replayed(runtime, dead_id)

    def test_replay_without_the_csrf_token_is_refused(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        dead_id = dead_message(runtime)
        login_as(Role.superadmin, pemda_id=None)

        response = client.post(f"{DEAD}/messages/{dead_id}/replay", data={"csrf_token": "forged"})

        assert response.status_code == 403
        assert not replayed(runtime, dead_id)

    def test_a_reviewer_is_refused(self, client: TestClient, login_as: LoginAs) -> None:
        login_as(Role.reviewer)

        assert client.get(DEAD).status_code == 403

    def test_not_logged_in_goes_to_the_login_page(self, client: TestClient) -> None:
        page = client.get(DEAD, follow_redirects=False)

        assert page.status_code == 303
        assert "/login?next=" in page.headers["location"]
