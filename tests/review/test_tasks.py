"""The review.open_case task, consumed by a real Celery worker from Redis."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from sqlalchemy import select

import services.review.tasks as review_tasks
from services.review.config import ReviewSettings
from services.review.deps import ReviewRuntime, holder
from services.review.models import ReviewCase
from shared.config import CommonSettings
from shared.contracts.review import OpenReviewCase
from shared.errors import TransientError
from shared.netutil import free_port, wait_until
from tests.review.samples import open_case_message


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
