"""Who may do what in submission: every role against the API, as one table (issue 13 item 9).

The actors: nobody logged in, two OPDs' operators and heads, a reviewer without an OPD and one who
belongs to OPD A, the pemda's admin, and a second pemda's admin and operator. The resource is a draft
of OPD A. A cell is the status the actor gets; 404 where the resource is not theirs to know about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.submission.deps import SubmissionRuntime
from services.submission.models import Opd, Pemda
from shared.auth import Role
from tests import access
from tests.access import ACTORS, Row
from tests.submission.conftest import Tenant, add_user, login, seed_tenant
from tests.submission.test_api import DRAFT, create_draft


@dataclass
class World:
    client: TestClient
    headers: dict[str, dict[str, str]]
    ids: dict[str, str]


@pytest.fixture
def world(runtime: SubmissionRuntime, client: TestClient, tenant: Tenant) -> World:
    with runtime.db.unit_of_work() as uow:
        pemda = uow.session.get(Pemda, tenant.pemda.id)
        opd_a, opd_b = uow.session.get(Opd, tenant.opd.id), uow.session.get(Opd, tenant.other_opd.id)
        assert pemda is not None
        for email, role, opd in (
            ("operator-b@kukar.test", Role.opd_operator, opd_b),
            ("kepala-b@kukar.test", Role.opd_head, opd_b),
            ("reviewer-a@kukar.test", Role.reviewer, opd_a),
        ):
            add_user(uow, pemda, email=email, role=role, opd=opd)
    second = seed_tenant(runtime, "paser")
    emails = {
        "operator_a": tenant.operator.email,
        "operator_b": "operator-b@kukar.test",
        "head_a": tenant.head.email,
        "head_b": "kepala-b@kukar.test",
        "reviewer": tenant.reviewer.email,
        "reviewer_opd_a": "reviewer-a@kukar.test",
        "admin": tenant.admin.email,
        "admin_2": second.admin.email,
        "operator_2": second.operator.email,
    }
    headers: dict[str, dict[str, str]] = {"public": {}}
    headers |= {actor: login(client, email) for actor, email in emails.items()}
    ids = {
        "innovation": create_draft(client, headers["operator_a"]),
        "user": str(tenant.operator.id),
        "opd": str(tenant.opd.id),
        "period": str(tenant.period.id if tenant.period else ""),
        "pemda": str(tenant.pemda.id),
    }
    return World(client, headers, ids)


def cells(default: int, **others: int) -> dict[str, int]:
    return access.cells(ACTORS, default, **others)


LOGGED_IN = cells(200, public=401)
ADMINS = cells(403, public=401, admin=200, admin_2=200)
OPD_A = cells(404, public=401, operator_a=200, head_a=200, admin=200)  # reviewers read in review only
OTHER_PEMDA_404 = {"admin_2": 404, "operator_2": 404}

# Reads first, then changes whose effect leaves the rows after them as they are.
ROWS = [
    Row("GET", "/api/v1/auth/me", LOGGED_IN),
    Row("GET", "/api/v1/auth/sessions", LOGGED_IN),
    Row("GET", "/api/v1/innovations", LOGGED_IN),
    Row("GET", "/api/v1/innovations/{innovation}", OPD_A),
    Row("GET", "/api/v1/innovations/{innovation}/assessment", OPD_A),
    Row("GET", "/api/v1/innovations/{innovation}/versions", OPD_A),
    Row("GET", "/api/v1/opds", LOGGED_IN),  # the pemda's own OPDs (every form offers them)
    Row("GET", "/api/v1/users", ADMINS),
    Row("GET", "/api/v1/users/{user}/login-blocks", cells(403, public=401, admin=200, admin_2=404)),
    Row("GET", "/api/v1/audit", ADMINS),
    Row("GET", "/api/v1/periods", LOGGED_IN),
    Row("GET", "/api/v1/periods/{period}", cells(200, public=401, **OTHER_PEMDA_404)),
    Row("GET", "/api/v1/periods/{period}/compliance", cells(403, public=401, admin=200, **OTHER_PEMDA_404)),
    Row("GET", "/api/v1/pemda", LOGGED_IN),
    # only the operator of the OPD edits its draft; the head approves what was sent (409: not yet)
    Row(
        "PATCH",
        "/api/v1/innovations/{innovation}",
        cells(404, public=401, operator_a=200, head_a=403, admin=403),
        {"nama": DRAFT["nama"]},
    ),
    Row(
        "POST",
        "/api/v1/innovations/{innovation}/approve",
        cells(404, public=401, operator_a=403, head_a=409, admin=403),
    ),
    # operators create; a second one of the same pemda meets the title already taken (409)
    Row(
        "POST",
        "/api/v1/innovations",
        cells(403, public=401, operator_a=201, operator_b=409, operator_2=201),
        {**DRAFT, "nama": "Layanan Matriks Akses Terpadu"},
    ),
    Row(
        "POST",
        "/api/v1/opds",
        cells(403, public=401, admin=201, admin_2=201),
        {"name": "Dinas Baru Matriks", "kind": "dinas"},
    ),
    Row(
        "PATCH",
        "/api/v1/users/{user}",
        cells(403, public=401, admin=200, admin_2=404),
        {"name": "Operator"},
    ),
    Row("PATCH", "/api/v1/pemda/{pemda}", cells(403, public=401), {"name": "Kabupaten Kukar"}),
    Row("DELETE", "/api/v1/users/{user}/sessions", cells(403, public=401, admin=204, admin_2=404)),
]


def test_each_actor_gets_what_the_table_says(world: World) -> None:
    def send(actor: str, method: str, path: str, body: Any) -> int:
        status: int = world.client.request(method, path, headers=world.headers[actor], json=body).status_code
        return status

    assert len(ROWS) * len(ACTORS) >= 200
    wrong = access.mismatches(ROWS, ACTORS, world.ids, send)
    assert not wrong, "\n".join(wrong)
