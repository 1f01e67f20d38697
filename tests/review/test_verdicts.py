"""Reviewers' verdicts, the coordinator's ruling and the decision, through the API: who may give
them, what is accepted, what the decision needs and what it tells submission."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import redis
from sqlalchemy import select

from services.review.models import OutboxMessage
from shared.contracts.submission import ApplyReviewResult
from shared.db import utc_now
from tests.review.conftest import ALL_SESUAI, CLAIMED, Scene
from tests.review.samples import PDF, add_person, error_of, evidence_ref, open_case, open_case_message


def outbox(scene: Scene, task_name: str) -> list[dict[str, Any]]:
    with scene.runtime.session_factory() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.task_name == task_name))
        return [row.payload for row in rows]


class TestWhoMayGiveVerdicts:
    def test_a_reviewer_not_assigned_to_the_case_is_refused(self, scene: Scene) -> None:
        case_id = scene.open()
        citra = add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Cadangan")

        response = scene.verdicts(citra, case_id, {1: ("sesuai", 3, "")})

        error_of(response, 404, "review.case_not_found")  # not even told the case exists
        assert scene.read(scene.admin, case_id)["status"] == "open"
        assert outbox(scene, "submission.mark_in_review") == []

    def test_an_admin_adjudicates_but_does_not_give_reviewer_verdicts(self, scene: Scene) -> None:
        case_id = scene.open()

        error_of(scene.verdicts(scene.admin, case_id, {1: ("sesuai", 3, "")}), 403, "review.not_assigned")


class TestBadVerdicts:
    def test_an_indicator_outside_the_catalogue_is_refused(self, scene: Scene) -> None:
        case_id = scene.open()

        response = scene.verdicts(scene.ani, case_id, {1: ("sesuai", 3, ""), 21: ("sesuai", 3, "")})

        error = error_of(response, 422, "review.indicator_unknown")
        assert "21" in error["message"]
        assert "1, 2, 3, 4" in error["message"]  # what the catalogue does have
        assert scene.read(scene.admin, case_id)["status"] == "open"  # nothing was recorded

    def test_a_parameter_out_of_range_is_refused_with_the_field_named(self, scene: Scene) -> None:
        case_id = scene.open()

        response = scene.verdicts(scene.ani, case_id, {1: ("sesuai", 4, "")})

        error = error_of(response, 422, "error.validation")
        assert [f["field"] for f in error["fields"]] == ["verdicts.0.verified_parameter"]

    def test_a_verdict_other_than_sesuai_needs_a_note(self, scene: Scene) -> None:
        case_id = scene.open()

        response = scene.verdicts(scene.ani, case_id, {3: ("tidak_sesuai", 0, "  "), 1: ("sesuai", 3, "")})

        error = error_of(response, 422, "review.verdict_note_required")
        assert "indikator 3" in error["message"]


class TestConsistentVerdicts:
    def test_a_parameter_above_the_opds_claim_is_refused_and_nothing_recorded(self, scene: Scene) -> None:
        case_id = scene.open()  # claimed 1: 3, 2: 2, 3: 1, 4: 2

        response = scene.verdicts(scene.ani, case_id, {1: ("sesuai", 3, ""), 3: ("sesuai", 2, "")})

        error = error_of(response, 422, "review.verified_above_claim")
        assert "indikator 3" in error["message"]
        assert "klaim OPD 3: 1" in error["message"]
        assert scene.read(scene.admin, case_id)["status"] == "open"

    def test_the_coordinator_cannot_rule_above_the_claim_either(self, scene: Scene) -> None:
        case_id = scene.open()

        response = scene.client.put(
            f"/api/v1/cases/{case_id}/adjudications/3",
            json={"verdict": "sesuai", "verified_parameter": 3, "note": ""},
            headers=scene.admin.headers(scene.issuer),
        )

        error_of(response, 422, "review.verified_above_claim")

    def test_tidak_sesuai_scores_zero_whatever_parameter_came_with_it(self, scene: Scene) -> None:
        case_id = scene.open()
        marks = {**ALL_SESUAI, 1: ("tidak_sesuai", 3, "SK bukan untuk inovasi ini")}

        scene.assess(scene.ani, case_id, marks)
        scene.assess(scene.budi, case_id, marks)

        case = scene.read(scene.admin, case_id)
        [first] = [i for i in case["indicators"] if i["indicator_no"] == 1]
        assert (first["verified_parameter"], first["verified_score"]) == (0, 0)
        others = sum(i["verified_score"] for i in case["indicators"] if i["indicator_no"] != 1)
        assert case["verified_score"] == others  # parameter 3 would have added 3 x bobot


class TestReviewStarts:
    def test_the_first_verdict_starts_the_review_and_tells_submission_once(self, scene: Scene) -> None:
        case_id = scene.open()

        assert scene.verdicts(scene.ani, case_id, {1: ("sesuai", 3, "")}).status_code == 200
        assert scene.verdicts(scene.budi, case_id, {1: ("sesuai", 3, "")}).status_code == 200

        assert scene.read(scene.admin, case_id)["status"] == "in_review"
        [message] = outbox(scene, "submission.mark_in_review")
        assert message["case_id"] == str(case_id)


class TestSubmit:
    def test_submitting_with_indicators_left_lists_them(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.verdicts(scene.ani, case_id, {1: ("sesuai", 3, "")})

        error = error_of(scene.submit(scene.ani, case_id), 409, "review.verdicts_incomplete")

        assert "2, 3, 4" in error["message"]

    def test_submitted_verdicts_can_no_longer_be_changed(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)

        response = scene.verdicts(scene.ani, case_id, {1: ("tidak_sesuai", 0, "Ternyata palsu")})

        error_of(response, 409, "review.verdicts_already_submitted")


class TestDisagreement:
    def test_parameters_two_levels_apart_block_the_decision_until_the_coordinator_rules(
        self, scene: Scene
    ) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        scene.assess(scene.budi, case_id, {**ALL_SESUAI, 1: ("sesuai", 1, "")})

        blocked = scene.decide(scene.admin, case_id, decision="accepted")
        flagged = [i for i in scene.read(scene.admin, case_id)["indicators"] if i["disagreement"]]
        ruling = scene.client.put(
            f"/api/v1/cases/{case_id}/adjudications/1",
            json={"verdict": "sesuai", "verified_parameter": 2, "note": "Perkada ada, belum diundangkan"},
            headers=scene.admin.headers(scene.issuer),
        )
        decided = scene.decide(scene.admin, case_id, decision="accepted")

        error = error_of(blocked, 409, "review.decision_incomplete")
        assert error["missing"] == [
            {
                "kind": "disagreement",
                "indicator_no": 1,
                "message": "perbedaan penilaian pada indikator 1 belum diputuskan koordinator",
            }
        ]
        assert [i["indicator_no"] for i in flagged] == [1]
        assert ruling.status_code == 200, ruling.text
        assert decided.status_code == 200, decided.text
        # 3x2 (ruling) + 2x2 + 1x1 + 4x2 = 19
        assert decided.json()["verified_score"] == 19

    def test_only_the_admin_rules(self, scene: Scene) -> None:
        case_id = scene.open()

        response = scene.client.put(
            f"/api/v1/cases/{case_id}/adjudications/1",
            json={"verdict": "sesuai", "verified_parameter": 3},
            headers=scene.ani.headers(scene.issuer),
        )

        error_of(response, 403, "review.admin_only")


# Ani and Budi agree: indicator 3's evidence is invalid, 4 needs fixing; on 2 they are one level apart.
ANI = {
    1: ("sesuai", 3, ""),
    2: ("sesuai", 2, ""),
    3: ("tidak_sesuai", 0, "SK kedaluwarsa"),
    4: ("perlu_perbaikan", 1, "Video tanpa dampak"),
}


BUDI = {**ANI, 2: ("sesuai", 1, ""), 4: ("perlu_perbaikan", 1, "Tambahkan data manfaat")}


def results(scene: Scene) -> list[ApplyReviewResult]:
    with scene.runtime.session_factory() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.task_name == ApplyReviewResult.task_name)
        )
        return [ApplyReviewResult.model_validate(row.payload) for row in rows]


class TestDecisionNeedsEveryVerdict:
    def test_a_decision_with_verdicts_missing_is_refused_listing_them(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.verdicts(scene.ani, case_id, {1: ("sesuai", 3, ""), 2: ("sesuai", 2, "")})

        response = scene.decide(scene.admin, case_id, decision="accepted")

        error = error_of(response, 409, "review.decision_incomplete")
        assert [(m["kind"], m.get("reviewer_id"), m.get("indicators")) for m in error["missing"]] == [
            ("verdicts_missing", str(scene.ani.user_id), [3, 4]),
            ("verdicts_missing", str(scene.budi.user_id), [1, 2, 3, 4]),
        ]
        assert "Ani Verifikator belum menilai indikator 3, 4" in error["message"]
        assert scene.read(scene.admin, case_id)["status"] == "in_review"
        assert results(scene) == []

    def test_verdicts_given_but_not_submitted_still_block(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        scene.verdicts(scene.budi, case_id, ALL_SESUAI)

        error = error_of(
            scene.decide(scene.admin, case_id, decision="accepted"), 409, "review.decision_incomplete"
        )

        assert [m["kind"] for m in error["missing"]] == ["not_submitted"]

    def test_a_case_without_reviewers_cannot_be_decided(self, scene: Scene) -> None:
        no_reviewers = scene.open(opd_id=scene.ani.opd_id)  # Budi only: Ani is from the innovation's OPD
        scene.client.delete(
            f"/api/v1/cases/{no_reviewers}/assignments/{scene.budi.user_id}",
            headers=scene.admin.headers(scene.issuer),
        )

        error = error_of(
            scene.decide(scene.admin, no_reviewers, decision="accepted"), 409, "review.decision_incomplete"
        )

        assert [m["kind"] for m in error["missing"]] == ["no_reviewer"]


class TestAccept:
    def test_accepting_sends_submission_one_result_with_both_scores(
        self, scene: Scene, broker: redis.Redis
    ) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ANI)
        scene.assess(scene.budi, case_id, BUDI)

        response = scene.decide(scene.budi, case_id, decision="accepted", note="Diterima dengan catatan")

        assert response.status_code == 200, response.text
        body = response.json()
        # claimed 3x3 + 2x2 + 1x1 + 4x2 = 22; verified 3x3 + 2x1 (median of 2 and 1) + 1x0 + 4x1 = 15
        assert (body["status"], body["decision"], body["claimed_score"], body["verified_score"]) == (
            "decided",
            "accepted",
            22,
            15,
        )
        assert body["score_gap"] == -7
        assert [(i["claimed_score"], i["verified_score"]) for i in body["indicators"]] == [
            (9, 9),
            (4, 2),
            (1, 0),
            (8, 4),
        ]
        [result] = results(scene)
        assert (result.decision, result.claimed_score, result.verified_score) == ("accepted", 22, 15)
        assert [(n.indicator_no, n.verdict, n.verified_parameter) for n in result.indicator_notes] == [
            (3, "tidak_sesuai", 0),
            (4, "perlu_perbaikan", 1),
        ]

    def test_the_same_decision_twice_makes_one_decision_and_one_message(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        scene.assess(scene.budi, case_id, ALL_SESUAI)

        first = scene.decide(scene.admin, case_id, decision="accepted")
        again = scene.decide(scene.admin, case_id, decision="accepted")
        other = scene.decide(scene.admin, case_id, decision="rejected", note="Berubah pikiran")

        assert first.status_code == again.status_code == 200
        assert first.json()["decided_at"] == again.json()["decided_at"]
        error = error_of(other, 409, "review.case_already_decided")
        assert (
            error["message"]
            == "Kasus review ini sudah diputuskan (diterima). Keputusan tidak dapat diubah lagi."
        )
        assert len(results(scene)) == 1

    def test_a_reviewer_not_on_the_case_cannot_decide(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        scene.assess(scene.budi, case_id, ALL_SESUAI)
        citra = add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Cadangan")

        error_of(scene.decide(citra, case_id, decision="accepted"), 404, "review.case_not_found")
        assert results(scene) == []


class TestReject:
    def test_a_rejection_needs_a_reason(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        scene.assess(scene.budi, case_id, ALL_SESUAI)

        refused = scene.decide(scene.admin, case_id, decision="rejected", note="  ")
        rejected = scene.decide(
            scene.admin, case_id, decision="rejected", note="Judul sama dengan inovasi 2024"
        )

        assert error_of(refused, 422, "review.note_required")["message"].startswith("Catatan wajib diisi")
        assert rejected.status_code == 200, rejected.text
        [result] = results(scene)
        assert (result.decision, result.note) == ("rejected", "Judul sama dengan inovasi 2024")


class TestRevisionRequested:
    def test_the_flagged_indicators_go_back_with_notes_and_a_deadline(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ANI)
        scene.assess(scene.budi, case_id, BUDI)
        before = utc_now()

        response = scene.decide(
            scene.admin, case_id, decision="revision_requested", note="Perbaiki indikator 4"
        )

        assert response.status_code == 200, response.text
        [result] = results(scene)
        assert result.reopened_indicators == (4,)  # only 'perlu perbaikan' reopens
        [note_3, note_4] = result.indicator_notes
        assert (note_4.indicator_no, note_4.note) == (4, "Video tanpa dampak / Tambahkan data manfaat")
        assert note_3.verdict == "tidak_sesuai"
        # Every indicator goes with the decision, each note under its reviewer's number (Ani was first).
        by_no = {r.indicator_no: r for r in result.results}
        assert sorted(by_no) == [1, 2, 3, 4]
        assert [(n.reviewer_no, n.note) for n in by_no[4].notes] == [
            (1, "Video tanpa dampak"),
            (2, "Tambahkan data manfaat"),
        ]
        assert (by_no[4].claimed_parameter, by_no[4].verified_parameter, by_no[4].verdict) == (
            2,
            1,
            "perlu_perbaikan",
        )
        assert by_no[1].notes == ()
        assert result.revision_deadline is not None
        assert before + timedelta(days=7) <= result.revision_deadline <= utc_now() + timedelta(days=7)

    def test_the_admin_may_choose_which_indicators_reopen_and_the_deadline(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ANI)
        scene.assess(scene.budi, case_id, BUDI)
        deadline = (utc_now() + timedelta(days=3)).replace(microsecond=0)

        response = scene.decide(
            scene.admin,
            case_id,
            decision="revision_requested",
            note="Perbaiki 3 dan 4",
            reopen_indicators=[3, 4],
            revision_deadline=deadline.isoformat(),
        )

        assert response.status_code == 200, response.text
        [result] = results(scene)
        assert (result.reopened_indicators, result.revision_deadline) == ((3, 4), deadline)

    def test_a_revision_with_nothing_to_reopen_is_refused(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        scene.assess(scene.budi, case_id, ALL_SESUAI)

        response = scene.decide(scene.admin, case_id, decision="revision_requested", note="Perbaiki")

        error_of(response, 422, "review.nothing_to_reopen")
        assert results(scene) == []


class TestNextRound:
    def test_a_resubmission_reopens_only_the_sent_back_indicators_for_the_same_reviewers(
        self, scene: Scene
    ) -> None:
        first = open_case_message(
            pemda_id=scene.pemda_id,
            period_id=scene.period_id,
            opd_id=scene.opd_id,
            evidence_count=4,
            claimed=CLAIMED,
        )
        case_id = open_case(scene.runtime, first)
        scene.assess(scene.ani, case_id, ANI)
        scene.assess(scene.budi, case_id, BUDI)
        assert (
            scene.decide(scene.admin, case_id, decision="revision_requested", note="Perbaiki 4").status_code
            == 200
        )

        second = open_case_message(
            pemda_id=scene.pemda_id,
            period_id=scene.period_id,
            opd_id=scene.opd_id,
            innovation_id=first.innovation_id,
            version=2,
            evidence_count=4,
            claimed={**CLAIMED, 4: 3},
            reopened=(4,),
        )
        assert open_case(scene.runtime, second) == case_id

        case = scene.read(scene.ani, case_id)
        assert (case["round"], case["version"], case["status"]) == (2, 2, "open")
        assert sorted(a["reviewer_name"] for a in case["assignments"] if a["round"] == 2) == [
            "Ani Verifikator",
            "Budi Verifikator",
        ]
        assert [i["indicator_no"] for i in case["indicators"] if i["required"]] == [4]
        assert [r["decision"] for r in case["rounds"]] == ["revision_requested", None]
        earlier = scene.client.get(
            f"/api/v1/cases/{case_id}/verdicts", headers=scene.ani.headers(scene.issuer)
        ).json()
        assert {(v["round"], v["reviewer_id"]) for v in earlier} >= {
            (1, str(scene.ani.user_id)),
            (1, str(scene.budi.user_id)),
        }  # the earlier round's verdicts stay visible

        refused = scene.verdicts(scene.ani, case_id, {1: ("sesuai", 1, "")})
        error_of(refused, 422, "review.indicator_unknown")
        for reviewer in (scene.ani, scene.budi):
            scene.assess(reviewer, case_id, {4: ("sesuai", 3, "")})
        decided = scene.decide(scene.admin, case_id, decision="accepted")

        assert decided.status_code == 200, decided.text
        # 1-3 carried over from round 1 (9 + 2 + 0), indicator 4 now 4x3: 23; claimed now 3x3+2x2+1x1+4x3 = 26
        assert (decided.json()["verified_score"], decided.json()["claimed_score"]) == (23, 26)
        assert [r.version for r in results(scene)] == [1, 2]

    def test_evidence_changed_outside_the_sent_back_indicators_is_verified_again(self, scene: Scene) -> None:
        first = open_case_message(
            pemda_id=scene.pemda_id,
            period_id=scene.period_id,
            opd_id=scene.opd_id,
            evidence_count=4,
            claimed=CLAIMED,
        )
        case_id = open_case(scene.runtime, first)
        scene.assess(scene.ani, case_id, ANI)
        scene.assess(scene.budi, case_id, BUDI)
        scene.decide(scene.admin, case_id, decision="revision_requested", note="Perbaiki 4")
        replaced = evidence_ref(
            pemda_id=scene.pemda_id,
            period_id=scene.period_id,
            innovation_id=first.innovation_id,
            indicator_no=2,
            content=PDF + b"% SK baru\n",
        )
        evidence = tuple(replaced if ref.indicator_no == 2 else ref for ref in first.evidence)
        second = first.model_copy(
            update={
                "message_id": uuid.uuid4(),
                "version": 2,
                "evidence": evidence,
                "reopened_indicators": (4,),
            }
        )

        open_case(scene.runtime, second)

        case = scene.read(scene.admin, case_id)
        assert [i["indicator_no"] for i in case["indicators"] if i["required"]] == [2, 4]
        assert case["rounds"][1]["reopened_indicators"] == [2, 4]
