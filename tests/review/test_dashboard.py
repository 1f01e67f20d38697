"""SPD, the projected IID, the rankings and the dashboard: through the API, and the dashboard's data
on known cases (rankings, counts for the charts, weekly progress, who sees what)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from services.review import case_review, dashboard
from shared.auth import Principal, Role
from shared.db import utc_now
from tests.review.conftest import ALL_SESUAI, DAY, Scene, get
from tests.review.samples import Person
from tests.review.web.test_admin import browse_as

CASE_TABLE = re.compile(r"\bFROM review_case\b")
WITA = ZoneInfo("Asia/Makassar")


def as_principal(person: Person) -> Principal:
    return Principal(
        user_id=person.user_id,
        pemda_id=person.pemda_id,
        opd_id=person.opd_id,
        role=person.role,
        name=person.name,
    )


def build(scene: Scene, who: Person, **filters: Any) -> dashboard.Dashboard:
    with scene.runtime.db.unit_of_work() as uow:
        return dashboard.dashboard(
            uow.session,
            principal=as_principal(who),
            filters=dashboard.RankingFilters(period_id=scene.period_id, **filters),
            timezone="Asia/Makassar",
        )


def monday(moment: datetime) -> str:
    day = moment.astimezone(WITA).date()
    return (day - timedelta(days=day.weekday())).isoformat()


class TestAdminDashboard:
    def test_rankings_leave_the_rejected_out_and_order_by_verified_score(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        data = build(scene, scene.admin)

        assert [(r.rank, r.case.nama, r.case.verified_score) for r in data.innovations] == [
            (1, "Rapor Digital Sekolah", 30.0),
            (2, "Antrean Puskesmas", 22.0),
            (3, "Posyandu Keliling", 9.0),
        ]
        assert [(o.opd_name, o.innovations, o.accepted, o.verified_total) for o in data.opds] == [
            ("Dinas Kesehatan", 2, 1, 31.0),
            ("Dinas Pendidikan", 1, 1, 30.0),
        ]
        assert data.scores_by_opd == [("Dinas Kesehatan", 31.0), ("Dinas Pendidikan", 30.0)]

    def test_counts_for_the_charts_cover_every_case_not_withdrawn(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        data = build(scene, scene.admin)

        assert (data.total, data.decided) == (4, 3)
        assert data.by_urusan == [("kesehatan", 3.0), ("pendidikan", 1.0)]
        assert data.by_bentuk == [
            ("Inovasi pelayanan publik", 3.0),
            ("Inovasi tata kelola pemerintahan daerah", 1.0),
        ]
        assert data.by_tahapan == [("penerapan", 3.0), ("uji_coba", 1.0)]

    def test_progress_counts_submissions_and_decisions_per_local_week(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        now = utc_now()
        sent_a = now - timedelta(minutes=14 * DAY + 5)
        sent_b = now - timedelta(minutes=7 * DAY + 5)
        recent = now - timedelta(minutes=5)
        weeks = [monday(sent_a), monday(sent_b), monday(recent)]

        data = build(scene, scene.admin)

        assert [label for label, _ in data.submitted_per_week] == weeks
        assert [count for _, count in data.submitted_per_week] == [1.0, 1.0, 2.0]
        assert data.decided_per_week == [(weeks[0], 0.0), (weeks[1], 0.0), (monday(now), 3.0)]

    def test_progress_covers_the_whole_span_asked_for(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        now = utc_now()
        with scene.runtime.db.unit_of_work() as uow:
            data = dashboard.dashboard(
                uow.session,
                principal=as_principal(scene.admin),
                filters=dashboard.RankingFilters(period_id=scene.period_id),
                timezone="Asia/Makassar",
                span=(now - timedelta(days=28), now),
            )

        assert [label for label, _ in data.submitted_per_week] == [
            monday(now - timedelta(days=days)) for days in (28, 21, 14, 7, 0)
        ]
        assert sum(count for _, count in data.submitted_per_week) == 4.0

    def test_the_projected_index_is_the_services(self, scene: Scene, season: dict[str, uuid.UUID]) -> None:
        data = build(scene, scene.admin)

        with scene.runtime.db.unit_of_work() as uow:
            expected = dashboard.projected_index(
                uow.session, principal=as_principal(scene.admin), period_id=scene.period_id
            )
        assert data.index is not None
        assert data.index.verified == expected.verified
        assert data.index.claimed == expected.claimed
        assert data.index.verified.n == 3  # the rejected one left out

    def test_filters_narrow_rankings_and_charts(self, scene: Scene, season: dict[str, uuid.UUID]) -> None:
        data = build(scene, scene.admin, urusan="pendidikan")

        assert [r.case.nama for r in data.innovations] == ["Rapor Digital Sekolah"]
        assert data.by_urusan == [("pendidikan", 1.0)]
        assert data.options["urusan"] == ["kesehatan", "pendidikan"]  # the choices stay complete


class TestReviewerDashboard:
    def test_a_reviewer_gets_no_dashboard_and_no_ranking(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        reviewer = as_principal(scene.ani)
        filters = dashboard.RankingFilters(period_id=scene.period_id)
        calls: list[Callable[[Session], object]] = [
            lambda s: dashboard.dashboard(s, principal=reviewer, filters=filters),
            lambda s: dashboard.innovation_ranking(s, principal=reviewer, filters=filters),
            lambda s: dashboard.opd_ranking(s, principal=reviewer, filters=filters),
            lambda s: dashboard.projected_index(s, principal=reviewer, period_id=scene.period_id),
        ]
        for call in calls:
            with pytest.raises(case_review.AdminOnly), scene.runtime.session_factory() as session:
                call(session)

    def test_an_opd_operator_gets_nothing(self, scene: Scene) -> None:
        operator = Person(
            user_id=uuid.uuid4(),
            pemda_id=scene.pemda_id,
            opd_id=scene.opd_id,
            role=Role.opd_operator,
            name="O",
        )
        with pytest.raises(case_review.AdminOnly), scene.runtime.db.unit_of_work() as uow:
            dashboard.dashboard(
                uow.session, principal=as_principal(operator), filters=dashboard.RankingFilters()
            )


def test_weeks_start_on_the_local_monday() -> None:
    sunday_evening_utc = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)  # Monday 2 March 01:00 WITA

    assert dashboard.week_of(sunday_evening_utc, WITA).isoformat() == "2026-03-02"
    assert dashboard.week_of(sunday_evening_utc, ZoneInfo("UTC")).isoformat() == "2026-02-23"
    moments = [sunday_evening_utc, sunday_evening_utc + timedelta(days=1)]
    weeks = [dashboard.week_of(m, WITA) for m in moments]
    assert dashboard.weekly(moments, weeks[:1], WITA) == [("2026-03-02", 2.0)]


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
            ({"tahapan": "uji_coba"}, ["Rapor Digital Sekolah"]),
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

    def test_cases_not_decided_are_provisional_and_decided_only_leaves_them_out(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        period = str(scene.period_id)

        index = get(scene, "/api/v1/rankings/index", period_id=period)
        decided = get(scene, "/api/v1/rankings/index", period_id=period, decided_only="true")
        ranking = get(scene, "/api/v1/rankings/innovations", period_id=period)
        decided_ranking = get(scene, "/api/v1/rankings/innovations", period_id=period, decided_only="true")

        # Verified counts D (in review, 9) as provisional; decided only: A 22 + B 30 = 52 over MAX(10, 2)
        assert (index["provisional"], index["verified"]["n"], index["decided_only"]) == (1, 3, False)
        assert (decided["provisional"], decided["verified"]["n"], decided["verified"]["sid_total"]) == (
            0,
            2,
            52,
        )
        assert decided["claimed"] == index["claimed"]  # what the OPDs claimed does not wait for decisions
        assert [(r["nama"], r["provisional"]) for r in ranking] == [
            ("Rapor Digital Sekolah", False),
            ("Antrean Puskesmas", False),
            ("Posyandu Keliling", True),
        ]
        assert [r["nama"] for r in decided_ranking] == ["Rapor Digital Sekolah", "Antrean Puskesmas"]

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


class TestDashboardApi:
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


class TestOneDashboardForThePageAndTheApi:
    """The page and GET /rankings/dashboard read the same `dashboard.dashboard`, which loads the
    period's cases once per request."""

    def _spy(self, monkeypatch: pytest.MonkeyPatch) -> list[dashboard.Dashboard]:
        built: list[dashboard.Dashboard] = []
        real = dashboard.dashboard

        def recording(session: Session, **kwargs: Any) -> dashboard.Dashboard:
            built.append(real(session, **kwargs))
            return built[-1]

        monkeypatch.setattr(dashboard, "dashboard", recording)
        return built

    @contextmanager
    def _case_selects(self, scene: Scene) -> Iterator[list[str]]:
        """The SELECTs reading review_case while the block runs."""
        found: list[str] = []

        def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if statement.lstrip().upper().startswith("SELECT") and CASE_TABLE.search(statement):
                found.append(statement)

        event.listen(scene.runtime.engine, "before_cursor_execute", seen)
        try:
            yield found
        finally:
            event.remove(scene.runtime.engine, "before_cursor_execute", seen)

    def test_the_page_and_the_api_show_the_numbers_of_one_build(
        self, scene: Scene, season: dict[str, uuid.UUID], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        built = self._spy(monkeypatch)
        browse_as(scene, scene.admin)

        with self._case_selects(scene) as api_loads:
            board = get(scene, "/api/v1/rankings/dashboard", period_id=str(scene.period_id))
        with self._case_selects(scene) as page_loads:
            page = scene.client.get("/dashboard", params={"period_id": str(scene.period_id)})

        assert page.status_code == 200, page.text
        assert len(built) == 2  # one build per request, the API's and the page's
        from_api, from_page = built
        assert board == from_api.counts == from_page.counts
        assert board["total"] == from_page.total == 4
        assert [r.case.nama for r in from_page.innovations] == [r.case.nama for r in from_api.innovations]
        assert from_page.opds == from_api.opds
        assert from_page.index is not None
        assert from_page.index == from_api.index
        assert (len(api_loads), len(page_loads)) == (1, 1)
