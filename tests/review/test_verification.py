"""Reviewers' verdicts through the API: who may give them, what is accepted, who sees what."""

from __future__ import annotations

import io
import uuid
from typing import Any

from sqlalchemy import select

from services.review.models import OutboxMessage
from shared.contracts.review import EvidenceRef
from shared.storage import sha256_of
from tests.review.conftest import ALL_SESUAI, Scene
from tests.review.samples import PDF, add_person, open_case, open_case_message


def outbox(scene: Scene, task_name: str) -> list[dict[str, Any]]:
    with scene.runtime.session_factory() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.task_name == task_name))
        return [row.payload for row in rows]


def error_of(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    return error


class TestWhoMayGiveVerdicts:
    def test_a_reviewer_not_assigned_to_the_case_is_refused(self, scene: Scene) -> None:
        case_id = scene.open()
        citra = add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Cadangan")

        response = scene.verdicts(citra, case_id, {1: ("sesuai", 3, "")})

        error = error_of(response, 403, "review.not_assigned")
        assert error["message"] == "Anda tidak ditugaskan menilai kasus ini."
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


class TestReviewStarts:
    def test_the_first_verdict_starts_the_review_and_tells_submission_once(self, scene: Scene) -> None:
        case_id = scene.open()

        assert scene.verdicts(scene.ani, case_id, {1: ("sesuai", 3, "")}).status_code == 200
        assert scene.verdicts(scene.budi, case_id, {1: ("sesuai", 3, "")}).status_code == 200

        assert scene.read(scene.admin, case_id)["status"] == "in_review"
        [message] = outbox(scene, "submission.mark_in_review")
        assert message["case_id"] == str(case_id)


class TestVisibility:
    def test_others_verdicts_stay_hidden_until_you_submitted_yours(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.budi, case_id, ALL_SESUAI)
        assert scene.verdicts(scene.ani, case_id, {1: ("sesuai", 2, "")}).status_code == 200

        def seen_by_ani() -> set[str]:
            response = scene.client.get(
                f"/api/v1/cases/{case_id}/verdicts", headers=scene.ani.headers(scene.issuer)
            )
            return {v["reviewer_id"] for v in response.json()}

        before = seen_by_ani()
        hidden_indicators = scene.read(scene.ani, case_id)["indicators"]
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        after = seen_by_ani()

        assert before == {str(scene.ani.user_id)}
        assert all(i["verified_parameter"] is None for i in hidden_indicators)
        assert after == {str(scene.ani.user_id), str(scene.budi.user_id)}
        assert [i["verified_parameter"] for i in scene.read(scene.ani, case_id)["indicators"]] == [3, 2, 1, 2]

    def test_a_reviewer_not_on_the_case_sees_the_verdicts_only_once_it_is_decided(self, scene: Scene) -> None:
        case_id = scene.open()
        citra = add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Cadangan")
        for reviewer in (scene.ani, scene.budi):
            scene.assess(reviewer, case_id, ALL_SESUAI)

        def seen() -> tuple[int, object]:
            headers = citra.headers(scene.issuer)
            verdicts = scene.client.get(f"/api/v1/cases/{case_id}/verdicts", headers=headers).json()
            listed = scene.client.get("/api/v1/cases", headers=headers).json()[0]["verified_score"]
            return len(verdicts), listed

        before = seen()
        scene.decide(scene.admin, case_id, decision="accepted")

        assert before == (0, None)  # Citra may still be assigned to it: nothing to anchor on
        assert seen() == (8, 22)

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


class TestEvidenceIntegrity:
    def _case_with_stored_bytes(self, scene: Scene, content: bytes | None) -> tuple[uuid.UUID, str]:
        message = open_case_message(pemda_id=scene.pemda_id, period_id=scene.period_id, opd_id=scene.opd_id)
        [ref] = message.evidence
        if content is not None:
            scene.runtime.store.put(
                ref.object_key, io.BytesIO(content), length=len(content), content_type="application/pdf"
            )
        return open_case(scene.runtime, message), str(ref.evidence_id)

    def _link(self, scene: Scene, case_id: uuid.UUID, evidence_id: str, lang: str = "id") -> dict[str, Any]:
        response = scene.client.get(
            f"/api/v1/cases/{case_id}/evidence/{evidence_id}",
            headers=scene.ani.headers(scene.issuer, **{"Accept-Language": lang}),
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def test_matching_bytes_are_confirmed(self, scene: Scene) -> None:
        case_id, evidence_id = self._case_with_stored_bytes(scene, PDF + b"% berkas 1\n")

        link = self._link(scene, case_id, evidence_id)

        assert (link["integrity"], link["warning"]) == ("ok", None)
        assert link["actual_sha256"] == link["sha256"]

    def test_bytes_that_changed_in_storage_are_flagged_loudly(self, scene: Scene) -> None:
        tampered = PDF + b"% diganti setelah dikirim\n"
        case_id, evidence_id = self._case_with_stored_bytes(scene, tampered)

        link = self._link(scene, case_id, evidence_id)
        english = self._link(scene, case_id, evidence_id, lang="en")

        assert link["integrity"] == "mismatch"
        assert link["actual_sha256"] == sha256_of(tampered) != link["sha256"]
        assert link["warning"].startswith("PERINGATAN: isi berkas TIDAK SAMA")
        assert english["warning"].startswith("WARNING: the file's content DOES NOT MATCH")

    def test_a_missing_object_is_flagged(self, scene: Scene) -> None:
        case_id, evidence_id = self._case_with_stored_bytes(scene, None)

        link = self._link(scene, case_id, evidence_id)

        assert (link["integrity"], link["actual_sha256"]) == ("missing", None)
        assert "tidak ditemukan" in link["warning"]

    def test_a_video_link_is_handed_out_as_it_is(self, scene: Scene) -> None:
        message = open_case_message(pemda_id=scene.pemda_id, period_id=scene.period_id, opd_id=scene.opd_id)
        link = EvidenceRef(
            evidence_id=uuid.uuid4(), indicator_no=4, filename="video", link_url="https://youtu.be/x"
        )
        case_id = open_case(scene.runtime, message.model_copy(update={"evidence": (link,)}))

        body = self._link(scene, case_id, str(link.evidence_id))

        assert (body["url"], body["integrity"], body["warning"]) == ("https://youtu.be/x", "link", None)
