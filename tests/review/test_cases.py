"""Opening review cases from submission's messages (one case per submitted version, whatever
arrives) and withdrawing them."""

from __future__ import annotations

import logging
import threading
import uuid

import pytest
from sqlalchemy import func, select, text

from services.review import cases, repository
from services.review.deps import ReviewRuntime
from services.review.models import CaseStatus, ProcessedMessage
from shared.contracts.review import WithdrawReviewCase
from shared.devtools.netutil import wait_until
from tests.review.samples import (
    cases_of,
    deliver,
    open_case,
    open_case_message,
    redelivered,
)


def events(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The review.open_case log events, as an admin reading the logs would see them."""
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("review.open_case.")]


@pytest.fixture(autouse=True)
def _capture_service_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="services.review.cases")


class TestOpenCase:
    def test_the_case_holds_the_submitted_profile_and_evidence_keys_with_hashes(
        self, runtime: ReviewRuntime
    ) -> None:
        message = open_case_message(pemda_id=uuid.uuid4(), evidence_count=2)

        open_case(runtime, message)

        [case] = cases_of(runtime, message.innovation_id)
        assert (case.version, case.pemda_id, case.opd_id, case.period_id) == (
            message.version,
            message.pemda_id,
            message.opd_id,
            message.period_id,
        )
        assert case.submitted_at == message.submitted_at
        assert case.status is CaseStatus.open
        assert case.decision is None
        assert case.snapshot["snapshot"] == {
            "nama": "Sistem Antrean Puskesmas Daring",
            "tahapan": "penerapan",
            "jenis": "digital",
        }
        assert [(e["object_key"], e["sha256"]) for e in case.snapshot["evidence"]] == [
            (ref.object_key, ref.sha256) for ref in message.evidence
        ]


class TestRedelivery:
    def test_the_same_message_twice_opens_one_case(
        self, runtime: ReviewRuntime, caplog: pytest.LogCaptureFixture
    ) -> None:
        message = open_case_message(pemda_id=uuid.uuid4())

        first = open_case(runtime, message)
        second = open_case(runtime, redelivered(message))

        assert first == second
        assert len(cases_of(runtime, message.innovation_id)) == 1
        assert events(caplog) == ["review.open_case.opened", "review.open_case.duplicate"]

    def test_a_second_message_for_the_same_version_opens_no_second_case(
        self, runtime: ReviewRuntime, caplog: pytest.LogCaptureFixture
    ) -> None:
        message = open_case_message(pemda_id=uuid.uuid4())

        first = open_case(runtime, message)
        second = open_case(runtime, redelivered(message, new_id=True))

        assert first == second
        assert len(cases_of(runtime, message.innovation_id)) == 1
        with runtime.session_factory() as session:
            assert session.scalar(select(func.count()).select_from(ProcessedMessage)) == 2
        assert events(caplog) == ["review.open_case.opened", "review.open_case.already_open"]

    def test_a_resubmitted_version_opens_the_next_round_of_the_same_case(
        self, runtime: ReviewRuntime
    ) -> None:
        message = open_case_message(pemda_id=uuid.uuid4())
        open_case(runtime, message)

        resubmitted = open_case_message(
            pemda_id=message.pemda_id,
            innovation_id=message.innovation_id,
            version=2,
            nama="Antrean Daring v2",
        )
        open_case(runtime, resubmitted)

        [case] = cases_of(runtime, message.innovation_id)
        assert (case.version, case.round, case.nama) == (2, 2, "Antrean Daring v2")
        with runtime.session_factory() as session:
            rounds = repository.rounds_of(session, case.id)
        assert [(r.round, r.version, r.snapshot["snapshot"]["nama"]) for r in rounds] == [
            (1, 1, "Sistem Antrean Puskesmas Daring"),
            (2, 2, "Antrean Daring v2"),
        ]


class TestConcurrentDuplicate:
    def test_a_duplicate_arriving_mid_transaction_waits_and_changes_nothing(
        self, runtime: ReviewRuntime
    ) -> None:
        message = open_case_message(pemda_id=uuid.uuid4())
        duplicate = redelivered(message, new_id=True)
        outcome: dict[str, object] = {}

        def deliver_duplicate() -> None:
            try:
                with runtime.db.unit_of_work() as uow:
                    outcome["case_id"] = cases.open_case(uow, message=duplicate).id
            except Exception as exc:
                outcome["error"] = exc

        def someone_waits_on_a_lock() -> bool:
            with runtime.engine.connect() as conn:
                query = text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                return bool(conn.scalar(query))

        with runtime.db.unit_of_work() as uow:
            first = cases.open_case(uow, message=message)
            worker = threading.Thread(target=deliver_duplicate, daemon=True)
            worker.start()
            # The duplicate's insert must be blocked on our uncommitted row before we commit.
            wait_until(someone_waits_on_a_lock, timeout=15, what="the duplicate to wait on the unique key")
        worker.join(timeout=15)

        assert not worker.is_alive()
        assert outcome == {"case_id": first.id}
        assert len(cases_of(runtime, message.innovation_id)) == 1


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
