"""The demo's review side: the demo pemda's cases walked into every state, once."""

from __future__ import annotations

from services.review import demo, spd_figures
from services.submission.catalogue import load_catalogue
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


class TestDemoSpdFigures:
    def test_every_2026_spd_row_gets_a_figure_or_parameter_the_page_accepts(self) -> None:
        catalogue = load_catalogue("iid-2025")
        entered = {}
        for position, spd in enumerate(catalogue.spd_indicators):
            wanted = 3 - position % 3
            figure = demo._figure_for(spd, wanted)
            if spd.input == "parameter":
                assert figure is None
                continue
            assert figure is not None, spd.code
            parameter, _kept = spd_figures.parameter_of(spd, figure)
            entered[spd.code] = parameter
        assert entered  # the 2026 rows are typed as figures or answers
        assert all(1 <= p <= 3 for p in entered.values())
