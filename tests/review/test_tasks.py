"""Review's Celery tasks, consumed by a real worker from Redis: redelivery, outages, dead messages."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

import services.review.tasks as review_tasks
from services.review import repository
from services.review.config import ReviewSettings
from services.review.deps import ReviewRuntime, holder
from shared.config import CommonSettings
from shared.contracts.review import OpenReviewCase, WithdrawReviewCase
from shared.contracts.schedule import PERIODIC_TASKS
from shared.devtools.netutil import free_port, wait_until
from shared.errors import TransientError
from tests.review.samples import (
    cases_of,
    open_case_message,
)


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
        assert "no review case" in dead.reason
        assert [state for task_id, state in runs if task_id == str(unknown.message_id)] == [
            "RETRY",
            "RETRY",
            "SUCCESS",
        ]


class TestMalformedMessages:
    def test_a_message_that_breaks_its_contract_is_recorded_dead_at_once(
        self, runtime: ReviewRuntime
    ) -> None:
        payload = {"task_name": "review.open_case", "message_id": str(uuid.uuid4()), "version": "zwei"}

        review_tasks.open_case(payload)  # returns: nothing to retry, nothing raised into the worker

        with runtime.session_factory() as session:
            [dead] = repository.dead_messages(session)
        assert (str(dead.message_id), dead.attempts) == (payload["message_id"], 1)
        assert "ValidationError" in dead.reason


class TestReminderSchedule:
    def test_the_task_name_is_the_one_beat_sends(self) -> None:
        assert review_tasks.REMINDERS_TASK in PERIODIC_TASKS
        assert review_tasks.send_review_reminders.name == review_tasks.REMINDERS_TASK
