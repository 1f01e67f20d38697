"""The links stored with a notification: the page where its recipient acts and their settings."""

from __future__ import annotations

import uuid

from services.notification.links import digest_links, with_links

BASES = {
    "PUBLIC_BASE_URL": "https://inovasi.kukarkab.go.id",
    "REVIEW_BASE_URL": "https://inovasi.kukarkab.go.id",
    "NOTIFICATION_BASE_URL": "https://inovasi.kukarkab.go.id",
}


class TestWithLinks:
    def test_the_action_and_the_settings_are_added_to_the_data(self) -> None:
        innovation_id = str(uuid.uuid4())

        data = with_links(
            "innovation.revision_requested", {"innovation_id": innovation_id, "nama": "X"}, BASES
        )

        assert data == {
            "innovation_id": innovation_id,
            "nama": "X",
            "action_url": f"https://inovasi.kukarkab.go.id/opd/innovations/{innovation_id}",
            "preferences_url": "https://inovasi.kukarkab.go.id/notifications/preferences",
        }

    def test_a_link_the_sender_made_is_kept(self) -> None:
        data = with_links(
            "review.overdue", {"case_id": str(uuid.uuid4()), "action_url": "https://a/b"}, BASES
        )

        assert data["action_url"] == "https://a/b"

    def test_an_invitation_links_its_own_page_and_no_settings(self) -> None:
        data = with_links("account.invited", {"invite_url": "https://a/accept?t=1"}, BASES)

        assert data["action_url"] == "https://a/accept?t=1"
        assert "preferences_url" not in data

    def test_without_the_id_there_is_no_action_link(self) -> None:
        assert "action_url" not in with_links("reviewer.assigned", {"nama": "X"}, BASES)


class TestDigestLinks:
    def test_an_admin_gets_the_log_and_everyone_the_settings(self) -> None:
        assert digest_links(BASES, for_admin=True) == {
            "preferences_url": "https://inovasi.kukarkab.go.id/notifications/preferences",
            "action_url": "https://inovasi.kukarkab.go.id/notifications/log",
        }
        assert "action_url" not in digest_links(BASES, for_admin=False)
