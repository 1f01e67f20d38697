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
from shared.contracts.submission import ApplyReviewResult
from tests.review.conftest import bearer, principal
from tests.review.samples import PDF, open_case, open_case_message, store_evidence


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

    def test_the_status_filter_separates_open_and_decided_cases(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        decided, still_open = (open_case(runtime, open_case_message(pemda_id=pemda_id)) for _ in range(2))
        response = client.post(
            f"/api/v1/cases/{decided}/decision", json={"decision": "accepted"}, headers=reviewer_headers
        )
        assert response.status_code == 200, response.text

        open_ids = [c["id"] for c in client.get("/api/v1/cases?status=open", headers=reviewer_headers).json()]
        decided_ids = [
            c["id"] for c in client.get("/api/v1/cases?status=decided", headers=reviewer_headers).json()
        ]

        assert open_ids == [str(still_open)]
        assert decided_ids == [str(decided)]

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


class TestDecision:
    def test_a_decision_closes_the_case_and_sends_submission_one_message(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        broker: redis.Redis,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        message = open_case_message(pemda_id=pemda_id)
        case_id = open_case(runtime, message)

        response = client.post(
            f"/api/v1/cases/{case_id}/decision",
            json={"decision": "revision_requested", "note": "  Lengkapi SK Bupati (indikator 1).  "},
            headers=reviewer_headers,
        )

        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["status"], body["decision"]) == ("decided", "revision_requested")
        assert body["decision_note"] == "Lengkapi SK Bupati (indikator 1)."
        assert body["decided_at"] is not None
        [row] = outbox_rows(runtime)
        assert row.task_name == "submission.apply_review_result"
        result = ApplyReviewResult.model_validate(row.payload)
        assert (result.case_id, result.innovation_id, result.version) == (
            case_id,
            message.innovation_id,
            message.version,
        )
        assert (result.decision, result.note) == ("revision_requested", "Lengkapi SK Bupati (indikator 1).")
        assert row.published_at is not None  # it left right after the commit...
        assert [(h["task"], h["id"]) for h in queued(broker, "submission")] == [
            ("submission.apply_review_result", str(row.id))  # ...onto submission's queue
        ]

    def test_accepting_needs_no_note(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))

        response = client.post(
            f"/api/v1/cases/{case_id}/decision", json={"decision": "accepted"}, headers=reviewer_headers
        )

        assert response.status_code == 200, response.text
        [row] = outbox_rows(runtime)
        assert (row.payload["decision"], row.payload["note"]) == ("accepted", "")

    def test_a_second_decision_is_refused_and_sends_nothing_more(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))
        url = f"/api/v1/cases/{case_id}/decision"
        first = client.post(url, json={"decision": "accepted"}, headers=reviewer_headers)
        assert first.status_code == 200, first.text

        again = client.post(
            url, json={"decision": "rejected", "note": "Tidak relevan."}, headers=reviewer_headers
        )
        in_english = client.post(
            url, json={"decision": "accepted"}, headers={**reviewer_headers, "Accept-Language": "en"}
        )

        error = assert_error(again, 409, "review.case_already_decided")
        assert error["message"] == (
            "Kasus review ini sudah diputuskan (diterima). Keputusan tidak dapat diubah lagi."
        )
        assert (
            "already been decided (accepted)"
            in assert_error(in_english, 409, "review.case_already_decided")["message"]
        )
        assert len(outbox_rows(runtime)) == 1
        assert (
            client.get(f"/api/v1/cases/{case_id}", headers=reviewer_headers).json()["decision"] == "accepted"
        )

    @pytest.mark.parametrize("decision", ["revision_requested", "rejected"])
    @pytest.mark.parametrize("note", [None, "", "   "])
    def test_a_revision_or_rejection_without_a_note_is_refused(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
        decision: str,
        note: str | None,
    ) -> None:
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))
        body = {"decision": decision} if note is None else {"decision": decision, "note": note}

        response = client.post(f"/api/v1/cases/{case_id}/decision", json=body, headers=reviewer_headers)

        error = assert_error(response, 422, "review.note_required")
        assert error["message"].startswith("Catatan wajib diisi")
        assert client.get(f"/api/v1/cases/{case_id}", headers=reviewer_headers).json()["status"] == "open"
        assert outbox_rows(runtime) == []

    def test_an_unknown_decision_is_refused_with_the_field_named(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))

        response = client.post(
            f"/api/v1/cases/{case_id}/decision", json={"decision": "approved"}, headers=reviewer_headers
        )

        error = assert_error(response, 422, "error.validation")
        assert [f["field"] for f in error["fields"]] == ["decision"]
        assert outbox_rows(runtime) == []

    def test_a_case_of_another_pemda_cannot_be_decided(
        self, client: TestClient, runtime: ReviewRuntime, reviewer_headers: dict[str, str]
    ) -> None:
        elsewhere = open_case(runtime, open_case_message(pemda_id=uuid.uuid4()))

        response = client.post(
            f"/api/v1/cases/{elsewhere}/decision", json={"decision": "accepted"}, headers=reviewer_headers
        )

        assert_error(response, 404, "review.case_not_found")
        assert outbox_rows(runtime) == []
