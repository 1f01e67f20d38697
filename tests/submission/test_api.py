"""The submission API as an OPD operator uses it: log in, draft, upload evidence, submit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from services.submission.deps import SubmissionRuntime, holder
from services.submission.main import create_app
from services.submission.models import EvidenceItem, Innovation, OutboxMessage
from shared.auth import TokenIssuer, generate_key_pair
from shared.devtools.netutil import wait_for_success
from shared.devtools.seaweed import SeaweedServer
from shared.devtools.testing import RedisServer, free_ports_with_grpc
from shared.storage import EvidenceStore
from tests.submission.conftest import PASSWORD, Tenant, add_operator, login, seed_tenant
from tests.submission.dossier import complete, send_and_approve
from tests.submission.samples import PDF, PNG, pdf_of_size
from tests.tokens import issuer_for

DRAFT = {"nama": "Sistem Antrean Puskesmas Daring", "tahapan": "penerapan", "jenis": "digital"}


def create_draft(client: TestClient, headers: dict[str, str]) -> str:
    response = client.post("/api/v1/innovations", json=DRAFT, headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def upload(
    client: TestClient,
    headers: dict[str, str],
    innovation_id: str,
    content: bytes,
    name: str = "sk.pdf",
    indicator_no: int = 1,
) -> object:
    return client.post(
        f"/api/v1/innovations/{innovation_id}/evidence",
        headers=headers,
        data={"indicator_no": str(indicator_no), "nomor_surat": "100/123/2026", "tentang": "SK Bupati"},
        files={"file": (name, content, "application/pdf")},
    )


def evidence_count(runtime: SubmissionRuntime) -> int:
    with runtime.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(EvidenceItem)) or 0)


def objects_under(runtime: SubmissionRuntime, prefix: str) -> list[str]:
    client = runtime.store.client
    return [
        o.object_name or "" for o in client.list_objects(runtime.store.bucket, prefix=prefix, recursive=True)
    ]


class TestLogin:
    def test_the_right_password_gives_a_token_the_api_accepts(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        headers = login(client, tenant.operator.email)
        me = client.get("/api/v1/auth/me", headers=headers)
        assert me.status_code == 200
        assert me.json()["role"] == "opd_operator"
        assert me.json()["opd_id"] == str(tenant.opd.id)

    def test_a_wrong_password_is_refused_in_indonesian(self, client: TestClient, tenant: Tenant) -> None:
        response = client.post(
            "/api/v1/auth/token", data={"username": tenant.operator.email, "password": "salah"}
        )
        assert response.status_code == 401
        assert response.json()["error"] == {
            "code": "auth.invalid_credentials",
            "message": "Email atau kata sandi salah.",
        }

    def test_english_is_available(self, client: TestClient, tenant: Tenant) -> None:
        response = client.post(
            "/api/v1/auth/token",
            data={"username": tenant.operator.email, "password": "salah"},
            headers={"Accept-Language": "en-US,en;q=0.9"},
        )
        assert response.json()["error"]["message"] == "Wrong email or password."

    def test_an_unknown_account_gets_the_same_answer(self, client: TestClient, tenant: Tenant) -> None:
        response = client.post(
            "/api/v1/auth/token", data={"username": "siapa@kukar.test", "password": PASSWORD}
        )
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "auth.invalid_credentials"


class TestTokens:
    def issuer(self, runtime: SubmissionRuntime, private_key: str | None = None) -> TokenIssuer:
        return issuer_for(runtime.settings.common, private_key=private_key)

    def me(self, client: TestClient, token: str) -> tuple[int, str]:
        response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        return response.status_code, response.json().get("error", {}).get("code", "")

    def test_no_token_asks_to_log_in(self, client: TestClient) -> None:
        response = client.get("/api/v1/innovations")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "auth.missing_token"

    def test_an_expired_token_is_refused(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        from services.submission.principals import principal_of

        token = self.issuer(runtime).issue(principal_of(tenant.operator), ttl=timedelta(seconds=-60))
        assert self.me(client, token) == (401, "auth.token_expired")

    def test_a_tampered_token_is_refused(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        from services.submission.principals import principal_of

        token = self.issuer(runtime).issue(principal_of(tenant.operator))
        header, payload, signature = token.split(".")
        tampered = f"{header}.{payload[:-4]}AAAA.{signature}"
        assert self.me(client, tampered) == (401, "auth.token_invalid")

    def test_a_token_signed_by_another_key_is_refused(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        from services.submission.principals import principal_of

        other_private, _ = generate_key_pair()
        token = self.issuer(runtime, other_private).issue(principal_of(tenant.operator))
        assert self.me(client, token) == (401, "auth.token_invalid")


class TestDrafts:
    def test_an_operator_creates_a_draft_in_the_open_period(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant
    ) -> None:
        response = client.post(
            "/api/v1/innovations", json={**DRAFT, "nama": "  Sistem   Antrean  "}, headers=operator_headers
        )
        assert response.status_code == 201
        body = response.json()
        assert (body["status"], body["nama"], body["opd_id"]) == (
            "draft",
            "Sistem Antrean",
            str(tenant.opd.id),
        )

    def test_a_bad_tahapan_is_refused_with_the_field_named(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        response = client.post(
            "/api/v1/innovations", json={**DRAFT, "tahapan": "selesai"}, headers=operator_headers
        )
        assert response.status_code == 422
        assert response.json()["error"]["fields"][0]["field"] == "tahapan"
        with runtime.session_factory() as session:
            assert session.scalar(select(func.count()).select_from(Innovation)) == 0

    def test_another_opd_cannot_see_the_draft(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        add_operator(runtime, tenant, "lain@kukar.test", tenant.other_opd)
        other = login(client, "lain@kukar.test")
        assert client.get(f"/api/v1/innovations/{innovation_id}", headers=other).status_code == 404
        assert client.get("/api/v1/innovations", headers=other).json() == []


class TestEvidenceUpload:
    def test_a_pdf_is_streamed_to_s3_under_its_sha256(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        import hashlib

        innovation_id = create_draft(client, operator_headers)
        response = upload(client, operator_headers, innovation_id, PDF)
        assert response.status_code == 201, response.text  # type: ignore[attr-defined]
        body = response.json()  # type: ignore[attr-defined]
        digest = hashlib.sha256(PDF).hexdigest()
        assert body["sha256"] == digest
        assert body["object_key"].endswith(f"/{innovation_id}/01/{digest}")
        assert runtime.store.get(body["object_key"]) == PDF
        assert body["content_type"] == "application/pdf"

    def test_the_same_file_twice_is_one_record(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        first = upload(client, operator_headers, innovation_id, PDF).json()  # type: ignore[attr-defined]
        second = upload(client, operator_headers, innovation_id, PDF).json()  # type: ignore[attr-defined]
        assert first["id"] == second["id"]
        assert evidence_count(runtime) == 1

    def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        response = upload(client, operator_headers, innovation_id, pdf_of_size(1024 * 1024 + 1))
        assert response.status_code == 413  # type: ignore[attr-defined]
        assert "1 MB" in response.json()["error"]["message"]  # type: ignore[attr-defined]
        assert evidence_count(runtime) == 0
        assert objects_under(runtime, "") == [] or not any(
            innovation_id in k for k in objects_under(runtime, "")
        )

    def test_a_chunked_upload_without_content_length_is_cut_off_at_the_limit(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        boundary = "batas"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="indicator_no"\r\n\r\n1\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="besar.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()

        def body() -> Iterator[bytes]:
            yield head + PDF
            for _ in range(40):  # 40 x 64 KiB = 2.5 MiB, more than the 1 MiB limit
                yield b"%" * 65536
            yield f"\r\n--{boundary}--\r\n".encode()

        response = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence",
            headers={**operator_headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
            content=body(),
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "error.request_too_large"
        assert evidence_count(runtime) == 0
        assert not any(innovation_id in key for key in objects_under(runtime, ""))

    @pytest.mark.parametrize(
        ("content", "name", "indicator_no", "code"),
        [
            (PNG, "alat.pdf", 4, "evidence.name_mismatch"),
            (PNG, "sk.png", 1, "evidence.wrong_kind"),
            (b"MZ\x90\x00 this is an executable", "sk.pdf", 1, "evidence.wrong_kind"),
            (b"<html><script>alert(1)</script></html>", "sk.pdf", 1, "evidence.wrong_kind"),
        ],
    )
    def test_content_that_is_not_what_it_claims_is_refused(
        self,
        client: TestClient,
        operator_headers: dict[str, str],
        runtime: SubmissionRuntime,
        content: bytes,
        name: str,
        indicator_no: int,
        code: str,
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        response = upload(
            client, operator_headers, innovation_id, content, name=name, indicator_no=indicator_no
        )
        assert response.status_code == 415  # type: ignore[attr-defined]
        assert response.json()["error"]["code"] == code  # type: ignore[attr-defined]
        assert evidence_count(runtime) == 0
        assert not any(innovation_id in key for key in objects_under(runtime, ""))


class TestStorageOutage:
    def test_s3_down_gives_503_and_no_row_then_the_same_upload_works(
        self, make_runtime: Callable[..., SubmissionRuntime], tmp_path: Path
    ) -> None:
        s3_port, master, volume, filer = free_ports_with_grpc(4)
        server = SeaweedServer(
            tmp_path / "s3",
            s3_port=s3_port,
            master_port=master,
            volume_port=volume,
            filer_port=filer,
            access_key="outage",
            secret_key="outage-secret-123",
        )
        server.start()
        try:
            wait_for_success(EvidenceStore(server.settings()).ensure_bucket, timeout=60, what="bucket")
            runtime = make_runtime(s3=server.settings())
            holder.use(runtime)
            tenant = seed_tenant(runtime)
            with TestClient(create_app()) as client:
                headers = login(client, tenant.operator.email)
                innovation_id = create_draft(client, headers)
                server.stop()
                down = upload(client, headers, innovation_id, PDF)
                assert down.status_code == 503  # type: ignore[attr-defined]
                assert down.json()["error"]["code"] == "storage.unavailable"  # type: ignore[attr-defined]
                assert "coba lagi" in down.json()["error"]["message"]  # type: ignore[attr-defined]
                assert evidence_count(runtime) == 0
                server.start()
                wait_for_success(runtime.store.ping, timeout=60, what="S3 back")
                again = upload(client, headers, innovation_id, PDF)
                assert again.status_code == 201, again.text  # type: ignore[attr-defined]
                assert evidence_count(runtime) == 1
        finally:
            server.stop()


class TestSubmit:
    def test_approval_writes_the_case_and_the_notification_to_the_outbox(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        complete(client, operator_headers, innovation_id)
        head = login(client, tenant.head.email)
        response = send_and_approve(client, operator_headers, head, innovation_id)
        assert response.status_code == 200
        assert (response.json()["status"], response.json()["version"]) == ("submitted", 1)
        with runtime.session_factory() as session:
            rows = list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at)))
        cases = [r.payload for r in rows if r.task_name == "review.open_case"]
        assert len(cases) == 1
        snapshot = cases[0]
        assert snapshot["version"] == 1
        assert snapshot["opd_name"] == "Dinas Kesehatan"
        assert snapshot["profile"]["urusan_utama"] == "kesehatan"
        assert {a["indicator_no"]: a["claimed_parameter"] for a in snapshot["answers"]}[18] == 2
        assert len(snapshot["answers"]) == 20
        assert {e["indicator_no"] for e in snapshot["evidence"]} == {1, 2, 17, 18, 20}
        events = [r.payload for r in rows if r.task_name == "notification.notify"]
        assert [e["event_type"] for e in events] == ["innovation.sent_to_head", "innovation.submitted"]
        assert {r["email"] for r in events[0]["recipients"]} == {tenant.head.email}
        assert (events[0]["data"]["version"], events[1]["data"]["version"]) == (1, 1)  # never "versi 0"
        assert {r["whatsapp"] for r in events[1]["recipients"]} >= {"+6281234567001"}

    def test_a_submitted_innovation_cannot_be_submitted_or_changed_again(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        complete(client, operator_headers, innovation_id)
        head = login(client, tenant.head.email)
        assert send_and_approve(client, operator_headers, head, innovation_id).status_code == 200
        again = client.post(f"/api/v1/innovations/{innovation_id}/submit", headers=operator_headers)
        assert again.status_code == 409
        assert "tidak dapat dikirim" in again.json()["error"]["message"]
        late = upload(client, operator_headers, innovation_id, PDF)
        assert late.status_code == 409  # type: ignore[attr-defined]
        assert "submitted" in late.json()["error"]["message"]  # type: ignore[attr-defined]


class TestBrokerOutage:
    def test_submit_succeeds_with_redis_down_and_the_relay_sends_it_once_redis_is_back(
        self, make_runtime: Callable[..., SubmissionRuntime], tmp_path: Path
    ) -> None:
        import redis

        broker = RedisServer(tmp_path / "redis").start()
        runtime = make_runtime(redis_url=broker.url)
        holder.use(runtime)
        tenant = seed_tenant(runtime)
        with TestClient(create_app()) as client:
            headers = login(client, tenant.operator.email)
            innovation_id = create_draft(client, headers)
            complete(client, headers, innovation_id)
            head = login(client, tenant.head.email)
            broker.stop()
            response = send_and_approve(client, headers, head, innovation_id)
            assert response.status_code == 200
            assert response.json()["status"] == "submitted"
        with runtime.session_factory() as session:
            rows = list(
                session.scalars(
                    select(OutboxMessage).where(
                        OutboxMessage.task_name.in_(("review.open_case", "notification.notify"))
                    )
                )
            )
        assert sorted(r.task_name for r in rows) == [
            "notification.notify",
            "notification.notify",
            "review.open_case",
        ]
        assert all(r.published_at is None for r in rows)
        assert any("Error" in (r.last_error or "") for r in rows)

        broker.start()
        try:
            assert runtime.db.outbox.relay() == 3
            assert runtime.db.outbox.relay() == 0
            queued = redis.Redis.from_url(broker.url)
            assert queued.llen("review") == 1
            assert queued.llen("notification") == 2
        finally:
            broker.stop()
