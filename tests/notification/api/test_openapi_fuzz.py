"""Schemathesis over notification's OpenAPI document as admin, OPD operator and anonymous: no 5xx."""

from __future__ import annotations

from services.notification.deps import NotificationRuntime
from services.notification.main import create_app
from shared.auth import Role
from tests.fuzzing import fuzz
from tests.notification.conftest import TokenFor


def test_no_operation_answers_a_server_error(runtime: NotificationRuntime, auth: TokenFor) -> None:
    callers = {"admin": auth(Role.admin), "operator": auth(Role.opd_operator), "anonymous": {}}
    report = fuzz(create_app(), callers)
    report.write("notification")
    assert report.operations > 5
    assert not report.failures, "\n".join(report.failures)
