"""The admins' daily digest: every OPD's progress, once a local day per pemda, from 07:00."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from services.submission import periods
from services.submission.deps import SubmissionRuntime
from services.submission.models import AdminDigest, Innovation, OutboxMessage, UserAccount
from shared.contracts.schedule import PERIODIC_TASKS
from shared.db import utc_now
from tests.submission.conftest import Tenant
from tests.submission.test_api import DRAFT

WITA = ZoneInfo("Asia/Makassar")  # the tenant's zone


def digests(runtime: SubmissionRuntime) -> list[dict[str, Any]]:
    with runtime.session_factory() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.task_name == "notification.notify")
            .order_by(OutboxMessage.created_at)
        )
        return [r.payload for r in rows if r.payload["event_type"] == "digest.admin_daily"]


def run(runtime: SubmissionRuntime, now: datetime) -> int:
    with runtime.db.unit_of_work() as uow:
        return periods.send_admin_digest(uow, now=now)


def local_tomorrow(hour: int, minute: int = 0) -> datetime:
    """Tomorrow in the tenant's zone at this local time (inside the tenant's open period)."""
    day = utc_now().astimezone(WITA).date() + timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=WITA)


class TestOncePerLocalDay:
    def test_sent_from_seven_local_once_a_day(self, runtime: SubmissionRuntime, tenant: Tenant) -> None:
        assert run(runtime, local_tomorrow(6, 59)) == 0
        assert digests(runtime) == []
        assert run(runtime, local_tomorrow(7, 0)) == 1
        assert run(runtime, local_tomorrow(18, 30)) == 0  # the same local day
        assert len(digests(runtime)) == 1
        assert run(runtime, local_tomorrow(7, 5) + timedelta(days=1)) == 1
        with runtime.session_factory() as session:
            days = sorted(session.scalars(select(AdminDigest.local_date)))
        assert days == [local_tomorrow(0).date(), local_tomorrow(0).date() + timedelta(days=1)]

    def test_before_seven_local_is_not_yet_even_when_utc_says_another_hour(
        self, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        six_wita = local_tomorrow(6, 0)
        assert six_wita.astimezone(ZoneInfo("Asia/Jakarta")).hour == 5
        assert run(runtime, six_wita) == 0
        # 07:00 WITA is 23:00 UTC of the day before: the local day is what counts.
        seven_wita = local_tomorrow(7, 0)
        assert seven_wita.astimezone(ZoneInfo("UTC")).date() < seven_wita.date()
        assert run(runtime, seven_wita) == 1
        assert digests(runtime)[0]["data"]["date"] == seven_wita.date().isoformat()

    def test_no_admins_means_nothing_is_sent(self, runtime: SubmissionRuntime, tenant: Tenant) -> None:
        with runtime.session_factory() as session:
            session.execute(
                update(UserAccount).where(UserAccount.id == tenant.admin.id).values(is_active=False)
            )
            session.commit()
        assert run(runtime, local_tomorrow(8)) == 0
        assert digests(runtime) == []

    def test_the_beat_task_is_registered_under_the_scheduled_name(self) -> None:
        import services.submission.tasks as tasks

        assert PERIODIC_TASKS["submission.send_admin_digest"] == 900
        assert tasks.send_admin_digest.name == "submission.send_admin_digest"


class TestContents:
    def test_every_opd_progress_the_period_and_the_admins(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant, operator_headers: dict[str, str]
    ) -> None:
        statuses = [
            "draft",
            "draft",
            "awaiting_head",
            "submitted",
            "in_review",
            "revision_requested",
            "accepted",
            "accepted",
            "rejected",
        ]
        ids = []
        for n, _ in enumerate(statuses):
            response = client.post(
                "/api/v1/innovations",
                json={**DRAFT, "nama": f"Inovasi Uji Nomor {n}"},
                headers=operator_headers,
            )
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        with runtime.session_factory() as session:
            for innovation_id, status in zip(ids, statuses, strict=True):
                session.execute(
                    update(Innovation).where(Innovation.id == innovation_id).values(status=status)
                )
            session.commit()

        assert run(runtime, local_tomorrow(9)) == 1
        (digest,) = digests(runtime)
        assert [r["email"] for r in digest["recipients"]] == [tenant.admin.email]
        data = digest["data"]
        assert tenant.period is not None
        assert data["pemda"] == tenant.pemda.name
        assert data["period"] == tenant.period.name
        assert datetime.fromisoformat(data["closes_at"]) == tenant.period.closes_at
        assert "WITA" in data["closes_at_local"]
        by_name = {opd["name"]: opd for opd in data["opds"]}
        assert by_name["Dinas Kesehatan"] | {"opd_id": ""} == {
            "opd_id": "",
            "name": "Dinas Kesehatan",
            "drafts": 3,  # not yet sent to the pemda, the one awaiting its head included
            "awaiting_head": 1,
            "submitted": 6,  # everything sent to the pemda, decided or not
            "in_review": 2,
            "revision_requested": 1,
            "accepted": 2,
            "rejected": 1,
        }
        assert by_name["Dinas Pendidikan"] | {"opd_id": ""} == {
            "opd_id": "",
            "name": "Dinas Pendidikan",
            "drafts": 0,
            "awaiting_head": 0,
            "submitted": 0,
            "in_review": 0,
            "revision_requested": 0,
            "accepted": 0,
            "rejected": 0,
        }
        assert (data["opds_total"], data["opds_without_submission"]) == (2, 1)
