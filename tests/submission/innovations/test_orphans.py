"""Evidence objects nothing refers to are deleted (after their grace period, or at once when the
upload failed); objects of uploads in progress and of evidence records stay."""

from __future__ import annotations

import contextlib
import io
import logging
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from services.submission.deps import SubmissionRuntime
from services.submission.innovations import evidence as evidence_rules
from services.submission.innovations.orphans import sweep_orphans
from services.submission.models import PendingUpload
from shared.db import utc_now
from shared.storage import StorageUnavailable
from tests.submission.conftest import Tenant
from tests.submission.innovations.test_direct_upload import post_to_s3, start
from tests.submission.samples import PDF, mp4_of_seconds
from tests.submission.test_api import create_draft, evidence_count, objects_under, upload


def sweep(runtime: SubmissionRuntime, tenant: Tenant, *, grace: timedelta, later: timedelta) -> list[str]:
    """Sweep this test's pemda only (the test S3 bucket is shared by the whole run)."""
    with runtime.session_factory() as session:
        return sweep_orphans(
            session, store=runtime.store, grace=grace, now=utc_now() + later, prefix=f"{tenant.pemda.id}/"
        )


def put_stray(runtime: SubmissionRuntime, key: str) -> None:
    runtime.store.put(key, io.BytesIO(PDF), length=len(PDF), content_type="application/pdf")


class TestSweeper:
    def test_an_object_no_record_refers_to_is_removed_after_the_grace_and_logged(
        self,
        client: TestClient,
        operator_headers: dict[str, str],
        runtime: SubmissionRuntime,
        tenant: Tenant,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        kept = upload(client, operator_headers, innovation_id, PDF)
        kept_key = kept.json()["object_key"]  # type: ignore[attr-defined]
        stray = f"{tenant.pemda.id}/lost/{innovation_id}/01/{'0' * 64}"
        put_stray(runtime, stray)

        assert sweep(runtime, tenant, grace=timedelta(hours=1), later=timedelta(minutes=30)) == []
        with caplog.at_level(logging.WARNING, logger="services.submission.innovations.orphans"):
            removed = sweep(runtime, tenant, grace=timedelta(hours=1), later=timedelta(hours=1, minutes=1))

        assert removed == [stray]
        assert objects_under(runtime, f"{tenant.pemda.id}/") == [kept_key]
        assert any(getattr(r, "object_key", None) == stray for r in caplog.records)
        assert runtime.store.get(kept_key) == PDF

    def test_a_direct_upload_in_progress_keeps_its_object_until_it_expires(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        ticket = start(client, operator_headers, innovation_id)
        sent = post_to_s3(ticket, mp4_of_seconds(30))
        assert sent.status_code in (200, 201, 204), sent.text
        (incoming,) = [k for k in objects_under(runtime, f"{tenant.pemda.id}/") if "/incoming/" in k]

        assert sweep(runtime, tenant, grace=timedelta(0), later=timedelta(seconds=1)) == []
        with runtime.session_factory() as session, session.begin():
            session.execute(update(PendingUpload).values(expires_at=utc_now() - timedelta(minutes=1)))
        assert sweep(runtime, tenant, grace=timedelta(0), later=timedelta(seconds=1)) == [incoming]


class TestFailedUpload:
    def test_s3_answering_after_the_timeout_leaves_no_object(
        self,
        client: TestClient,
        operator_headers: dict[str, str],
        runtime: SubmissionRuntime,
        tenant: Tenant,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        real_put = runtime.store.put

        def stored_then_timed_out(*args: Any, **kwargs: Any) -> Any:
            real_put(*args, **kwargs)
            raise StorageUnavailable()

        monkeypatch.setattr(runtime.store, "put", stored_then_timed_out)
        response = upload(client, operator_headers, innovation_id, PDF)

        assert response.status_code == 503  # type: ignore[attr-defined]
        assert evidence_count(runtime) == 0
        assert objects_under(runtime, f"{tenant.pemda.id}/") == [], "told it was not saved: nothing stays"

    def test_a_failed_database_write_leaves_no_object(
        self,
        client: TestClient,
        operator_headers: dict[str, str],
        runtime: SubmissionRuntime,
        tenant: Tenant,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        innovation_id = create_draft(client, operator_headers)

        def broken(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("the database went away")

        monkeypatch.setattr(evidence_rules, "_record_evidence", broken)
        with contextlib.suppress(RuntimeError):  # a 500, or the error itself from the test client
            upload(client, operator_headers, innovation_id, PDF)

        assert objects_under(runtime, f"{tenant.pemda.id}/") == []
