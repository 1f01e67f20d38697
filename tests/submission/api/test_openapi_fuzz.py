"""Schemathesis over submission's OpenAPI document as admin, operator and anonymous: no 5xx (issue 13)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from services.submission.deps import SubmissionRuntime
from services.submission.main import create_app
from tests.fuzzing import fuzz
from tests.submission.conftest import Tenant, login


def test_no_operation_answers_a_server_error(
    runtime: SubmissionRuntime, client: TestClient, tenant: Tenant
) -> None:
    callers = {
        "admin": login(client, tenant.admin.email),
        "operator": login(client, tenant.operator.email),
        "anonymous": {},
    }
    report = fuzz(create_app(), callers)
    report.write("submission")
    assert report.operations > 40
    assert not report.failures, "\n".join(report.failures)
