"""Pemdas through the API: the superadmin lists, creates and renames them; others see their own."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.submission import accounts
from services.submission.deps import SubmissionRuntime
from services.submission.models import AuditEntry, Pemda
from shared.auth import Role
from tests.submission.conftest import PASSWORD, Tenant, login, seed_tenant

NEW = {"slug": "kota-samarinda", "name": "Kota Samarinda", "kind": "kota", "timezone": "Asia/Makassar"}


def superadmin(client: TestClient, runtime: SubmissionRuntime) -> dict[str, str]:
    with runtime.db.unit_of_work() as uow:
        accounts.create_user(
            uow, email="super@gelar.test", name="Super", role=Role.superadmin, password=PASSWORD, pemda=None
        )
    return login(client, "super@gelar.test")


class TestListPemdas:
    def test_the_superadmin_sees_every_pemda_and_an_admin_only_their_own(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        seed_tenant(runtime, slug="berau")
        everyone = client.get("/api/v1/pemda", headers=superadmin(client, runtime))
        assert everyone.status_code == 200
        assert {p["slug"] for p in everyone.json()} == {"kukar", "berau"}
        own = client.get("/api/v1/pemda", headers=login(client, tenant.admin.email))
        assert [(p["slug"], p["timezone"]) for p in own.json()] == [("kukar", "Asia/Makassar")]


class TestCreatePemda:
    def test_the_superadmin_creates_a_pemda_and_it_is_audited(
        self, client: TestClient, runtime: SubmissionRuntime
    ) -> None:
        headers = superadmin(client, runtime)
        response = client.post("/api/v1/pemda", json=NEW, headers=headers)
        assert response.status_code == 201, response.text
        created = response.json()
        assert {k: created[k] for k in NEW} == NEW
        assert "kota-samarinda" in {p["slug"] for p in client.get("/api/v1/pemda", headers=headers).json()}
        with runtime.session_factory() as session:
            entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "pemda")).one()
        assert (entry.action, entry.actor_name, entry.after) == ("create", "Super", NEW)

    def test_a_duplicate_slug_is_refused_in_bahasa_indonesia(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        response = client.post(
            "/api/v1/pemda", json={**NEW, "slug": "kukar"}, headers=superadmin(client, runtime)
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "pemda.duplicate_slug"
        assert "sudah ada" in response.json()["error"]["message"]

    def test_a_time_zone_outside_indonesia_is_refused(
        self, client: TestClient, runtime: SubmissionRuntime
    ) -> None:
        response = client.post(
            "/api/v1/pemda", json={**NEW, "timezone": "Asia/Singapore"}, headers=superadmin(client, runtime)
        )
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "pemda.bad_timezone"
        assert "Asia/Makassar (WITA)" in response.json()["error"]["message"]
        with runtime.session_factory() as session:
            assert session.scalar(select(Pemda).where(Pemda.slug == NEW["slug"])) is None

    def test_a_bad_slug_is_refused(self, client: TestClient, runtime: SubmissionRuntime) -> None:
        response = client.post(
            "/api/v1/pemda", json={**NEW, "slug": "Kota Samarinda"}, headers=superadmin(client, runtime)
        )
        assert response.status_code == 422

    def test_an_admin_cannot_create_a_pemda(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        response = client.post("/api/v1/pemda", json=NEW, headers=login(client, tenant.admin.email))
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "pemda.superadmin_only"
        with runtime.session_factory() as session:
            assert session.scalar(select(Pemda).where(Pemda.slug == NEW["slug"])) is None


class TestRenamePemda:
    def test_the_superadmin_renames_a_pemda_and_it_is_audited(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        response = client.patch(
            f"/api/v1/pemda/{tenant.pemda.id}",
            json={"name": "Kabupaten Kutai Kartanegara"},
            headers=superadmin(client, runtime),
        )
        assert response.status_code == 200, response.text
        assert response.json()["name"] == "Kabupaten Kutai Kartanegara"
        with runtime.session_factory() as session:
            entry = session.scalars(
                select(AuditEntry).where(AuditEntry.entity == "pemda", AuditEntry.action == "update")
            ).one()
        assert (entry.before, entry.after) == (
            {"name": tenant.pemda.name},
            {"name": "Kabupaten Kutai Kartanegara"},
        )

    def test_an_admin_cannot_rename_their_pemda(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        response = client.patch(
            f"/api/v1/pemda/{tenant.pemda.id}",
            json={"name": "Nama Lain"},
            headers=login(client, tenant.admin.email),
        )
        assert response.status_code == 403
        with runtime.session_factory() as session:
            names = session.scalars(select(Pemda.name).where(Pemda.id == tenant.pemda.id)).all()
        assert names == [tenant.pemda.name]

    def test_an_unknown_pemda_is_not_found(self, client: TestClient, runtime: SubmissionRuntime) -> None:
        response = client.patch(
            "/api/v1/pemda/00000000-0000-4000-8000-000000000000",
            json={"name": "Nama Lain"},
            headers=superadmin(client, runtime),
        )
        assert response.status_code == 404
