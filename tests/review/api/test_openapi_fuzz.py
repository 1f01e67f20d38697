"""Schemathesis over review's OpenAPI document as admin, reviewer, OPD operator and anonymous: no 5xx."""

from __future__ import annotations

import uuid

from services.review.main import create_app
from shared.auth import Role
from tests.fuzzing import fuzz
from tests.review.conftest import Scene, bearer


def test_no_operation_answers_a_server_error(scene: Scene, season: dict[str, uuid.UUID]) -> None:
    pemda_id = scene.pemda_id
    callers = {
        "admin": bearer(scene.issuer, pemda_id, Role.admin),
        "reviewer": bearer(scene.issuer, pemda_id, Role.reviewer),
        "operator": bearer(scene.issuer, pemda_id, Role.opd_operator),
        "anonymous": {},
    }
    report = fuzz(create_app(), callers)
    report.write("review")
    assert report.operations > 10
    assert not report.failures, "\n".join(report.failures)
