"""Who may do what in review: every role against the API, as one table (issue 13 item 9).

The actors: nobody, two OPDs' operators and heads (A is the case's OPD), the reviewer assigned to the
case (of another OPD), a reviewer of OPD A and one not on the case, the pemda's admin, and a second
pemda's admin and operator. A cell is the status the actor gets; 404 where the case is not theirs.
"""

from __future__ import annotations

import uuid
from typing import Any

from shared.auth import Role
from tests import access
from tests.access import Row
from tests.review.conftest import ALL_SESUAI, Scene, reviewers_of
from tests.review.samples import Person, add_person

ACTORS = (*access.ACTORS, "reviewer_not_on_case")


def cells(default: int, **others: int) -> dict[str, int]:
    return access.cells(ACTORS, default, **others)


STAFF_ONLY = {"operator_a": 403, "operator_b": 403, "head_a": 403, "head_b": 403, "operator_2": 403}
CASE = cells(404, public=401, reviewer=200, admin=200, **STAFF_ONLY)
ADMINS = cells(403, public=401, admin=200, admin_2=200)
BLIND = [
    {"indicator_no": no, "verdict": v, "verified_parameter": p, "note": n}
    for no, (v, p, n) in ALL_SESUAI.items()
]

ROWS = [
    Row("GET", "/api/v1/cases", cells(200, public=401, **STAFF_ONLY)),
    Row("GET", "/api/v1/cases/{case}", CASE),
    Row("GET", "/api/v1/cases/{case}/verdicts", CASE),
    Row("GET", "/api/v1/rankings/innovations", ADMINS),
    Row("GET", "/api/v1/rankings/opds", ADMINS),
    Row("GET", "/api/v1/rankings/index?period_id={period}", cells(403, public=401, admin=200, admin_2=404)),
    Row("GET", "/api/v1/rankings/whatif?period_id={period}", cells(403, public=401, admin=200, admin_2=404)),
    Row("GET", "/api/v1/rankings/dashboard", ADMINS),
    Row("GET", "/api/v1/reviews/reviewers", ADMINS),
    Row("GET", "/api/v1/reviews/dead-messages", ADMINS),  # each admin those naming their own pemda
    # the assigned reviewer records verdicts; the admin does not judge (403), nobody else knows the case
    Row(
        "PUT",
        "/api/v1/cases/{case}/verdicts",
        cells(404, public=401, reviewer=200, admin=403, **STAFF_ONLY),
        {"verdicts": BLIND},
    ),
    # deciding needs every verdict first (409) — but only the admin gets that far
    Row(
        "POST",
        "/api/v1/cases/{case}/decision",
        cells(404, public=401, admin=409, reviewer=409, **STAFF_ONLY),
        {"decision": "accepted"},
    ),
    # last: it puts the reviewer not on the case on it
    Row(
        "POST",
        "/api/v1/cases/{case}/assignments",
        cells(
            404,
            public=401,
            admin=201,
            reviewer=403,
            reviewer_opd_a=403,
            reviewer_not_on_case=403,
            **STAFF_ONLY,
        ),
        {"reviewer_id": "{unassigned}"},
    ),
]


def test_each_actor_gets_what_the_table_says(scene: Scene) -> None:
    case_id = scene.open()
    other_pemda = uuid.uuid4()
    people: dict[str, Person | None] = {
        "public": None,
        "operator_a": Person(uuid.uuid4(), scene.pemda_id, scene.opd_id, Role.opd_operator, "Operator A"),
        "operator_b": Person(uuid.uuid4(), scene.pemda_id, uuid.uuid4(), Role.opd_operator, "Operator B"),
        "head_a": Person(uuid.uuid4(), scene.pemda_id, scene.opd_id, Role.opd_head, "Kepala A"),
        "head_b": Person(uuid.uuid4(), scene.pemda_id, uuid.uuid4(), Role.opd_head, "Kepala B"),
        "reviewer": next(p for p in (scene.ani, scene.budi) if p.name in reviewers_of(scene, case_id)),
        "reviewer_opd_a": add_person(
            scene.runtime, pemda_id=scene.pemda_id, name="Dewi", opd_id=scene.opd_id
        ),
        "reviewer_not_on_case": add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra"),
        "admin": scene.admin,
        "admin_2": Person(uuid.uuid4(), other_pemda, None, Role.admin, "Admin Lain"),
        "operator_2": Person(uuid.uuid4(), other_pemda, uuid.uuid4(), Role.opd_operator, "Operator Lain"),
    }
    ids = {
        "case": str(case_id),
        "period": str(scene.period_id),
        "unassigned": str(people["reviewer_not_on_case"].user_id),  # type: ignore[union-attr]
    }

    def send(actor: str, method: str, path: str, body: Any) -> int:
        person = people[actor]
        headers = person.headers(scene.issuer) if person else {}
        status: int = scene.client.request(method, path, headers=headers, json=body).status_code
        return status

    wrong = access.mismatches(ROWS, ACTORS, ids, send)
    assert len(ROWS) * len(ACTORS) >= 120
    assert not wrong, "\n".join(wrong)
