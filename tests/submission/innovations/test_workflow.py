"""The way out of the OPD and back: head approval, withdrawal, review results, revisions and versions."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.submission.deps import SubmissionRuntime
from services.submission.innovations import workflow
from services.submission.models import Innovation, OutboxMessage
from shared.contracts.submission import (
    ApplyReviewResult,
    IndicatorNote,
    IndicatorResult,
    MarkInReview,
    ReviewerNote,
)
from shared.db import utc_now
from tests.submission.conftest import Tenant, login
from tests.submission.dossier import answer, complete, send_and_approve, upload_pdf
from tests.submission.samples import PDF
from tests.submission.scanning import scan_queued
from tests.submission.test_api import create_draft


def outbox(runtime: SubmissionRuntime, task_name: str) -> list[dict[str, Any]]:
    with runtime.session_factory() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.task_name == task_name)
            .order_by(OutboxMessage.created_at)
        )
        return [row.payload for row in rows]


def submitted(client: TestClient, operator: dict[str, str], tenant: Tenant) -> str:
    innovation_id = create_draft(client, operator)
    complete(client, operator, innovation_id)
    response = send_and_approve(client, operator, login(client, tenant.head.email), innovation_id)
    assert response.status_code == 200, response.text
    return innovation_id


def review_result(
    runtime: SubmissionRuntime, innovation_id: str, decision: str, version: int = 1, **extra: Any
) -> ApplyReviewResult:
    message = ApplyReviewResult(
        case_id=uuid.uuid4(),
        innovation_id=uuid.UUID(innovation_id),
        version=version,
        decision=decision,
        note="Catatan tim verifikasi",
        decided_at=utc_now(),
        **extra,
    )
    with runtime.db.unit_of_work() as uow:
        workflow.apply_review_result(uow, message=message)
    return message


def status_of(client: TestClient, headers: dict[str, str], innovation_id: str) -> str:
    return str(client.get(f"/api/v1/innovations/{innovation_id}", headers=headers).json()["status"])


class TestHeadApproval:
    def test_the_head_returns_it_with_a_note_and_the_operator_is_told(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        complete(client, operator_headers, innovation_id)
        client.post(f"/api/v1/innovations/{innovation_id}/send-to-head", headers=operator_headers)
        head = login(client, tenant.head.email)
        returned = client.post(
            f"/api/v1/innovations/{innovation_id}/return", json={"note": "Lengkapi SK Bupati"}, headers=head
        )
        assert returned.status_code == 200
        assert (returned.json()["status"], returned.json()["head_note"]) == ("draft", "Lengkapi SK Bupati")
        events = outbox(runtime, "notification.notify")
        assert events[-1]["event_type"] == "innovation.returned_by_head"
        assert events[-1]["data"]["note"] == "Lengkapi SK Bupati"
        assert [r["email"] for r in events[-1]["recipients"]] == [tenant.operator.email]
        assert outbox(runtime, "review.open_case") == []

    def test_only_the_head_approves(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        complete(client, operator_headers, innovation_id)
        client.post(f"/api/v1/innovations/{innovation_id}/send-to-head", headers=operator_headers)
        response = client.post(f"/api/v1/innovations/{innovation_id}/approve", headers=operator_headers)
        assert response.status_code == 403
        assert status_of(client, operator_headers, innovation_id) == "awaiting_head"


class TestWithdraw:
    def test_withdrawing_before_review_tells_review_and_reopens_the_draft(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = submitted(client, operator_headers, tenant)
        response = client.post(f"/api/v1/innovations/{innovation_id}/withdraw", headers=operator_headers)
        assert response.status_code == 200
        assert response.json()["status"] == "withdrawn"
        assert [(m["innovation_id"], m["version"]) for m in outbox(runtime, "review.withdraw_case")] == [
            (innovation_id, 1)
        ]
        changed = client.patch(
            f"/api/v1/innovations/{innovation_id}", json={"tujuan": "Tujuan baru"}, headers=operator_headers
        )
        assert changed.status_code == 200

    def test_once_review_has_started_it_cannot_be_withdrawn(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = submitted(client, operator_headers, tenant)
        message = MarkInReview(
            case_id=uuid.uuid4(), innovation_id=uuid.UUID(innovation_id), version=1, started_at=utc_now()
        )
        for _ in range(2):  # a redelivery changes nothing
            with runtime.db.unit_of_work() as uow:
                workflow.mark_in_review(uow, message=message)
        assert status_of(client, operator_headers, innovation_id) == "in_review"
        response = client.post(f"/api/v1/innovations/{innovation_id}/withdraw", headers=operator_headers)
        assert response.status_code == 409
        assert "in_review" in response.json()["error"]["message"]


class TestReviewResult:
    def test_acceptance_is_shown_and_the_opd_is_told_once(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = submitted(client, operator_headers, tenant)
        message = review_result(runtime, innovation_id, "accepted")
        with runtime.db.unit_of_work() as uow:
            workflow.apply_review_result(uow, message=message)
        assert status_of(client, operator_headers, innovation_id) == "accepted"
        accepted = [
            e for e in outbox(runtime, "notification.notify") if e["event_type"] == "innovation.accepted"
        ]
        assert len(accepted) == 1

    def test_a_result_for_an_older_version_changes_nothing(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = submitted(client, operator_headers, tenant)
        review_result(runtime, innovation_id, "rejected", version=7)
        assert status_of(client, operator_headers, innovation_id) == "submitted"


class TestRevision:
    def request_revision(self, runtime: SubmissionRuntime, innovation_id: str) -> None:
        review_result(
            runtime,
            innovation_id,
            "revision_requested",
            indicator_notes=(
                IndicatorNote(indicator_no=1, verdict="sesuai"),
                IndicatorNote(indicator_no=2, verdict="perlu_perbaikan", note="SK tim belum ditandatangani"),
            ),
            revision_deadline=utc_now() + timedelta(days=5),
        )

    def test_only_the_flagged_indicators_reopen(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = submitted(client, operator_headers, tenant)
        self.request_revision(runtime, innovation_id)
        body = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
        assert (body["status"], body["reopened_indicators"]) == ("revision_requested", [2])
        notice = outbox(runtime, "notification.notify")[-1]
        assert notice["event_type"] == "innovation.revision_requested"
        assert notice["data"]["indicator_notes"] == [
            {
                "indicator_no": 2,
                "name": "Ketersediaan dan peran SDM terhadap inovasi daerah",
                "note": "SK tim belum ditandatangani",
                "notes": [],
            }
        ]
        assert "WITA" in notice["data"]["deadline_local"]

        frozen = answer(client, operator_headers, innovation_id, 1, parameter=3)
        assert frozen.status_code == 409
        assert "Indikator 1 tidak dibuka kembali" in frozen.json()["error"]["message"]
        profile = client.patch(
            f"/api/v1/innovations/{innovation_id}", json={"tujuan": "Lain"}, headers=operator_headers
        )
        assert profile.status_code == 409
        assert profile.json()["error"]["code"] == "innovation.profile_frozen"
        assert answer(client, operator_headers, innovation_id, 2, parameter=3).status_code == 200

    def test_the_message_lists_only_the_reopened_indicators_with_each_reviewers_note(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = submitted(client, operator_headers, tenant)
        results = (
            IndicatorResult(
                indicator_no=3,
                claimed_parameter=2,
                verified_parameter=1,
                verdict="tidak_sesuai",
                notes=(ReviewerNote(reviewer_no=1, note="Tidak ada anggaran"),),
            ),
            IndicatorResult(
                indicator_no=18,
                claimed_parameter=3,
                verified_parameter=1,
                verdict="perlu_perbaikan",
                notes=(
                    ReviewerNote(reviewer_no=1, note="Foto buram"),
                    ReviewerNote(reviewer_no=2, note="Tanpa tanggal"),
                ),
            ),
        )
        review_result(
            runtime,
            innovation_id,
            "revision_requested",
            indicator_notes=(
                IndicatorNote(indicator_no=3, verdict="tidak_sesuai", note="Tidak ada anggaran"),
                IndicatorNote(indicator_no=18, verdict="perlu_perbaikan", note="Foto buram / Tanpa tanggal"),
            ),
            reopened_indicators=(18,),
            results=results,
            claimed_score=44.0,
            verified_score=36.0,
        )

        (listed,) = outbox(runtime, "notification.notify")[-1]["data"]["indicator_notes"]
        assert listed["indicator_no"] == 18  # 3 stays locked: not in the message
        assert listed["notes"] == [
            {"reviewer_no": 1, "note": "Foto buram"},
            {"reviewer_no": 2, "note": "Tanpa tanggal"},
        ]
        with runtime.session_factory() as session:
            stored = session.get(Innovation, uuid.UUID(innovation_id))
            assert stored is not None
            assert (stored.reviewed_claimed_score, stored.verified_score) == (44.0, 36.0)
            assert [r["indicator_no"] for r in stored.review_results] == [3, 18]

    def test_resubmitting_makes_version_two_and_the_versions_compare(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = submitted(client, operator_headers, tenant)
        self.request_revision(runtime, innovation_id)
        old = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()["evidence"]
        old_sk_tim = next(e for e in old if e["indicator_no"] == 2)
        answer(client, operator_headers, innovation_id, 2, parameter=3)
        replaced = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence",
            headers=operator_headers,
            data={"indicator_no": "2", "replaces": old_sk_tim["id"]},
            files={"file": ("sk-tim-ttd.pdf", PDF + b"% ditandatangani\n", "application/pdf")},
        )
        assert replaced.status_code == 201, replaced.text
        scan_queued(runtime)  # the worker scans the new file before it may be sent
        head = login(client, tenant.head.email)
        response = send_and_approve(client, operator_headers, head, innovation_id)
        assert (response.json()["status"], response.json()["version"]) == ("resubmitted", 2)
        case = outbox(runtime, "review.open_case")[-1]
        assert (case["version"], case["reopened_indicators"]) == (2, [2])

        versions = client.get(
            f"/api/v1/innovations/{innovation_id}/versions", headers=operator_headers
        ).json()
        assert [v["version"] for v in versions] == [1, 2]
        diff = client.get(
            f"/api/v1/innovations/{innovation_id}/compare?from=1&to=2", headers=operator_headers
        ).json()
        assert diff["fields"] == []
        assert len(diff["indicators"]) == 1
        change = diff["indicators"][0]
        assert change["indicator_no"] == 2
        assert (change["answer_before"]["parameter"], change["answer_after"]["parameter"]) == (2, 3)
        assert [e["filename"] for e in change["evidence_added"]] == ["sk-tim-ttd.pdf"]
        assert [e["filename"] for e in change["evidence_removed"]] == [old_sk_tim["filename"]]
        first = client.get(f"/api/v1/innovations/{innovation_id}/versions/1", headers=operator_headers).json()
        assert old_sk_tim["object_key"] in {e["object_key"] for e in first["evidence"]}
        assert runtime.store.stat(old_sk_tim["object_key"]) is not None

    def test_after_the_revision_deadline_changes_are_refused(
        self, client: TestClient, operator_headers: dict[str, str], tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = submitted(client, operator_headers, tenant)
        review_result(
            runtime,
            innovation_id,
            "revision_requested",
            reopened_indicators=(2,),
            revision_deadline=utc_now() - timedelta(minutes=1),
        )
        response = upload_pdf(client, operator_headers, innovation_id, 2, extra="late")
        assert response.status_code == 409
        assert "WITA" in response.json()["error"]["message"]
