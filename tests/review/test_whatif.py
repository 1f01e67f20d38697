"""The what-if of `services/review/whatif.py`, worked out by hand on each year's own rules.

2026 (catalogue iid-2025): k = 14, bands 40,01 / 65,01, all six basic-service urusan required.
2023 (catalogue iid-2023): k = 10, bands 35 / 60,01. IID = (SPD + SID) / 250 x 100, so one SID point
is 0,4 IID points.
"""

from __future__ import annotations

import uuid

import pytest

from services.review import scoring, whatif
from services.review.whatif import Inputs, Seats
from services.submission.catalogue import load_catalogue
from shared.contracts.catalogue import JumlahInovasiRule, YearRules
from tests.review.conftest import Scene, get
from tests.review.test_scoring_per_year import BASIC

ALL_BUT_SOSIAL = BASIC[:5]


def rules(code: str) -> YearRules:
    found = load_catalogue(code).year_rules
    assert found is not None
    return found


def inputs(
    code: str,
    *,
    spd: float,
    scores: tuple[float, ...],
    urusan: tuple[str, ...] = BASIC,
    rule: JumlahInovasiRule | None = None,
) -> Inputs:
    year = rules(code)
    return Inputs(
        spd=spd,
        scores=scores,
        k=year.k,
        rule=rule or year.jumlah_inovasi,
        urusan_covered=frozenset(urusan),
        predicates=year.predicates,
    )


class TestSeats:
    @pytest.mark.parametrize(
        ("k", "n", "empty", "divisor"),
        [(14, 3, 11, 14), (14, 13, 1, 14), (14, 14, 0, 14), (10, 12, 0, 12), (10, 0, 10, 10)],
    )
    def test_empty_seats_are_k_minus_n_and_never_negative(
        self, k: int, n: int, empty: int, divisor: int
    ) -> None:
        assert (Seats(k=k, n=n).empty, Seats(k=k, n=n).divisor) == (empty, divisor)

    def test_the_years_k_comes_from_the_catalogue(self) -> None:
        assert (rules("iid-2025").k, rules("iid-2023").k) == (14, 10)


class TestNextInnovation2026WhileSeatsAreEmpty:
    # SPD 40; three innovations 60 + 50 + 70 = 180 over MAX(14, 3) = 14 -> 12,857143; jumlah 3 x 0,38 = 1,14;
    # SID 13,997143; IID 53,997143 x 0,4 = 21,598857 (Kurang Inovatif, below 40,01).
    base = inputs("iid-2025", spd=40, scores=(60, 50, 70))

    def test_the_index_now(self) -> None:
        now = self.base.result()
        assert now.iid == pytest.approx(21.598857, abs=1e-6)
        assert now.predicate == "Kurang Inovatif"

    def test_an_innovation_at_the_maximum_adds_its_score_over_k(self) -> None:
        # 111 / 14 = 7,928571 to the average, 0,38 to jumlah: (7,928571 + 0,38) x 0,4 = 3,323429
        step = whatif.next_innovation(self.base, score=111, basis="maximum")

        assert step.sid_average_gain == pytest.approx(111 / 14)
        assert step.jumlah_gain == pytest.approx(0.38)
        assert step.gain == pytest.approx(3.323429, abs=1e-6)
        assert step.iid == pytest.approx(21.598857 + 3.323429, abs=1e-5)
        assert step.gain_in_missing_urusan is None

    def test_an_innovation_at_the_median_adds_60_over_14(self) -> None:
        # (60 / 14 + 0,38) x 0,4 = (4,285714 + 0,38) x 0,4 = 1,866286
        assert whatif.next_innovation(self.base, score=60, basis="median").gain == pytest.approx(
            1.866286, abs=1e-6
        )


class TestNextInnovation2023WhenEverySeatIsTaken:
    # k = 10, twelve innovations at 50: average 600 / 12 = 50; jumlah 12 x 0,38 = 4,56; SPD 40;
    # IID (40 + 54,56) x 0,4 = 37,824 (Inovatif from 35 in 2023).
    base = inputs("iid-2023", spd=40, scores=(50.0,) * 12)

    def test_the_index_now(self) -> None:
        now = self.base.result()
        assert now.iid == pytest.approx(37.824)
        assert now.predicate == "Inovatif"

    def test_a_maximum_one_raises_the_average_by_the_difference_over_n_plus_one(self) -> None:
        # 711 / 13 = 54,692308 -> +4,692308; +0,38 -> 5,072308 x 0,4 = 2,028923
        step = whatif.next_innovation(self.base, score=111, basis="maximum")

        assert step.sid_average_gain == pytest.approx(61 / 13)
        assert step.gain == pytest.approx(2.028923, abs=1e-6)
        assert step.predicate == "Inovatif"

    def test_one_below_the_average_lowers_the_index(self) -> None:
        # 624 / 13 = 48 -> -2; +0,38 -> -1,62 x 0,4 = -0,648
        step = whatif.next_innovation(self.base, score=24, basis="chosen")

        assert step.gain == pytest.approx(-0.648)
        assert step.iid == pytest.approx(37.176)

    def test_one_at_the_average_adds_only_the_jumlah_inovasi_points(self) -> None:
        assert whatif.next_innovation(self.base, score=50, basis="median").gain == pytest.approx(0.152)


class TestCoverageRule:
    def test_2026_an_innovation_in_the_last_missing_urusan_unlocks_the_jumlah_inovasi_score(self) -> None:
        # Sosial missing: jumlah 0; IID (40 + 180 / 14) x 0,4 = 21,142857. One more at 60 in a covered
        # urusan: 60 / 14 x 0,4 = 1,714286; in Sosial: jumlah 4 x 0,38 = 1,52 -> (4,285714 + 1,52) x 0,4.
        base = inputs("iid-2025", spd=40, scores=(60, 50, 70), urusan=ALL_BUT_SOSIAL)
        step = whatif.next_innovation(base, score=60, basis="median")

        assert base.result().iid == pytest.approx(21.142857, abs=1e-6)
        assert step.jumlah_gain == 0
        assert step.gain == pytest.approx(1.714286, abs=1e-6)
        assert step.gain_in_missing_urusan == pytest.approx(2.322286, abs=1e-6)
        assert step.missing_urusan == "sosial"

    def test_2026_with_two_missing_one_innovation_unlocks_nothing(self) -> None:
        base = inputs("iid-2025", spd=40, scores=(60, 50, 70), urusan=BASIC[:4])
        step = whatif.next_innovation(base, score=60, basis="median")

        assert (step.gain_in_missing_urusan, step.missing_urusan) == (None, None)

    def test_m_of_the_six_two_missing_and_five_required_one_more_unlocks(self) -> None:
        rule = JumlahInovasiRule(required_urusan=BASIC, required_count=5)
        base = inputs("iid-2025", spd=40, scores=(60, 50, 70), urusan=BASIC[:4], rule=rule)

        step = whatif.next_innovation(base, score=60, basis="median")

        assert step.gain_in_missing_urusan == pytest.approx(2.322286, abs=1e-6)
        assert step.missing_urusan == "trantibumlinmas"


class TestTypicalScores:
    def test_median_average_and_maximum(self) -> None:
        assert whatif.typical_scores([10, 20, 60], maximum=111) == [
            ("median", 20.0),
            ("average", 30.0),
            ("maximum", 111),
        ]

    def test_without_innovations_only_the_maximum(self) -> None:
        assert whatif.typical_scores([], maximum=111) == [("maximum", 111)]


class TestPending:
    def test_2026_accepting_three_pending_at_their_claim_crosses_into_inovatif(self) -> None:
        # decided: SPD 63, 60 + 50 + 70 -> rejected: (63 + 12,857143 + 1,14) x 0,4 = 30,798857
        # (Kurang Inovatif);
        # accepted: 513 / 14 = 36,642857 + 6 x 0,38 = 2,28 -> (63 + 38,922857) x 0,4 = 40,769143 Inovatif.
        decided = inputs("iid-2025", spd=63, scores=(60, 50, 70))
        outcome = whatif.pending_outcomes(decided, [(111, ()), (111, ()), (111, ())])

        assert outcome.count == 3
        assert outcome.rejected.iid == pytest.approx(30.798857, abs=1e-6)
        assert outcome.rejected.predicate == "Kurang Inovatif"
        assert outcome.accepted.iid == pytest.approx(40.769143, abs=1e-6)
        assert outcome.accepted.predicate == "Inovatif"

    def test_a_pending_case_in_the_missing_urusan_counts_its_coverage_only_when_accepted(self) -> None:
        # rejected: Sosial missing -> 21,142857; accepted: 230 / 14 = 16,428571 + 4 x 0,38 -> 23,179429
        decided = inputs("iid-2025", spd=40, scores=(60, 50, 70), urusan=ALL_BUT_SOSIAL)
        outcome = whatif.pending_outcomes(decided, [(50, ("sosial",))])

        assert outcome.rejected.jumlah_inovasi == 0
        assert outcome.accepted.jumlah_inovasi == pytest.approx(1.52)
        assert outcome.accepted.iid == pytest.approx(23.179429, abs=1e-6)

    def test_nothing_pending_both_projections_are_the_index_now(self) -> None:
        decided = inputs("iid-2023", spd=40, scores=(50.0,) * 12)
        outcome = whatif.pending_outcomes(decided, [])

        assert outcome.accepted == outcome.rejected == decided.result()


class TestWhatIfApi:
    """The season (tests/review/conftest.py) on the scene's catalogue (k = 10, max 30, no urusan rule):
    verified A 22 + B 30 + D 9 (in review) = 61 over 10 -> 6,1; jumlah 3 x 0,38 = 1,14; SPD 0;
    IID 7,24 x 0,4 = 2,896. D claims 22."""

    def test_seats_next_innovation_and_pending_per_pemda_and_opd(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        body = get(scene, "/api/v1/rankings/whatif", period_id=str(scene.period_id), score="27.5")

        assert body["now"]["iid"] == pytest.approx(2.896)
        assert body["seats"] == {"k": 10, "n": 3, "divisor": 10, "empty": 7}
        steps = {s["basis"]: s for s in body["next"]}
        assert list(steps) == ["median", "average", "maximum", "chosen"]
        assert steps["median"]["score"] == 22
        assert steps["median"]["gain"] == pytest.approx((2.2 + 0.38) * 0.4)
        assert steps["maximum"]["gain"] == pytest.approx((3 + 0.38) * 0.4)
        assert steps["chosen"]["gain"] == pytest.approx((2.75 + 0.38) * 0.4)
        # D accepted at its claim 22: (74 / 10 + 1,14) x 0,4; rejected: (52 / 10 + 0,76) x 0,4
        assert body["pending"]["count"] == 1
        assert body["pending"]["accepted"]["iid"] == pytest.approx(3.416)
        assert body["pending"]["rejected"]["iid"] == pytest.approx(2.384)
        opds = {o["opd_name"]: o for o in body["opds"]}
        assert opds["Dinas Kesehatan"]["points"] == pytest.approx((22 + 9) / 10 * 0.4)
        assert opds["Dinas Kesehatan"]["pending"]["accepted"]["iid"] == pytest.approx(3.416)
        assert opds["Dinas Pendidikan"]["pending"]["count"] == 0
        assert opds["Dinas Pendidikan"]["pending"]["accepted"]["iid"] == pytest.approx(2.896)

    @pytest.mark.parametrize(
        ("params", "status", "code"),
        [
            ({"score": "31"}, 422, "review.whatif_score_out_of_range"),
            ({"score": "-1"}, 422, "review.whatif_score_out_of_range"),
            ({"score": "nan"}, 422, "review.whatif_score_out_of_range"),
            ({"score": "tinggi"}, 422, "error.validation"),
            ({"period_id": "bukan-uuid"}, 422, "error.validation"),
            ({"period_id": ""}, 422, "error.validation"),
            ({"period_id": str(uuid.UUID(int=7))}, 404, "review.period_not_found"),
        ],
    )
    def test_bad_input_is_a_clear_4xx(
        self, scene: Scene, params: dict[str, str], status: int, code: str
    ) -> None:
        response = scene.client.get(
            "/api/v1/rankings/whatif",
            params={"period_id": str(scene.period_id), **params},
            headers=scene.admin.headers(scene.issuer),
        )

        assert (response.status_code, response.json()["error"]["code"]) == (status, code)
        if code == "review.whatif_score_out_of_range":
            assert "harus antara 0 dan 30" in response.json()["error"]["message"]

    def test_a_reviewer_is_refused(self, scene: Scene) -> None:
        response = scene.client.get(
            "/api/v1/rankings/whatif",
            params={"period_id": str(scene.period_id)},
            headers=scene.ani.headers(scene.issuer),
        )

        assert (response.status_code, response.json()["error"]["code"]) == (403, "review.admin_only")


class TestThePredicateAgreesWithTheValueShown:
    @pytest.mark.parametrize(("code", "spd"), [("iid-2025", 50), ("iid-2023", 25)])
    def test_across_the_lower_band_of_inovatif(self, code: str, spd: float) -> None:
        # ten innovations at 60; one more from 0 to 111 by 0,25 takes the IID from about 38,8 to 42 (2026,
        # band 40,01) or from 33,5 to 37,5 (2023, band 35): the predicate follows the value at two decimals
        base = inputs(code, spd=spd, scores=(60.0,) * 10)
        year = rules(code)
        seen = set()
        for quarter in range(0, 445):
            step = whatif.next_innovation(base, score=quarter / 4, basis="chosen")
            assert step.predicate == scoring.predicate_of(year.predicates, float(f"{step.iid:.2f}"))
            seen.add(step.predicate)
        assert seen == {"Kurang Inovatif", "Inovatif"}
