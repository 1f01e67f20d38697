"""Scores, the projected IID, rankings, the dashboard and the `recompute` command, through the API."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from typing import Any

import pytest
from sqlalchemy import update

from services.review.models import ReviewCase
from tests.review.conftest import ALL_SESUAI, Scene
from tests.review.samples import Person

TOP = {no: ("sesuai", 3, "") for no in (1, 2, 3, 4)}
PENDIDIKAN = {"urusan_utama": "pendidikan", "bentuk": "Inovasi tata kelola pemerintahan daerah"}


@pytest.fixture
def season(scene: Scene) -> dict[str, uuid.UUID]:
    """A: accepted 22/22 (kesehatan, digital); B: accepted 30/30 (pendidikan, non digital, other OPD);
    C: rejected (claimed 22); D: in review, only Ani's verdict on indicator 1 (claimed 22, verified 9)."""
    other_opd = uuid.uuid4()
    a = scene.open(nama="Antrean Puskesmas")
    b = scene.open(
        nama="Rapor Digital Sekolah",
        opd_id=other_opd,
        opd_name="Dinas Pendidikan",
        profile=PENDIDIKAN,
        jenis="non_digital",
        claimed={1: 3, 2: 3, 3: 3, 4: 3},
    )
    c = scene.open(nama="Inovasi Ganda")
    d = scene.open(nama="Posyandu Keliling")
    for case_id, marks in ((a, ALL_SESUAI), (b, TOP), (c, ALL_SESUAI)):
        for reviewer in (scene.ani, scene.budi):
            scene.assess(reviewer, case_id, marks)
    assert scene.decide(scene.admin, a, decision="accepted").status_code == 200
    assert scene.decide(scene.admin, b, decision="accepted").status_code == 200
    assert scene.decide(scene.admin, c, decision="rejected", note="Judul ganda").status_code == 200
    assert scene.verdicts(scene.ani, d, {1: ("sesuai", 3, "")}).status_code == 200
    return {"A": a, "B": b, "C": c, "D": d}


def get(scene: Scene, path: str, **params: Any) -> Any:
    response = scene.client.get(path, params=params, headers=scene.admin.headers(scene.issuer))
    assert response.status_code == 200, response.text
    return response.json()


class TestInnovationRanking:
    def test_innovations_rank_by_verified_score_with_the_claimed_beside(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        ranking = get(scene, "/api/v1/rankings/innovations", period_id=str(scene.period_id))

        assert [(r["rank"], r["nama"], r["verified_score"], r["claimed_score"]) for r in ranking] == [
            (1, "Rapor Digital Sekolah", 30, 30),
            (2, "Antrean Puskesmas", 22, 22),
            (3, "Posyandu Keliling", 9, 22),  # scores move with every verdict
        ]

    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({"urusan": "pendidikan"}, ["Rapor Digital Sekolah"]),
            ({"jenis": "digital"}, ["Antrean Puskesmas", "Posyandu Keliling"]),
            ({"bentuk": "Inovasi tata kelola pemerintahan daerah"}, ["Rapor Digital Sekolah"]),
            ({"tahapan": "uji_coba"}, []),
        ],
    )
    def test_filters_narrow_the_ranking(
        self, scene: Scene, season: dict[str, uuid.UUID], filters: dict[str, str], expected: list[str]
    ) -> None:
        ranking = get(scene, "/api/v1/rankings/innovations", **filters)

        assert [r["nama"] for r in ranking] == expected

    def test_opds_rank_by_the_verified_total_of_their_innovations(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        ranking = get(scene, "/api/v1/rankings/opds")

        assert [(r["opd_name"], r["innovations"], r["accepted"], r["verified_total"]) for r in ranking] == [
            ("Dinas Kesehatan", 2, 1, 31),
            ("Dinas Pendidikan", 1, 1, 30),
        ]


class TestWhoSeesScores:
    def test_rankings_index_and_dashboard_are_for_the_admin(self, scene: Scene) -> None:
        headers = scene.ani.headers(scene.issuer)

        for path in ("innovations", "opds", "dashboard", f"index?period_id={scene.period_id}"):
            response = scene.client.get(f"/api/v1/rankings/{path}", headers=headers)
            assert (response.status_code, response.json()["error"]["code"]) == (403, "review.admin_only"), (
                path
            )

    def test_a_reviewer_sees_no_verified_score_before_submitting_their_own(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.budi, case_id, ALL_SESUAI)

        def listed(who: Person) -> Any:
            response = scene.client.get("/api/v1/cases", headers=who.headers(scene.issuer))
            return response.json()[0]["verified_score"]

        before = listed(scene.ani), scene.read(scene.ani, case_id)["verified_score"]
        scene.assess(scene.ani, case_id, ALL_SESUAI)

        assert before == (None, None)
        assert (listed(scene.ani), listed(scene.budi), listed(scene.admin)) == (22, 22, 22)


class TestProjectedIndex:
    def test_the_iid_on_claimed_and_on_verified_scores(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        admin = scene.admin.headers(scene.issuer)
        for code, parameter in (("spd-1", 3), ("spd-2", 1)):
            response = scene.client.put(
                f"/api/v1/reviews/periods/{scene.period_id}/spd/{code}",
                json={"parameter": parameter, "note": "Data BPS 2025", "evidence_url": "https://bps.go.id/x"},
                headers=admin,
            )
            assert response.status_code == 200, response.text

        index = get(scene, "/api/v1/rankings/index", period_id=str(scene.period_id))

        # SPD = 3x3 + 2x1 = 11.
        # Claimed: A 22 + B 30 + C 22 + D 22 = 96 over MAX(10, 4) = 9.6; jumlah 0.38 x 4 = 1.52;
        #   IID = (11 + 9.6 + 1.52) / 250 x 100 = 8.848.
        # Verified (C rejected): 22 + 30 + 9 = 61 / 10 = 6.1; jumlah 0.38 x 3 = 1.14;
        #   IID = (11 + 6.1 + 1.14) / 2.5 = 7.296.
        claimed, verified = index["claimed"], index["verified"]
        assert (claimed["spd"], claimed["n"], claimed["sid_total"], claimed["sid_average"]) == (
            11,
            4,
            96,
            9.6,
        )
        assert claimed["jumlah_inovasi"] == pytest.approx(1.52)
        assert claimed["iid"] == pytest.approx(8.848)
        assert (verified["n"], verified["sid_total"], verified["sid_average"]) == (3, 61, 6.1)
        assert verified["iid"] == pytest.approx(7.296)
        assert (claimed["predicate"], verified["predicate"]) == ("Kurang Inovatif", "Kurang Inovatif")
        assert [(e["code"], e["parameter"]) for e in index["spd_entries"]] == [("spd-1", 3), ("spd-2", 1)]

    def test_an_spd_code_outside_the_catalogue_or_a_reviewer_is_refused(self, scene: Scene) -> None:
        url = f"/api/v1/reviews/periods/{scene.period_id}/spd"
        unknown = scene.client.put(
            f"{url}/spd-9", json={"parameter": 2}, headers=scene.admin.headers(scene.issuer)
        )
        by_reviewer = scene.client.put(
            f"{url}/spd-1", json={"parameter": 2}, headers=scene.ani.headers(scene.issuer)
        )
        too_high = scene.client.put(
            f"{url}/spd-1", json={"parameter": 4}, headers=scene.admin.headers(scene.issuer)
        )

        assert (unknown.status_code, unknown.json()["error"]["code"]) == (422, "review.spd_unknown")
        assert (by_reviewer.status_code, by_reviewer.json()["error"]["code"]) == (403, "review.admin_only")
        assert (too_high.status_code, too_high.json()["error"]["code"]) == (422, "error.validation")

    def test_a_period_review_has_not_heard_of_is_not_found(self, scene: Scene) -> None:
        response = scene.client.get(
            "/api/v1/rankings/index",
            params={"period_id": str(uuid.uuid4())},
            headers=scene.admin.headers(scene.issuer),
        )

        assert (response.status_code, response.json()["error"]["code"]) == (404, "review.period_not_found")


class TestRecompute:
    def _run(self, scene: Scene) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "REVIEW_DATABASE_URL": scene.runtime.settings.database_url,
            "REDIS_URL": scene.runtime.settings.common.redis_url,
            "ENVIRONMENT": "test",
        }
        return subprocess.run(
            [sys.executable, "-m", "services.review", "recompute", "--check"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def test_recomputing_from_scratch_agrees_with_the_live_scores(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        before = get(scene, "/api/v1/rankings/innovations")

        result = self._run(scene)

        assert result.returncode == 0, result.stdout + result.stderr
        assert "recomputed 4 cases; 0 differed" in result.stdout
        assert get(scene, "/api/v1/rankings/innovations") == before

    def test_a_stored_score_that_drifted_is_found_and_corrected(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        with scene.runtime.db.unit_of_work() as uow:
            uow.session.execute(
                update(ReviewCase).where(ReviewCase.id == season["B"]).values(verified_score=99)
            )

        result = self._run(scene)

        assert result.returncode == 1
        assert "1 differed" in result.stdout
        assert get(scene, "/api/v1/rankings/innovations")[0]["verified_score"] == 30


class TestDashboard:
    def test_counts_distribution_and_throughput(self, scene: Scene, season: dict[str, uuid.UUID]) -> None:
        board = get(scene, "/api/v1/rankings/dashboard", period_id=str(scene.period_id))

        assert board["total"] == 4
        assert board["by_status"] == {"decided": 3, "in_review": 1}
        assert board["by_decision"] == {"accepted": 2, "rejected": 1}
        assert board["by_opd"] == {"Dinas Kesehatan": 3, "Dinas Pendidikan": 1}
        assert board["by_urusan"] == {"kesehatan": 3, "pendidikan": 1}
        assert board["verified_score_distribution"]["20-29"] == 2
        assert board["verified_score_distribution"]["30-39"] == 1
        assert board["verified_score_distribution"]["0-9"] == 1
        assert sum(board["submitted_per_day"].values()) == 4
        assert sum(board["decided_per_day"].values()) == 3
        assert [(r["name"], r["assigned"], r["submitted"]) for r in board["reviewer_throughput"]] == [
            ("Ani Verifikator", 4, 3),
            ("Budi Verifikator", 4, 3),
        ]
