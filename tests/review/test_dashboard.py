"""The dashboard's data on known cases: rankings, counts for the charts, weekly progress, who sees what."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.review import case_review, dashboard
from shared.auth import Principal, Role
from shared.db import utc_now
from tests.review.conftest import ALL_SESUAI, Scene
from tests.review.samples import Person

TOP = {no: ("sesuai", 3, "") for no in (1, 2, 3, 4)}
PENDIDIKAN = {"urusan_utama": "pendidikan", "bentuk": "Inovasi tata kelola pemerintahan daerah"}
WITA = ZoneInfo("Asia/Makassar")
DAY = 24 * 60


def as_principal(person: Person) -> Principal:
    return Principal(
        user_id=person.user_id,
        pemda_id=person.pemda_id,
        opd_id=person.opd_id,
        role=person.role,
        name=person.name,
    )


@pytest.fixture
def season(scene: Scene) -> dict[str, uuid.UUID]:
    """A: accepted 22 (kesehatan, penerapan, sent 14 days ago); B: accepted 30 (pendidikan, uji coba,
    another OPD, sent 7 days ago); C: rejected (kesehatan, sent now); D: in review, only Ani's verdict
    on indicator 1, so verified 9 (kesehatan, sent now)."""
    a = scene.open(nama="Antrean Puskesmas", minutes_ago=14 * DAY + 5)
    b = scene.open(
        nama="Rapor Digital Sekolah",
        opd_id=uuid.uuid4(),
        opd_name="Dinas Pendidikan",
        profile=PENDIDIKAN,
        tahapan="uji_coba",
        claimed={1: 3, 2: 3, 3: 3, 4: 3},
        minutes_ago=7 * DAY + 5,
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


def build(scene: Scene, who: Person, **filters: str) -> dashboard.Dashboard:
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
    def test_a_reviewer_sees_decided_scores_only_and_no_index(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        data = build(scene, scene.ani)

        assert [r.case.nama for r in data.innovations] == ["Rapor Digital Sekolah", "Antrean Puskesmas"]
        assert [(o.opd_name, o.verified_total) for o in data.opds] == [
            ("Dinas Pendidikan", 30.0),
            ("Dinas Kesehatan", 22.0),
        ]
        assert data.index is None
        assert not data.scores_complete
        assert data.total == 4  # counts reveal no score

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
