"""Who reviews a case: automatic balanced assignment, the conflict rules, the admin's hand."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from services.review import assignment, directory, repository
from services.review.config import ReviewSettings
from services.review.deps import ReviewRuntime
from services.review.models import OutboxMessage
from shared.auth import Role
from shared.contracts.notification import Notify
from shared.db import utc_now
from tests.review.conftest import Scene, reviewers_of
from tests.review.samples import (
    Person,
    account_message,
    add_person,
    catalogue,
    deliver,
    error_of,
    open_case,
    open_case_message,
    period_message,
    sync_period,
)


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


def _invite(scene: Scene, name: str, *, accepted: bool) -> Person:
    """A reviewer account as submission syncs it after an invitation (accepted or not yet)."""
    person = Person(
        user_id=uuid.uuid4(), pemda_id=scene.pemda_id, opd_id=uuid.uuid4(), role=Role.reviewer, name=name
    )
    deliver(scene.runtime, directory.sync_account, account_message(person, invitation_pending=not accepted))
    return person


@pytest.fixture
def cap(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], None]]:
    """Set REVIEW_MAX_OPEN_CASES_PER_REVIEWER for the test."""

    def set_cap(value: int) -> None:
        monkeypatch.setenv("REVIEW_MAX_OPEN_CASES_PER_REVIEWER", str(value))
        assignment.configured_cap.cache_clear()

    yield set_cap
    assignment.configured_cap.cache_clear()


class TestWhoIsAssignable:
    @pytest.mark.parametrize(
        ("citra", "assigned"),
        [
            ("invited, not accepted yet", ["Ani Verifikator", "Budi Verifikator"]),
            ("invitation accepted", ["Ani Verifikator", "Citra Verifikator"]),
            ("of the innovation's OPD", ["Ani Verifikator", "Budi Verifikator"]),
        ],
    )
    def test_the_automatic_assignment_skips_who_may_not_review(
        self, scene: Scene, citra: str, assigned: list[str]
    ) -> None:
        if citra == "of the innovation's OPD":
            add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator", opd_id=scene.opd_id)
        else:
            _invite(scene, "Citra Verifikator", accepted=citra == "invitation accepted")
        scene.open()  # Ani and Budi: one case each now, so Citra (none) comes first if assignable

        case_id = scene.open()

        assert reviewers_of(scene, case_id) == assigned

    def test_accepting_the_invitation_puts_the_reviewer_on_waiting_cases(
        self, runtime: ReviewRuntime
    ) -> None:
        pemda_id = uuid.uuid4()
        sync_period(runtime, period_message(pemda_id=pemda_id, cat=catalogue((3, 2, 1, 4))))
        person = Person(
            user_id=uuid.uuid4(), pemda_id=pemda_id, opd_id=uuid.uuid4(), role=Role.reviewer, name="Dewi"
        )
        deliver(runtime, directory.sync_account, account_message(person, invitation_pending=True))
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))
        with runtime.session_factory() as session:
            before = [a.reviewer_id for a in repository.assignments_of(session, case_id) if a.active]

        deliver(runtime, directory.sync_account, account_message(person, invitation_pending=False))

        with runtime.session_factory() as session:
            after = [a.reviewer_id for a in repository.assignments_of(session, case_id) if a.active]
        assert (before, after) == ([], [person.user_id])


class TestOpenCaseCap:
    @pytest.mark.parametrize(("limit", "staffed"), [(1, [2, 0, 0]), (2, [2, 2, 0]), (25, [2, 2, 2])])
    def test_nobody_gets_more_open_cases_than_the_cap_and_the_rest_wait(
        self, scene: Scene, cap: Callable[[int], None], limit: int, staffed: list[int]
    ) -> None:
        cap(limit)

        cases = [scene.open() for _ in range(3)]

        assert [len(reviewers_of(scene, c)) for c in cases] == staffed

    def test_the_admin_still_assigns_past_the_cap_by_hand(
        self, scene: Scene, cap: Callable[[int], None]
    ) -> None:
        cap(1)
        scene.open()
        waiting = scene.open()

        added = scene.client.post(
            f"/api/v1/cases/{waiting}/assignments",
            json={"reviewer_id": str(scene.ani.user_id)},
            headers=scene.admin.headers(scene.issuer),
        )

        assert added.status_code == 201, added.text
        assert reviewers_of(scene, waiting) == ["Ani Verifikator"]

    def test_the_default_cap_is_documented(self) -> None:
        assert ReviewSettings().max_open_cases_per_reviewer == 25
        readme = (Path(__file__).parents[2] / "README.md").read_text()
        assert "`REVIEW_MAX_OPEN_CASES_PER_REVIEWER`" in readme
