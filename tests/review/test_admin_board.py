"""The admin's reads: which period a page shows, and the assignment board of a period."""

from __future__ import annotations

import uuid
from datetime import timedelta

from services.review import admin_board, cases, directory, repository
from services.review.models import CaseStatus
from shared.auth import Principal
from shared.contracts.review import WithdrawReviewCase
from tests.review.conftest import Scene
from tests.review.samples import Person, add_person, deliver, period_message


def as_principal(person: Person) -> Principal:
    return Principal(
        user_id=person.user_id,
        pemda_id=person.pemda_id,
        opd_id=person.opd_id,
        role=person.role,
        name=person.name,
    )


class TestChoosePeriod:
    def test_the_period_asked_for_else_the_open_one_else_the_newest(self) -> None:
        pemda_id = uuid.uuid4()
        open_now = period_message(pemda_id=pemda_id).period
        older = open_now.model_copy(
            update={
                "period_id": uuid.uuid4(),
                "opens_at": open_now.opens_at - timedelta(days=400),
                "closes_at": open_now.closes_at - timedelta(days=400),
            }
        )
        future = open_now.model_copy(
            update={
                "period_id": uuid.uuid4(),
                "opens_at": open_now.opens_at + timedelta(days=400),
                "closes_at": open_now.closes_at + timedelta(days=400),
            }
        )
        periods = [future, open_now, older]

        assert admin_board.choose_period(periods, older.period_id) == older
        assert admin_board.choose_period(periods, uuid.uuid4()) == open_now
        assert admin_board.choose_period([future, older], None) == future
        assert admin_board.choose_period([], None) is None


class TestPeriodsOf:
    def test_an_admin_sees_the_periods_of_their_pemda_only(self, scene: Scene) -> None:
        other_pemda = uuid.uuid4()
        with scene.runtime.db.unit_of_work() as uow:
            directory.sync_period(uow, message=period_message(pemda_id=other_pemda))
            periods = admin_board.periods_of(uow.session, as_principal(scene.admin))

        assert [p.period_id for p in periods] == [scene.period_id]


class TestAssignmentBoard:
    def test_withdrawn_cases_are_left_out_and_the_own_opd_is_no_candidate(self, scene: Scene) -> None:
        kept = scene.open(nama="Antrean Puskesmas")
        withdrawn = scene.open(nama="Posyandu Keliling")
        with scene.runtime.session_factory() as session:
            case = repository.get_case(session, withdrawn)
            assert case is not None
            message = WithdrawReviewCase(innovation_id=case.innovation_id, version=case.version)
        deliver(scene.runtime, cases.withdraw_case, message)
        colleague = add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra OPD", opd_id=scene.opd_id)

        with scene.runtime.session_factory() as session:
            rows = admin_board.assignment_board(
                session,
                principal=as_principal(scene.admin),
                period_id=scene.period_id,
                filters=admin_board.BoardFilters(),
            )

        assert [(r.case.id, r.case.status) for r in rows] == [(kept, CaseStatus.open)]
        [row] = rows
        assert sorted(a.name for a in row.assignments) == ["Ani Verifikator", "Budi Verifikator"]
        assert colleague.user_id not in {c.user_id for c in row.candidates}
