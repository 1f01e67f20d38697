"""Deadline reminders (D-7/D-3/D-1, each once) and compliance per period."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from services.submission import periods
from services.submission.deps import SubmissionRuntime
from services.submission.models import OutboxMessage, Period
from shared.contracts.schedule import PERIODIC_TASKS
from shared.db import utc_now
from tests.submission.conftest import Tenant, login
from tests.submission.innovations.test_workflow import submitted


def closing_notices(runtime: SubmissionRuntime) -> list[dict[str, Any]]:
    with runtime.session_factory() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.task_name == "notification.notify"))
        return [r.payload for r in rows if r.payload["event_type"] == "period.closing"]


def run(runtime: SubmissionRuntime, **kwargs: Any) -> int:
    with runtime.db.unit_of_work() as uow:
        return periods.send_deadline_reminders(uow, **kwargs)


class TestDeadlineReminders:
    def test_an_opd_with_nothing_submitted_is_reminded_once_per_step(
        self, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        closes = utc_now() + timedelta(days=2, hours=12)
        with runtime.session_factory() as session:
            session.execute(update(Period).values(closes_at=closes))
            session.commit()
        assert run(runtime) == 1  # Dinas Kesehatan; Dinas Pendidikan has nobody to tell
        assert run(runtime) == 0
        notices = closing_notices(runtime)
        assert [n["data"]["days_left"] for n in notices] == [3]
        assert {r["email"] for r in notices[0]["recipients"]} == {tenant.operator.email, tenant.head.email}
        assert "WITA" in notices[0]["data"]["closes_at_local"]
        assert notices[0]["data"]["pemda"] == tenant.pemda.name  # the message's header and signature
        assert run(runtime, now=closes - timedelta(hours=20)) == 1
        assert [n["data"]["days_left"] for n in closing_notices(runtime)] == [3, 1]

    def test_an_opd_that_submitted_and_has_no_drafts_is_left_alone(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant, operator_headers: dict[str, str]
    ) -> None:
        submitted(client, operator_headers, tenant)
        with runtime.session_factory() as session:
            session.execute(update(Period).values(closes_at=utc_now() + timedelta(days=6)))
            session.commit()
        assert run(runtime) == 0

    def test_the_beat_task_is_registered_under_the_scheduled_name(self) -> None:
        import services.submission.tasks as tasks

        assert "submission.send_deadline_reminders" in PERIODIC_TASKS
        assert tasks.send_deadline_reminders.name == "submission.send_deadline_reminders"


class TestCompliance:
    def test_the_admin_sees_which_opds_have_submitted(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant, operator_headers: dict[str, str]
    ) -> None:
        submitted(client, operator_headers, tenant)
        assert tenant.period is not None
        admin = login(client, tenant.admin.email)
        report = client.get(f"/api/v1/periods/{tenant.period.id}/compliance", headers=admin).json()
        assert (report["total"], report["compliant"]) == (2, 1)
        by_name = {o["name"]: o for o in report["opds"]}
        assert by_name["Dinas Kesehatan"]["compliant"] is True
        assert by_name["Dinas Pendidikan"]["submitted"] == 0
        forbidden = client.get(f"/api/v1/periods/{tenant.period.id}/compliance", headers=operator_headers)
        assert forbidden.status_code == 403
