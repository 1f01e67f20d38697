"""The admin's notification log, one notification's history, and resending a failed delivery."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from services.notification.deps import NotificationRuntime
from services.notification.models import Channel, DeliveryStatus, OutboxMessage, ProviderName
from shared.auth import Role
from tests.notification.helpers import OTHER_PEMDA_ID, person
from tests.notification.web.conftest import LoginAs, Notify, delivery, notification_ids, set_status
from tests.pages import submit_form

LOG = "/notifications/log"
SENT_AT = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 09.30 WITA


def outbox_count(runtime: NotificationRuntime) -> int:
    with runtime.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxMessage)) or 0)


class TestLog:
    def test_shows_each_notification_with_its_deliveries_in_the_pemda_zone(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        email, wa = notify(person(name="Rina Operator"), event_type="innovation.accepted")
        set_status(runtime, email.id, DeliveryStatus.delivered, provider=ProviderName.smtp, sent_at=SENT_AT)
        set_status(
            runtime,
            wa.id,
            DeliveryStatus.failed,
            provider=ProviderName.cloud_api,
            error_reason="number blocked",
        )
        notify(person(name="Orang Pemda Lain", pemda_id=OTHER_PEMDA_ID))
        login_as(Role.admin)

        page = client.get(LOG)

        assert page.status_code == 200
        html = page.text
        assert "Log notifikasi" in html
        assert "Rina Operator" in html
        assert "Inovasi diterima" in html
        assert "Sampai" in html  # email delivered
        assert "Gagal" in html  # WhatsApp failed
        assert "Kesalahan: number blocked" in html
        assert "lewat SMTP" in html
        assert "Terkirim 2 Maret 2026 pukul 09.30 WITA" in html
        assert "Orang Pemda Lain" not in html  # another pemda's people are not shown
        assert html.count("Kirim ulang</button>") == 1  # only the failed one offers a resend

    def test_filters_by_channel_status_event_and_recipient_and_keeps_them(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        email, _ = notify(person(name="Rina Operator", email="rina@dinkes.kukar.demo"))
        set_status(runtime, email.id, DeliveryStatus.failed)
        notify(
            person(name="Budi Kepala", email="budi@dinkes.kukar.demo"), event_type="innovation.sent_to_head"
        )
        notify(person(name="Sari Verifikator", email="sari@kukar.demo", whatsapp="081299988877"))
        login_as(Role.admin)

        failed = client.get(LOG, params={"status": "failed", "channel": "email"}).text
        to_head = client.get(LOG, params={"event": "innovation.sent_to_head"}).text
        by_name = client.get(LOG, params={"recipient": "budi"}).text
        by_number = client.get(LOG, params={"recipient": "0812999"}).text
        nothing = client.get(LOG, params={"recipient": "nobody-like-this"}).text

        assert "Rina Operator" in failed
        assert "Budi Kepala" not in failed
        assert '<option value="failed" selected>' in failed
        assert '<option value="email" selected>' in failed
        assert "Budi Kepala" in to_head
        assert "Rina Operator" not in to_head
        assert "Budi Kepala" in by_name
        assert "Sari Verifikator" not in by_name
        assert 'value="budi"' in by_name
        assert "Sari Verifikator" in by_number
        assert "Rina Operator" not in by_number
        assert "Tidak ada notifikasi yang cocok" in nothing

    def test_unknown_filter_values_are_ignored_not_an_error(
        self, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        notify(person(name="Rina Operator"))
        login_as(Role.admin)

        page = client.get(LOG, params={"status": "lost", "channel": "pigeon", "page": "x"})

        assert page.status_code == 200
        assert "Rina Operator" in page.text

    def test_pages_of_25_with_next_and_previous(
        self, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        notify(*[person(name=f"Orang {i:02d}", email=f"orang{i:02d}@kukar.demo") for i in range(27)])
        login_as(Role.admin)

        first = client.get(LOG).text
        second = client.get(LOG, params={"page": "2"}).text

        assert first.count('class="who-name"') == 25
        assert "Halaman berikutnya" in first
        assert "Halaman sebelumnya" not in first
        assert second.count('class="who-name"') == 2
        assert "Halaman sebelumnya" in second
        assert "Halaman berikutnya" not in second

    def test_a_non_admin_is_refused(self, client: TestClient, login_as: LoginAs, notify: Notify) -> None:
        notify(person(name="Rina Operator"))
        login_as(Role.opd_operator)

        page = client.get(LOG)

        assert page.status_code == 403
        assert "Rina Operator" not in page.text

    def test_not_logged_in_goes_to_the_login_page(
        self, runtime: NotificationRuntime, client: TestClient
    ) -> None:
        page = client.get(LOG, follow_redirects=False)

        assert page.status_code == 303
        assert page.headers["location"].startswith(runtime.settings.common.public_base_url + "/login?next=")


class TestTimeline:
    def test_shows_every_step_of_every_delivery(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        email, _ = notify(person(name="Rina Operator"))
        (notification_id,) = notification_ids(runtime)
        login_as(Role.admin)

        page = client.get(f"{LOG}/{notification_id}")

        assert page.status_code == 200
        assert "Riwayat pengiriman ke Rina Operator" in page.text
        assert page.text.count("Dalam antrean</span>") >= 2  # each delivery was queued
        assert "Langkah pengiriman" in page.text
        assert "Email" in page.text
        assert "WhatsApp" in page.text
        assert email.channel is Channel.email

    def test_another_pemdas_notification_is_not_found(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        notify(person(name="Orang Pemda Lain", pemda_id=OTHER_PEMDA_ID))
        (notification_id,) = notification_ids(runtime)
        login_as(Role.admin)

        page = client.get(f"{LOG}/{notification_id}")

        assert page.status_code == 404
        assert "Orang Pemda Lain" not in page.text

    def test_an_unknown_id_is_a_page_not_a_trace(self, client: TestClient, login_as: LoginAs) -> None:
        login_as(Role.admin)

        page = client.get(f"{LOG}/{uuid.uuid4()}")

        assert page.status_code == 404
        assert "Traceback" not in page.text
        assert "<html" in page.text


class TestResend:
    def test_resending_a_failed_delivery_queues_it_and_says_so(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        _, wa = notify(person(name="Rina Operator"))
        set_status(runtime, wa.id, DeliveryStatus.failed)
        login_as(Role.admin, name="Admin BRIDA")
        before = outbox_count(runtime)

        response = submit_form(client, f"{LOG}/deliveries/{wa.id}/resend", {"next": f"{LOG}?status=failed"})

        assert response.status_code == 303
        assert response.headers["location"] == f"{LOG}?status=failed"
        assert delivery(runtime, wa.id).status is DeliveryStatus.queued
        assert outbox_count(runtime) == before + 1  # a DeliverNotification on its way
        assert "Pengiriman dijadwalkan ulang" in client.get(response.headers["location"]).text

    def test_back_goes_only_to_this_log(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        _, wa = notify(person())
        set_status(runtime, wa.id, DeliveryStatus.failed)
        login_as(Role.admin)

        response = submit_form(client, f"{LOG}/deliveries/{wa.id}/resend", {"next": "https://evil.example/"})

        assert response.headers["location"] == LOG

    def test_a_delivery_still_in_progress_is_not_resent(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        _, wa = notify(person())
        set_status(runtime, wa.id, DeliveryStatus.sending)
        login_as(Role.admin)
        before = outbox_count(runtime)

        page = submit_form(client, f"{LOG}/deliveries/{wa.id}/resend")

        assert page.status_code == 409
        assert "kirim ulang hanya untuk yang sudah selesai" in page.text
        assert delivery(runtime, wa.id).status is DeliveryStatus.sending
        assert outbox_count(runtime) == before

    def test_without_the_csrf_token_nothing_is_resent(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        _, wa = notify(person())
        set_status(runtime, wa.id, DeliveryStatus.failed)
        login_as(Role.admin)

        response = client.post(f"{LOG}/deliveries/{wa.id}/resend", data={"csrf_token": "forged"})

        assert response.status_code == 403
        assert delivery(runtime, wa.id).status is DeliveryStatus.failed

    def test_a_non_admin_cannot_resend(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        _, wa = notify(person())
        set_status(runtime, wa.id, DeliveryStatus.failed)
        login_as(Role.reviewer)

        response = submit_form(client, f"{LOG}/deliveries/{wa.id}/resend")

        assert response.status_code == 403
        assert delivery(runtime, wa.id).status is DeliveryStatus.failed

    def test_an_admin_of_another_pemda_cannot_resend(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        _, wa = notify(person())
        set_status(runtime, wa.id, DeliveryStatus.failed)
        login_as(Role.admin, pemda_id=OTHER_PEMDA_ID)

        response = submit_form(client, f"{LOG}/deliveries/{wa.id}/resend")

        assert response.status_code == 404
        assert delivery(runtime, wa.id).status is DeliveryStatus.failed


class TestWording:
    def test_the_log_in_english(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        email, _ = notify(person(name="Rina Operator"))
        set_status(runtime, email.id, DeliveryStatus.delivered)
        login_as(Role.admin)
        client.cookies.set("gi_lang", "en")

        html = client.get(LOG).text

        assert "Notification log" in html
        assert "Innovation accepted" in html
        assert "Delivered" in html
        assert "Log notifikasi" not in html

    def test_a_delivery_held_for_quiet_hours_says_until_when(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        _, wa = notify(person(name="Rina Operator"))
        set_status(runtime, wa.id, DeliveryStatus.queued, not_before=datetime(2099, 1, 1, 22, 0, tzinfo=UTC))
        login_as(Role.admin)

        html = client.get(LOG).text

        assert "Ditahan</span>" in html
        assert "ditahan sampai 2 Januari 2099 pukul 06.00 WITA" in html

    def test_a_delivery_whose_enqueue_was_lost_says_how_long_it_is_stuck(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        email, wa = notify(person(name="Rina Operator"))
        now = datetime.now(UTC)
        set_status(runtime, email.id, DeliveryStatus.queued, updated_at=now - timedelta(minutes=14))
        set_status(runtime, wa.id, DeliveryStatus.queued, updated_at=now - timedelta(seconds=30))
        login_as(Role.admin)

        html = client.get(LOG).text

        # Queued 14 minutes ago with a grace of 2: its expected enqueue is 14 minutes overdue.
        assert html.count("tertahan 14 menit") == 1
        assert "tertahan 0 menit" not in html
        assert html.count("tertahan ") == 1
