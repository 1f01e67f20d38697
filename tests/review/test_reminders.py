"""Reminders to reviewers: due soon, overdue, then escalated to the pemda's admins, each once."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update

import services.review.tasks as review_tasks
from services.review import directory
from services.review.deps import ReviewRuntime
from services.review.models import Assignment, OutboxMessage
from shared.auth import Role
from shared.contracts.notification import Notify
from shared.db import utc_now
from tests.review.samples import (
    add_person,
    deliver,
    open_case,
    open_case_message,
    period_message,
)


class TestReminders:
    def _due_in(self, runtime: ReviewRuntime, case_id: uuid.UUID, delta: timedelta) -> None:
        with runtime.db.unit_of_work() as uow:
            uow.session.execute(
                update(Assignment).where(Assignment.case_id == case_id).values(due_at=utc_now() + delta)
            )

    def _sent(self, runtime: ReviewRuntime) -> list[tuple[str, list[str]]]:
        with runtime.session_factory() as session:
            rows = session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.task_name == Notify.task_name)
                .order_by(OutboxMessage.created_at)
            )
            told = [Notify.model_validate(r.payload) for r in rows]
        return [
            (n.event_type, sorted(r.name for r in n.recipients))
            for n in told
            if n.event_type != "reviewer.assigned"
        ]

    def _run(self) -> dict[str, int]:
        sent: dict[str, int] = review_tasks.send_review_reminders()
        return sent

    def test_due_soon_overdue_and_escalation_are_each_sent_once(self, runtime: ReviewRuntime) -> None:
        pemda_id = uuid.uuid4()
        sync_period_message = period_message(pemda_id=pemda_id, reviewers_per_case=1, escalate_after_days=3)
        deliver(runtime, directory.sync_period, sync_period_message)
        add_person(runtime, pemda_id=pemda_id, name="Ani Verifikator", opd_id=uuid.uuid4())
        add_person(runtime, pemda_id=pemda_id, name="Admin BRIDA", role=Role.admin)
        case_id = open_case(
            runtime, open_case_message(pemda_id=pemda_id, period_id=sync_period_message.period.period_id)
        )

        self._due_in(runtime, case_id, timedelta(days=5))
        far = self._run()
        self._due_in(runtime, case_id, timedelta(days=1, hours=12))
        soon = [self._run(), self._run()]
        self._due_in(runtime, case_id, -timedelta(hours=2))
        late = [self._run(), self._run()]
        self._due_in(runtime, case_id, -timedelta(days=4))
        escalated = [self._run(), self._run()]

        assert far == {"due_soon": 0, "overdue": 0, "escalated": 0}
        assert [s["due_soon"] for s in soon] == [1, 0]
        assert [s["overdue"] for s in late] == [1, 0]
        assert [s["escalated"] for s in escalated] == [1, 0]
        assert self._sent(runtime) == [
            ("review.due_soon", ["Ani Verifikator"]),
            ("review.overdue", ["Ani Verifikator"]),
            ("review.escalated", ["Admin BRIDA"]),
        ]
