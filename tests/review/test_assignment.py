"""Who reviews a case: automatic balanced assignment, the conflict rules, the admin's hand."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select

from services.review.deps import ReviewRuntime
from services.review.models import OutboxMessage
from shared.contracts.notification import Notify
from shared.db import utc_now
from tests.review.conftest import Scene, reviewers_of
from tests.review.samples import add_person, error_of


def notifications(runtime: ReviewRuntime, event_type: str) -> list[Notify]:
    with runtime.session_factory() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.task_name == Notify.task_name))
        return [n for n in (Notify.model_validate(r.payload) for r in rows) if n.event_type == event_type]


class TestAutomaticAssignment:
    def test_each_case_gets_the_periods_number_of_reviewers_with_the_load_balanced(
        self, scene: Scene
    ) -> None:
        add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator", opd_id=uuid.uuid4())

        cases = [scene.open() for _ in range(3)]

        assigned = [reviewers_of(scene, c) for c in cases]
        assert all(len(names) == 2 for names in assigned)
        load = {name: sum(name in names for names in assigned) for name in assigned[0] + assigned[1]}
        assert sorted(load.values()) == [2, 2, 2]

    def test_a_reviewer_from_the_innovations_own_opd_is_never_assigned(self, scene: Scene) -> None:
        add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator", opd_id=uuid.uuid4())

        case_id = scene.open(opd_id=scene.ani.opd_id)

        assert reviewers_of(scene, case_id) == ["Budi Verifikator", "Citra Verifikator"]

    def test_a_declared_conflict_keeps_the_reviewer_off_the_case(self, scene: Scene) -> None:
        add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator", opd_id=uuid.uuid4())
        declared = scene.client.put(
            f"/api/v1/reviews/reviewers/{scene.budi.user_id}",
            json={"conflict_opd_ids": [str(scene.opd_id)]},
            headers=scene.admin.headers(scene.issuer),
        )
        assert declared.status_code == 200, declared.text

        case_id = scene.open()

        assert reviewers_of(scene, case_id) == ["Ani Verifikator", "Citra Verifikator"]

    def test_urusan_expertise_wins_between_equally_loaded_reviewers(self, scene: Scene) -> None:
        citra = add_person(
            scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator", opd_id=uuid.uuid4()
        )
        scene.client.put(
            f"/api/v1/reviews/reviewers/{citra.user_id}",
            json={"expertise_urusan": ["Kesehatan"]},
            headers=scene.admin.headers(scene.issuer),
        )

        case_id = scene.open(profile={"urusan_utama": "kesehatan", "bentuk": "Inovasi pelayanan publik"})

        assert reviewers_of(scene, case_id) == ["Ani Verifikator", "Citra Verifikator"]  # Budi loses the tie

    def test_assigned_reviewers_are_told_with_their_contacts_and_the_due_date(self, scene: Scene) -> None:
        before = utc_now()
        case_id = scene.open()

        told = notifications(scene.runtime, "reviewer.assigned")

        assert sorted(n.recipients[0].name for n in told) == ["Ani Verifikator", "Budi Verifikator"]
        ani = next(n for n in told if n.recipients[0].user_id == scene.ani.user_id)
        assert (ani.recipients[0].email, ani.recipients[0].whatsapp) == ("ani@kukar.test", "+6281255550099")
        assert ani.data["case_id"] == str(case_id)
        assert ani.data["nama"] == "Sistem Antrean Puskesmas Daring"
        due = scene.read(scene.admin, case_id)["assignments"][0]["due_at"]
        assert before + timedelta(days=7) <= datetime.fromisoformat(due) <= utc_now() + timedelta(days=7)


class TestManualAssignment:
    def test_the_admin_reassigns_by_hand(self, scene: Scene) -> None:
        citra = add_person(
            scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator", opd_id=uuid.uuid4()
        )
        case_id = scene.open()
        admin = scene.admin.headers(scene.issuer)

        removed = scene.client.delete(
            f"/api/v1/cases/{case_id}/assignments/{scene.budi.user_id}", headers=admin
        )
        added = scene.client.post(
            f"/api/v1/cases/{case_id}/assignments", json={"reviewer_id": str(citra.user_id)}, headers=admin
        )

        assert removed.status_code == 200, removed.text
        assert added.status_code == 201, added.text
        assert reviewers_of(scene, case_id) == ["Ani Verifikator", "Citra Verifikator"]
        assert [n.recipients[0].name for n in notifications(scene.runtime, "reviewer.assigned")][-1] == (
            "Citra Verifikator"
        )

    def test_the_same_rules_hold_for_the_admin(self, scene: Scene) -> None:
        insider = add_person(
            scene.runtime, pemda_id=scene.pemda_id, name="Dedi Orang Dalam", opd_id=scene.opd_id
        )
        case_id = scene.open()

        response = scene.client.post(
            f"/api/v1/cases/{case_id}/assignments",
            json={"reviewer_id": str(insider.user_id)},
            headers=scene.admin.headers(scene.issuer),
        )
        again = scene.client.post(
            f"/api/v1/cases/{case_id}/assignments",
            json={"reviewer_id": str(scene.ani.user_id)},
            headers=scene.admin.headers(scene.issuer, **{"Accept-Language": "en"}),
        )

        error = error_of(response, 409, "review.reviewer_ineligible")
        assert (
            error["message"]
            == "Dedi Orang Dalam tidak dapat menilai kasus ini: berasal dari OPD pengusul inovasi."
        )
        assert "already assigned" in error_of(again, 409, "review.reviewer_ineligible")["message"]

    def test_reviewers_cannot_assign(self, scene: Scene) -> None:
        case_id = scene.open()

        response = scene.client.post(
            f"/api/v1/cases/{case_id}/assignments",
            json={"reviewer_id": str(scene.ani.user_id)},
            headers=scene.budi.headers(scene.issuer),
        )

        error_of(response, 403, "review.admin_only")
