"""The templates API: every template listed, a preview with sample data, refused to non-admins."""

from __future__ import annotations

from fastapi.testclient import TestClient

from shared.auth import Role
from shared.contracts.notification import EVENT_TYPES
from tests.notification.conftest import TokenFor


class TestTemplates:
    def test_every_template_is_listed_with_its_meta_name(self, client: TestClient, auth: TokenFor) -> None:
        rows = client.get("/api/v1/templates", headers=auth()).json()

        assert len(rows) == len(EVENT_TYPES) * 4
        assert all(row["exists"] for row in rows)
        accepted = [
            r for r in rows if r["event_type"] == "innovation.accepted" and r["channel"] == "whatsapp"
        ]
        assert {r["meta_template"] for r in accepted} == {"gi_innovation_accepted"}

    def test_preview_with_sample_data(self, client: TestClient, auth: TokenFor) -> None:
        email = client.get("/api/v1/templates/innovation.revision_requested/email/id/preview", headers=auth())
        whatsapp = client.get("/api/v1/templates/period.closing/whatsapp/en/preview", headers=auth())

        assert email.status_code == 200
        assert email.json()["subject"] == 'Inovasi "Posyandu Digital" perlu diperbaiki'
        assert "Indikator 20 (Video inovasi)" in email.json()["text"]
        assert email.json()["html"].startswith("<!doctype html>")
        assert whatsapp.json()["meta_template"] == "gi_period_closing"
        assert whatsapp.json()["meta_params"][:3] == ["Rina Operator", "Gelar Inovasi Daerah 2027", "3"]

    def test_unknown_template_and_non_admins(self, client: TestClient, auth: TokenFor) -> None:
        missing = client.get("/api/v1/templates/innovation.teleported/email/id/preview", headers=auth())
        operator = client.get("/api/v1/templates", headers=auth(Role.opd_operator))

        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "notification.unknown_template"
        assert operator.status_code == 403
