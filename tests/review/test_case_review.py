"""Who sees a case's verdicts and scores (the shared core of review), through the API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.review.models import OutboxMessage
from tests.review.conftest import ALL_SESUAI, Scene
from tests.review.samples import add_person


def outbox(scene: Scene, task_name: str) -> list[dict[str, Any]]:
    with scene.runtime.session_factory() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.task_name == task_name))
        return [row.payload for row in rows]


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

    def test_a_reviewer_not_on_the_case_never_sees_it_even_once_it_is_decided(self, scene: Scene) -> None:
        case_id = scene.open()
        citra = add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Cadangan")
        for reviewer in (scene.ani, scene.budi):
            scene.assess(reviewer, case_id, ALL_SESUAI)

        def seen() -> tuple[int, int, int]:
            headers = citra.headers(scene.issuer)
            verdicts = scene.client.get(f"/api/v1/cases/{case_id}/verdicts", headers=headers).status_code
            case = scene.client.get(f"/api/v1/cases/{case_id}", headers=headers).status_code
            return verdicts, case, len(scene.client.get("/api/v1/cases", headers=headers).json())

        before = seen()
        scene.decide(scene.admin, case_id, decision="accepted")

        assert before == (404, 404, 0)
        assert seen() == (404, 404, 0)
