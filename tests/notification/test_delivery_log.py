"""The delivery log as admins use it: their own pemda's deliveries, filters, timeline, resend."""

from __future__ import annotations

import contextlib
import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notification import sending
from services.notification.deps import NotificationRuntime
from services.notification.models import Delivery, DeliveryStatus
from shared.auth import Principal, Role, generate_key_pair
from shared.db import utc_now
from shared.devtools.sandbox import SmtpSink
from shared.errors import TransientError
from tests.notification.conftest import TokenFor
from tests.notification.helpers import (
    OTHER_PEMDA_ID,
    PEMDA_ID,
    deliveries,
    handle_notify,
    notify_message,
    person,
)
from tests.tokens import issuer_for


def send(runtime: NotificationRuntime, delivery_id: uuid.UUID, *, final: bool = False) -> None:
    with contextlib.suppress(TransientError):
        sending.send_delivery(
            runtime.db,
            runtime.providers,
            delivery_id=delivery_id,
            final_attempt=final,
            lease_seconds=runtime.settings.sending_lease_seconds,
        )


@pytest.fixture
def seeded(runtime: NotificationRuntime) -> dict[str, uuid.UUID]:
    """Rina (our pemda, email + WhatsApp), Budi (our pemda, email only), Sari (another pemda)."""
    rina, budi = person(name="Rina"), person(name="Budi", opt_in=False)
    sari = person(name="Sari", pemda_id=OTHER_PEMDA_ID, email="sari@other.demo")
    handle_notify(runtime, notify_message(rina, budi))
    handle_notify(runtime, notify_message(sari))
    return {"rina": rina.user_id, "budi": budi.user_id, "sari": sari.user_id}


class TestFilters:
    def test_by_event_type_and_by_date(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        handle_notify(runtime, notify_message(person(opt_in=False), event_type="innovation.submitted"))
        handle_notify(runtime, notify_message(person(opt_in=False), event_type="innovation.accepted"))
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
        email_id, wa_id = handle_notify(runtime, notify_message(person()))
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
        (email_id,) = handle_notify(runtime, notify_message(person(opt_in=False)))
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
        (email_id,) = handle_notify(runtime, notify_message(person(opt_in=False)))

        response = client.post(f"/api/v1/deliveries/{email_id}/resend", headers=auth())

        assert response.status_code == 409
        assert response.json()["error"]["code"] == "notification.not_resendable"

    def test_another_pemdas_delivery_is_not_found(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        (email_id,) = handle_notify(runtime, notify_message(person(opt_in=False)))

        response = client.post(f"/api/v1/deliveries/{email_id}/resend", headers=auth(pemda_id=uuid.uuid4()))

        assert response.status_code == 404


class TestListDeliveries:
    def test_admin_sees_only_their_pemda(
        self, client: TestClient, auth: TokenFor, seeded: dict[str, uuid.UUID]
    ) -> None:
        response = client.get("/api/v1/deliveries", headers=auth())

        assert response.status_code == 200
        rows = response.json()
        assert sorted((row["recipient_id"], row["channel"]) for row in rows) == sorted(
            [
                (str(seeded["rina"]), "email"),
                (str(seeded["rina"]), "whatsapp"),
                (str(seeded["budi"]), "email"),
            ]
        )
        assert {row["status"] for row in rows} == {"queued"}
        assert {row["event_type"] for row in rows} == {"innovation.accepted"}

    def test_filters_by_recipient_channel_and_status(
        self, client: TestClient, auth: TokenFor, seeded: dict[str, uuid.UUID]
    ) -> None:
        by_recipient = client.get(f"/api/v1/deliveries?recipient_id={seeded['budi']}", headers=auth()).json()
        by_channel = client.get("/api/v1/deliveries?channel=whatsapp", headers=auth()).json()
        by_status = client.get("/api/v1/deliveries?status=failed", headers=auth()).json()

        assert [(row["recipient_id"], row["channel"]) for row in by_recipient] == [
            (str(seeded["budi"]), "email")
        ]
        assert [(row["recipient_id"], row["channel"]) for row in by_channel] == [
            (str(seeded["rina"]), "whatsapp")
        ]
        assert by_status == []

    def test_superadmin_sees_every_pemda(
        self, client: TestClient, auth: TokenFor, seeded: dict[str, uuid.UUID]
    ) -> None:
        rows = client.get("/api/v1/deliveries", headers=auth(Role.superadmin, pemda_id=None)).json()

        assert {row["recipient_id"] for row in rows} == {str(user_id) for user_id in seeded.values()}

    def test_an_opd_operator_is_refused(self, client: TestClient, auth: TokenFor, seeded: object) -> None:
        response = client.get("/api/v1/deliveries", headers=auth(Role.opd_operator))

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "error.forbidden"

    def test_without_a_token_asks_to_log_in(self, client: TestClient) -> None:
        response = client.get("/api/v1/deliveries")

        assert response.status_code == 401
        assert response.json()["error"] == {
            "code": "auth.missing_token",
            "message": "Silakan masuk terlebih dahulu.",
        }

    def test_a_token_from_another_key_is_refused(
        self, client: TestClient, runtime: NotificationRuntime
    ) -> None:
        stranger = issuer_for(runtime.settings.common, private_key=generate_key_pair()[0])
        principal = Principal(user_id=uuid.uuid4(), pemda_id=PEMDA_ID, opd_id=None, role=Role.admin, name="X")

        response = client.get(
            "/api/v1/deliveries", headers={"Authorization": f"Bearer {stranger.issue(principal)}"}
        )

        assert response.status_code == 401
        assert response.json()["error"]["code"] == "auth.token_invalid"


class TestReadNotification:
    def _notification_of(self, client: TestClient, headers: dict[str, str], recipient_id: uuid.UUID) -> str:
        rows = client.get(f"/api/v1/deliveries?recipient_id={recipient_id}", headers=headers).json()
        return str(rows[0]["notification_id"])

    def test_shows_the_event_and_each_channel(
        self, client: TestClient, auth: TokenFor, seeded: dict[str, uuid.UUID]
    ) -> None:
        notification_id = self._notification_of(client, auth(), seeded["rina"])

        response = client.get(f"/api/v1/notifications/{notification_id}", headers=auth())

        assert response.status_code == 200
        body = response.json()
        assert body["event_type"] == "innovation.accepted"
        assert body["recipient"]["name"] == "Rina"
        assert body["data"]["nama"] == "Aplikasi Sehat Desa"
        assert [(d["channel"], d["status"], d["attempts"]) for d in body["deliveries"]] == [
            ("email", "queued", 0),
            ("whatsapp", "queued", 0),
        ]

    def test_another_pemdas_notification_is_not_found(
        self, client: TestClient, auth: TokenFor, seeded: dict[str, uuid.UUID]
    ) -> None:
        superadmin = auth(Role.superadmin, pemda_id=None)
        notification_id = self._notification_of(client, superadmin, seeded["sari"])

        response = client.get(f"/api/v1/notifications/{notification_id}", headers=auth())

        assert response.status_code == 404
        assert response.json()["error"]["code"] == "error.not_found"
        assert client.get(f"/api/v1/notifications/{notification_id}", headers=superadmin).status_code == 200

    def test_an_unknown_id_is_not_found_in_english_when_asked(
        self, client: TestClient, auth: TokenFor
    ) -> None:
        response = client.get(
            f"/api/v1/notifications/{uuid.uuid4()}", headers={**auth(), "Accept-Language": "en"}
        )

        assert response.status_code == 404
        assert response.json()["error"]["message"] == "Not found."
