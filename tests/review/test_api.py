"""The review API as a reviewer uses it: list cases, read one, fetch evidence, decide."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.review.deps import ReviewRuntime
from services.review.models import OutboxMessage
from shared.auth import Role, TokenIssuer, generate_key_pair
from tests.review.conftest import ALL_SESUAI, Scene, bearer, principal
from tests.review.samples import PDF, Person, add_person, open_case, open_case_message, store_evidence


def outbox_rows(runtime: ReviewRuntime) -> list[OutboxMessage]:
    with runtime.session_factory() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at)))


def queued(broker: redis.Redis, queue: str) -> list[dict[str, Any]]:
    """The headers of the Celery messages waiting in `queue` (kombu's Redis list)."""
    return [json.loads(raw)["headers"] for raw in broker.lrange(queue, 0, -1)]


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert error["message"] != code  # a sentence, not a key
    return error


class TestListCases:
    def test_a_reviewer_sees_only_the_cases_of_their_pemda(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        ours = [open_case(runtime, open_case_message(pemda_id=pemda_id, minutes_ago=m)) for m in (10, 5)]
        open_case(runtime, open_case_message(pemda_id=uuid.uuid4(), nama="Inovasi Pemda Lain"))

        response = client.get("/api/v1/cases", headers=reviewer_headers)

        assert response.status_code == 200, response.text
        body = response.json()
        assert [item["id"] for item in body] == [str(ours[1]), str(ours[0])]  # newest submission first
        assert {item["nama"] for item in body} == {"Sistem Antrean Puskesmas Daring"}

    def test_the_status_filter_separates_open_and_decided_cases(self, scene: Scene) -> None:
        decided, still_open = scene.open(), scene.open()
        for reviewer in (scene.ani, scene.budi):
            scene.assess(reviewer, decided, ALL_SESUAI)
        assert scene.decide(scene.admin, decided, decision="accepted").status_code == 200

        headers = scene.ani.headers(scene.issuer)
        listed = {
            status: [
                c["id"] for c in scene.client.get(f"/api/v1/cases?status={status}", headers=headers).json()
            ]
            for status in ("open", "decided")
        }

        assert listed == {"open": [str(still_open)], "decided": [str(decided)]}

    def test_mine_lists_only_the_cases_assigned_to_the_caller(self, scene: Scene) -> None:
        case_id = scene.open()
        outsider = add_person(
            scene.runtime, pemda_id=scene.pemda_id, name="Citra Cadangan"
        )  # third: not needed

        def mine(person: Person) -> list[str]:
            response = scene.client.get("/api/v1/cases?mine=true", headers=person.headers(scene.issuer))
            return [c["id"] for c in response.json()]

        assert mine(scene.ani) == [str(case_id)]
        assert mine(scene.budi) == [str(case_id)]
        assert mine(outsider) == []

    def test_an_admin_of_the_pemda_may_list_too(
        self, client: TestClient, runtime: ReviewRuntime, pemda_id: uuid.UUID, issuer: TokenIssuer
    ) -> None:
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))

        response = client.get("/api/v1/cases", headers=bearer(issuer, pemda_id, Role.admin))

        assert [c["id"] for c in response.json()] == [str(case_id)]


class TestReadCase:
    def test_the_case_shows_the_snapshot_and_its_evidence_files(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        message = open_case_message(pemda_id=pemda_id, evidence_count=2)
        case_id = open_case(runtime, message)

        response = client.get(f"/api/v1/cases/{case_id}", headers=reviewer_headers)

        assert response.status_code == 200, response.text
        body = response.json()
        assert body["innovation_id"] == str(message.innovation_id)
        assert body["status"] == "open"
        assert body["snapshot"] == {
            "nama": "Sistem Antrean Puskesmas Daring",
            "tahapan": "penerapan",
            "jenis": "digital",
        }
        assert [(e["evidence_id"], e["object_key"], e["sha256"]) for e in body["evidence"]] == [
            (str(ref.evidence_id), ref.object_key, ref.sha256) for ref in message.evidence
        ]

    def test_a_case_of_another_pemda_is_not_found(
        self, client: TestClient, runtime: ReviewRuntime, reviewer_headers: dict[str, str]
    ) -> None:
        elsewhere = open_case(runtime, open_case_message(pemda_id=uuid.uuid4()))

        response = client.get(f"/api/v1/cases/{elsewhere}", headers=reviewer_headers)

        assert_error(response, 404, "review.case_not_found")


class TestTokens:
    def test_no_token_asks_to_log_in(self, client: TestClient) -> None:
        response = client.get("/api/v1/cases")

        error = assert_error(response, 401, "auth.missing_token")
        assert error["message"] == "Silakan masuk terlebih dahulu."
        assert response.headers["www-authenticate"] == "Bearer"

    def test_a_token_signed_by_another_key_is_refused(
        self, client: TestClient, pemda_id: uuid.UUID, issuer: TokenIssuer
    ) -> None:
        stranger = TokenIssuer(
            generate_key_pair()[0], issuer=issuer.issuer, audience=issuer.audience, ttl=timedelta(minutes=5)
        )

        response = client.get("/api/v1/cases", headers=bearer(stranger, pemda_id))

        assert_error(response, 401, "auth.token_invalid")

    def test_an_expired_token_is_refused(
        self, client: TestClient, pemda_id: uuid.UUID, issuer: TokenIssuer
    ) -> None:
        token = issuer.issue(principal(pemda_id), ttl=timedelta(minutes=-5))

        response = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})

        error = assert_error(response, 401, "auth.token_expired")
        assert "berakhir" in error["message"]

    def test_a_tampered_token_is_refused(
        self, client: TestClient, pemda_id: uuid.UUID, issuer: TokenIssuer
    ) -> None:
        # A reviewer of one pemda rewrites the pemda claim to read another pemda's cases.
        header, _payload, signature = issuer.issue(principal(pemda_id)).split(".")
        other = bearer(issuer, uuid.uuid4())["Authorization"].removeprefix("Bearer ").split(".")[1]

        response = client.get(
            "/api/v1/cases", headers={"Authorization": f"Bearer {header}.{other}.{signature}"}
        )

        assert_error(response, 401, "auth.token_invalid")


class TestRoles:
    @pytest.mark.parametrize("role", [Role.opd_operator, Role.opd_head])
    def test_opd_people_cannot_use_the_review_api(
        self, client: TestClient, runtime: ReviewRuntime, pemda_id: uuid.UUID, issuer: TokenIssuer, role: Role
    ) -> None:
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))
        headers = bearer(issuer, pemda_id, role)

        assert_error(client.get("/api/v1/cases", headers=headers), 403, "error.forbidden")
        decision = client.post(
            f"/api/v1/cases/{case_id}/decision", json={"decision": "accepted"}, headers=headers
        )
        assert_error(decision, 403, "error.forbidden")
        assert outbox_rows(runtime) == []


class TestEvidenceDownload:
    def test_the_presigned_url_downloads_the_stored_bytes(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        message = open_case_message(pemda_id=pemda_id)
        [ref] = message.evidence
        content = PDF + b"% berkas 1\n"
        store_evidence(runtime, ref, content)
        case_id = open_case(runtime, message)

        response = client.get(f"/api/v1/cases/{case_id}/evidence/{ref.evidence_id}", headers=reviewer_headers)

        assert response.status_code == 200, response.text
        link = response.json()
        assert (link["sha256"], link["filename"], link["expires_in"]) == (ref.sha256, "sk-bupati.pdf", 300)
        assert "X-Amz-Signature=" in link["url"]
        download = httpx.get(link["url"], timeout=10)
        assert download.status_code == 200
        assert download.content == content
        assert 'filename="sk-bupati.pdf"' in download.headers["content-disposition"]

    def test_a_tampered_signature_is_refused_by_the_storage(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        message = open_case_message(pemda_id=pemda_id)
        [ref] = message.evidence
        store_evidence(runtime, ref, PDF + b"% berkas 1\n")
        case_id = open_case(runtime, message)
        url = client.get(
            f"/api/v1/cases/{case_id}/evidence/{ref.evidence_id}", headers=reviewer_headers
        ).json()["url"]

        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        signature = query["X-Amz-Signature"]
        query["X-Amz-Signature"] = ("0" if signature[0] != "0" else "1") + signature[1:]
        tampered = urlunsplit(parts._replace(query=urlencode(query)))

        assert httpx.get(url, timeout=10).status_code == 200
        assert httpx.get(tampered, timeout=10).status_code == 403

    def test_evidence_that_is_not_in_the_case_is_not_found(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))

        response = client.get(f"/api/v1/cases/{case_id}/evidence/{uuid.uuid4()}", headers=reviewer_headers)

        assert_error(response, 404, "review.evidence_not_found")

    def test_evidence_of_another_pemdas_case_is_not_found(
        self, client: TestClient, runtime: ReviewRuntime, reviewer_headers: dict[str, str]
    ) -> None:
        message = open_case_message(pemda_id=uuid.uuid4())
        case_id = open_case(runtime, message)

        response = client.get(
            f"/api/v1/cases/{case_id}/evidence/{message.evidence[0].evidence_id}", headers=reviewer_headers
        )

        assert_error(response, 404, "review.case_not_found")
