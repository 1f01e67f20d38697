"""Each person's preferences: the API, and what they change about the deliveries."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from services.notification.deps import NotificationRuntime
from services.notification.models import Channel
from shared.auth import Role
from tests.notification.conftest import TokenFor
from tests.notification.helpers import (
    choose_preferences,
    deliveries,
    handle_notify,
    notify_message,
    person,
)


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
    def test_whatsapp_off_for_a_category_sends_email_only(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        me = choose_preferences(
            client,
            auth,
            {"categories": [{"category": "decisions", "email": True, "whatsapp": False}]},
        )
        handle_notify(runtime, notify_message(person(user_id=me), event_type="innovation.accepted"))
        handle_notify(runtime, notify_message(person(user_id=me), event_type="period.opened"))

        by_event = {(d.notification.event_type, d.channel) for d in deliveries(runtime)}
        assert by_event == {
            ("innovation.accepted", Channel.email),
            ("period.opened", Channel.email),
            ("period.opened", Channel.whatsapp),
        }

    def test_a_password_reset_is_emailed_even_with_email_off(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        me = choose_preferences(
            client,
            auth,
            {"categories": [{"category": "account", "email": False, "whatsapp": False, "mode": "digest"}]},
        )
        handle_notify(
            runtime,
            notify_message(
                person(user_id=me),
                event_type="account.password_reset",
                reset_url="https://x/r",
                expires_at="",
            ),
        )

        assert [d.channel for d in deliveries(runtime)] == [Channel.email]

    def test_the_admins_daily_summary_is_not_held_for_a_digest(
        self, runtime: NotificationRuntime, client: TestClient, auth: TokenFor
    ) -> None:
        me = choose_preferences(client, auth, {"categories": [{"category": "deadlines", "mode": "digest"}]})
        handle_notify(runtime, notify_message(person(user_id=me), event_type="digest.admin_daily", opds=[]))

        assert [d.channel for d in deliveries(runtime)] == [Channel.email, Channel.whatsapp]
