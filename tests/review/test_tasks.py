"""The review.open_case task, consumed by a real Celery worker from Redis."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from sqlalchemy import select, update

import services.review.tasks as review_tasks
from services.review import case_review, cases, dead_messages, directory, repository
from services.review.config import ReviewSettings
from services.review.deps import ReviewRuntime, holder
from services.review.models import Assignment, CaseStatus, OutboxMessage, ReviewCase
from shared.auth import Role
from shared.config import CommonSettings
from shared.contracts.notification import Notify
from shared.contracts.review import OpenReviewCase, WithdrawReviewCase
from shared.contracts.schedule import PERIODIC_TASKS
from shared.db import utc_now
from shared.devtools.netutil import free_port, wait_until
from shared.errors import TransientError
from tests.review.conftest import bearer
from tests.review.samples import (
    Person,
    account_message,
    add_person,
    open_case,
    open_case_message,
    period_message,
)


def cases_of(runtime: ReviewRuntime, innovation_id: uuid.UUID) -> list[ReviewCase]:
    with runtime.session_factory() as session:
        return list(session.scalars(select(ReviewCase).where(ReviewCase.innovation_id == innovation_id)))


class TestOpenCaseThroughTheBroker:
    def test_a_message_delivered_twice_opens_exactly_one_case(self, runtime: ReviewRuntime) -> None:
        message = open_case_message(pemda_id=uuid.uuid4(), evidence_count=2)
        finished: list[str] = []

        def record(task_id: str | None = None, state: str | None = None, **_: Any) -> None:
            if task_id == str(message.message_id):
                finished.append(str(state))

        task_postrun.connect(record, weak=False)
        try:
            with start_worker(runtime.celery, pool="solo", perform_ping_check=False, queues=["review"]):
                assert OpenReviewCase.task_name in runtime.celery.tasks
                for _ in range(2):
                    runtime.celery.send_task(
                        OpenReviewCase.task_name, args=[message.to_payload()], task_id=str(message.message_id)
                    )
                wait_until(
                    lambda: len(cases_of(runtime, message.innovation_id)) > 0, timeout=30, what="the case"
                )
                wait_until(lambda: len(finished) == 2, timeout=30, what="both deliveries to be processed")
        finally:
            task_postrun.disconnect(record)

        assert finished == ["SUCCESS", "SUCCESS"]
        [case] = cases_of(runtime, message.innovation_id)
        assert [e["sha256"] for e in case.snapshot["evidence"]] == [ref.sha256 for ref in message.evidence]


class TestDatabaseOutage:
    def test_an_unreachable_database_makes_the_task_retry_instead_of_dropping_the_message(
        self, review_common: CommonSettings
    ) -> None:
        nowhere = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/review"
        runtime = ReviewRuntime(ReviewSettings(database_url=nowhere, common=review_common))
        holder.use(runtime)
        try:
            message = open_case_message(pemda_id=uuid.uuid4())
            # Called directly, Celery's retry re-raises the error it would have retried on.
            with pytest.raises(TransientError):
                review_tasks.open_case(message.to_payload())
        finally:
            holder.use(None)
            runtime.dispose()


def deliver(runtime: ReviewRuntime, handler: Any, message: Any) -> None:
    with runtime.db.unit_of_work() as uow:
        handler(uow, message=message)


class TestSyncPeriod:
    def test_the_latest_change_wins_whatever_order_they_arrive_in(self, runtime: ReviewRuntime) -> None:
        pemda_id = uuid.uuid4()
        newer = period_message(pemda_id=pemda_id, k=14)
        older = period_message(
            pemda_id=pemda_id,
            period_id=newer.period.period_id,
            k=10,
            changed_at=newer.changed_at - timedelta(hours=1),
        )

        deliver(runtime, directory.sync_period, newer)
        deliver(runtime, directory.sync_period, older)

        with runtime.session_factory() as session:
            settings = case_review.period_settings(session, newer.period.period_id)
        assert settings is not None
        assert settings.k == 14

    def test_a_period_arriving_after_its_cases_scores_and_staffs_them(self, runtime: ReviewRuntime) -> None:
        pemda_id = uuid.uuid4()
        message = open_case_message(pemda_id=pemda_id, claimed={1: 3, 2: 1})
        open_case(runtime, message)
        add_person(runtime, pemda_id=pemda_id, name="Ani Verifikator", opd_id=uuid.uuid4())

        deliver(
            runtime, directory.sync_period, period_message(pemda_id=pemda_id, period_id=message.period_id)
        )

        [case] = cases_of(runtime, message.innovation_id)
        assert (
            case.claimed_score == 3 * 3 + 2 * 1
        )  # national weights: indicator 1 bobot 3, indicator 2 bobot 2
        with runtime.session_factory() as session:
            assert len(repository.assignments_of(session, case.id)) == 1


class TestSyncAccount:
    def test_an_older_change_does_not_overwrite_a_newer_one(self, runtime: ReviewRuntime) -> None:
        person = Person(uuid.uuid4(), uuid.uuid4(), None, Role.reviewer, "Ani Verifikator")
        now = utc_now()

        deliver(
            runtime, directory.sync_account, account_message(person, changed_at=now, email="baru@kukar.test")
        )
        deliver(
            runtime,
            directory.sync_account,
            account_message(person, changed_at=now - timedelta(minutes=1), email="lama@kukar.test"),
        )

        with runtime.session_factory() as session:
            account = repository.get_account(session, person.user_id)
        assert account is not None
        assert account.email == "baru@kukar.test"

    def test_a_deactivated_reviewer_gets_no_new_cases(self, runtime: ReviewRuntime) -> None:
        pemda_id = uuid.uuid4()
        person = add_person(runtime, pemda_id=pemda_id, name="Ani Verifikator", opd_id=uuid.uuid4())
        deliver(runtime, directory.sync_account, account_message(person, is_active=False))

        message = open_case_message(pemda_id=pemda_id)
        open_case(runtime, message)

        [case] = cases_of(runtime, message.innovation_id)
        with runtime.session_factory() as session:
            assert repository.assignments_of(session, case.id) == []


class TestWithdraw:
    def test_a_version_withdrawn_before_review_started_is_closed(self, runtime: ReviewRuntime) -> None:
        message = open_case_message(pemda_id=uuid.uuid4())
        open_case(runtime, message)

        deliver(
            runtime,
            cases.withdraw_case,
            WithdrawReviewCase(innovation_id=message.innovation_id, version=message.version),
        )

        [case] = cases_of(runtime, message.innovation_id)
        assert case.status is CaseStatus.withdrawn


@pytest.fixture
def impatient_runtime(
    pg_database: Callable[[str], str], review_common: CommonSettings, broker: Any
) -> Iterator[ReviewRuntime]:
    """A runtime whose consumers give up after two quick retries."""
    settings = ReviewSettings(
        database_url=pg_database("review"),
        common=review_common,
        message_max_retries=2,
        retry_backoff_max_seconds=0.2,
    )
    runtime = ReviewRuntime(settings)
    runtime.migrate()
    holder.use(runtime)
    yield runtime
    holder.use(None)
    runtime.dispose()


class TestDeadMessages:
    def test_a_message_about_an_unknown_version_is_retried_then_recorded_dead_and_the_worker_goes_on(
        self, impatient_runtime: ReviewRuntime
    ) -> None:
        runtime = impatient_runtime
        unknown = WithdrawReviewCase(innovation_id=uuid.uuid4(), version=3)
        afterwards = open_case_message(pemda_id=uuid.uuid4())
        runs: list[tuple[str, str]] = []

        def record(task_id: str | None = None, state: str | None = None, **_: Any) -> None:
            runs.append((str(task_id), str(state)))

        task_postrun.connect(record, weak=False)
        try:
            with start_worker(runtime.celery, pool="solo", perform_ping_check=False, queues=["review"]):
                runtime.celery.send_task(
                    WithdrawReviewCase.task_name, args=[unknown.to_payload()], task_id=str(unknown.message_id)
                )

                def buried() -> bool:
                    with runtime.session_factory() as session:
                        return bool(repository.dead_messages(session))

                wait_until(buried, timeout=30, what="the message to be recorded dead")
                runtime.celery.send_task(
                    OpenReviewCase.task_name,
                    args=[afterwards.to_payload()],
                    task_id=str(afterwards.message_id),
                )
                wait_until(
                    lambda: len(cases_of(runtime, afterwards.innovation_id)) == 1,
                    timeout=30,
                    what="the next message",
                )
        finally:
            task_postrun.disconnect(record)

        with runtime.session_factory() as session:
            [dead] = repository.dead_messages(session)
        assert (dead.message_id, dead.task_name, dead.attempts) == (
            unknown.message_id,
            "review.withdraw_case",
            3,
        )
        assert "no review case" in dead.error
        assert [state for task_id, state in runs if task_id == str(unknown.message_id)] == [
            "RETRY",
            "RETRY",
            "SUCCESS",
        ]

    def test_an_admin_sees_the_dead_messages_of_their_pemda_only(
        self, runtime: ReviewRuntime, client: Any, issuer: Any
    ) -> None:
        ours, theirs = uuid.uuid4(), uuid.uuid4()
        with runtime.db.unit_of_work() as uow:
            for pemda_id, attempts in ((ours, 9), (theirs, 8)):
                payload = open_case_message(pemda_id=pemda_id).to_payload()
                dead_messages.record_dead_message(
                    uow,
                    message_id=uuid.uuid4(),
                    task_name="review.open_case",
                    payload=payload,
                    error="x",
                    attempts=attempts,
                )

        as_admin = client.get("/api/v1/reviews/dead-messages", headers=bearer(issuer, ours, Role.admin))
        as_superadmin = client.get(
            "/api/v1/reviews/dead-messages", headers=bearer(issuer, None, Role.superadmin)
        )
        as_reviewer = client.get("/api/v1/reviews/dead-messages", headers=bearer(issuer, ours))

        assert [m["attempts"] for m in as_admin.json()] == [9]
        assert sorted(m["attempts"] for m in as_superadmin.json()) == [8, 9]
        assert as_reviewer.status_code == 403


class TestMalformedMessages:
    def test_a_message_that_breaks_its_contract_is_recorded_dead_at_once(
        self, runtime: ReviewRuntime
    ) -> None:
        payload = {"task_name": "review.open_case", "message_id": str(uuid.uuid4()), "version": "zwei"}

        review_tasks.open_case(payload)  # returns: nothing to retry, nothing raised into the worker

        with runtime.session_factory() as session:
            [dead] = repository.dead_messages(session)
        assert (str(dead.message_id), dead.attempts) == (payload["message_id"], 1)
        assert "ValidationError" in dead.error


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

    def test_the_task_name_is_the_one_beat_sends(self) -> None:
        assert review_tasks.REMINDERS_TASK in PERIODIC_TASKS
        assert review_tasks.send_review_reminders.name == review_tasks.REMINDERS_TASK
