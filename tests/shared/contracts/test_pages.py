"""The page addresses messages link to: each exists on its owner's app, and the links are built safely."""

from __future__ import annotations

import importlib
import uuid

import pytest
from fastapi.testclient import TestClient

from shared.contracts.notification import EVENT_TYPES
from shared.contracts.pages import (
    ACTION_PAGES,
    DELIVERY_LOG,
    OWN_LINKS,
    PREFERENCES,
    PageAddress,
    action_url,
)

BASES = {
    "PUBLIC_BASE_URL": "https://inovasi.kukarkab.go.id/",
    "REVIEW_BASE_URL": "https://inovasi.kukarkab.go.id",
    "NOTIFICATION_BASE_URL": "https://pesan.kukarkab.go.id",
}
ADDRESSES = sorted({*ACTION_PAGES.values(), PREFERENCES, DELIVERY_LOG}, key=lambda a: (a.service, a.path))


class TestEveryEventLeadsSomewhere:
    def test_each_event_type_has_a_page_or_carries_its_own_link(self) -> None:
        assert sorted(set(EVENT_TYPES) - set(ACTION_PAGES) - set(OWN_LINKS)) == []


class TestTheAddressesExist:
    @pytest.mark.parametrize("address", ADDRESSES, ids=lambda a: f"{a.service}{a.path}")
    def test_the_owner_serves_the_page_behind_its_login(self, address: PageAddress) -> None:
        app = importlib.import_module(f"services.{address.service}.main").app
        path = address.path.format(**{name: uuid.uuid4() for name in address.placeholders})

        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get(path, follow_redirects=False)

        # A page that exists asks a stranger to log in first (and comes back here); a moved one is a 404.
        assert response.status_code == 303, (path, response.status_code)
        assert "/login?next=" in response.headers["location"]


class TestLinks:
    def test_an_event_links_its_owners_base_url_and_the_id_from_the_data(self) -> None:
        case_id = uuid.uuid4()

        assert action_url("reviewer.assigned", {"case_id": str(case_id)}, BASES) == (
            f"https://inovasi.kukarkab.go.id/review/cases/{case_id}"
        )
        assert action_url("innovation.sent_to_head", {"innovation_id": str(case_id)}, BASES) == (
            f"https://inovasi.kukarkab.go.id/opd/approvals/{case_id}"
        )
        assert PREFERENCES.url(BASES, {}) == "https://pesan.kukarkab.go.id/notifications/preferences"

    @pytest.mark.parametrize("value", [None, "", "../../admin/users", "abc?x=1", 42])
    def test_no_link_when_the_id_is_missing_or_not_an_id(self, value: object) -> None:
        assert action_url("review.overdue", {"case_id": value}, BASES) is None

    def test_invitations_and_resets_keep_the_link_their_sender_made(self) -> None:
        assert action_url("account.invited", {"invite_url": "https://x.go.id/accept?t=1"}, BASES) == (
            "https://x.go.id/accept?t=1"
        )
        assert action_url("account.password_reset", {}, BASES) is None
