"""The demo's review side: the demo pemda's cases walked into every state, once."""

from __future__ import annotations

from services.review import demo
from tests.review.conftest import Scene


class TestSeedDemo:
    def test_cases_end_in_every_state_with_spd_entered_and_an_index(self, scene: Scene) -> None:
        cases = [scene.open(nama=f"Inovasi {n}", minutes_ago=60 - n) for n in range(6)]

        report = demo.seed_demo(scene.runtime.db)
        again = demo.seed_demo(scene.runtime.db)

        states = [
            (scene.read(scene.admin, c)["status"], scene.read(scene.admin, c)["decision"]) for c in cases
        ]
        assert states == [
            ("decided", "accepted"),
            ("decided", "revision_requested"),
            ("decided", "rejected"),
            ("in_review", None),
            ("decided", "accepted"),
            ("open", None),
        ]
        assert report.period_id == scene.period_id
        assert again.skipped == "already walked"
        index = scene.client.get(
            "/api/v1/rankings/index",
            params={"period_id": str(scene.period_id)},
            headers=scene.admin.headers(scene.issuer),
        ).json()
        assert index["verified"]["spd"] == 3 * 3 + 2 * 2  # the demo enters 3 then 2 on the two SPD indicators
        assert index["verified"]["n"] == 5  # the rejected one does not count
        ranking = scene.client.get(
            "/api/v1/rankings/innovations", headers=scene.admin.headers(scene.issuer)
        ).json()
        assert ranking[0]["verified_score"] == 22
