"""A reviewer's queue: their assigned cases, work still to do first, nearest due date first."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import update

from services.review.models import Assignment
from services.review.queue import QueueItem, reviewer_queue
from shared.auth import Principal
from shared.db import utc_now
from tests.review.conftest import ALL_SESUAI, Scene
from tests.review.samples import Person, add_person


def as_principal(person: Person) -> Principal:
    return Principal(
        user_id=person.user_id,
        pemda_id=person.pemda_id,
        opd_id=person.opd_id,
        role=person.role,
        name=person.name,
    )


def queue_of(scene: Scene, who: Person, *, due: str | None = None) -> list[QueueItem]:
    with scene.runtime.session_factory() as session:
        items, _ = reviewer_queue(session, principal=as_principal(who), due=due)
        return items


def due_in(scene: Scene, case_id: uuid.UUID, delta: timedelta) -> None:
    with scene.runtime.db.unit_of_work() as uow:
        uow.session.execute(
            update(Assignment).where(Assignment.case_id == case_id).values(due_at=utc_now() + delta)
        )


class TestReviewerQueue:
    def test_work_left_comes_first_nearest_due_date_first(self, scene: Scene) -> None:
        later = scene.open(nama="Antrean Puskesmas")
        sooner = scene.open(nama="Posyandu Keliling")
        done = scene.open(nama="Rapor Digital Sekolah")
        due_in(scene, later, timedelta(days=5))
        due_in(scene, sooner, timedelta(days=1))
        scene.assess(scene.ani, done, ALL_SESUAI)

        items = queue_of(scene, scene.ani)

        assert [(i.case.nama, i.done) for i in items] == [
            ("Posyandu Keliling", False),
            ("Antrean Puskesmas", False),
            ("Rapor Digital Sekolah", True),
        ]
        assert [i.due_soon for i in items] == [True, False, False]

    def test_the_overdue_filter_keeps_only_late_work(self, scene: Scene) -> None:
        late = scene.open(nama="Antrean Puskesmas")
        scene.open(nama="Posyandu Keliling")
        due_in(scene, late, -timedelta(hours=2))

        items = queue_of(scene, scene.ani, due="overdue")

        assert [(i.case.nama, i.overdue) for i in items] == [("Antrean Puskesmas", True)]

    def test_a_reviewer_sees_only_their_cases_and_the_admin_every_case(self, scene: Scene) -> None:
        scene.open(nama="Antrean Puskesmas")
        citra = add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Cadangan")

        assert queue_of(scene, citra) == []
        assert [i.case.nama for i in queue_of(scene, scene.admin)] == ["Antrean Puskesmas"]
