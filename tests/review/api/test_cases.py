"""The cases API as a reviewer uses it: list the cases of their pemda, read one."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from services.review import cases as review_cases
from services.review import repository
from services.review.deps import ReviewRuntime
from shared.auth import Role, TokenIssuer
from shared.contracts.review import WithdrawReviewCase
from tests.review.conftest import ALL_SESUAI, Scene, bearer
from tests.review.samples import (
    Person,
    add_person,
    assert_error,
    deliver,
    open_case,
    open_case_message,
)


class TestListCases:
    def test_a_reviewer_sees_only_the_cases_of_their_pemda(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        ours = [open_case(runtime, open_case_message(pemda_id=pemda_id, minutes_ago=m)) for m in (10, 5)]
        open_case(runtime, open_case_message(pemda_id=uuid.uuid4(), nama="Inovasi Pemda Lain"))

        response = client.get("/api/v1/cases", headers=reviewer_headers)

        assert response.status_code == 200, response.text
        body = response.json()
        assert [item["id"] for item in body] == [str(ours[1]), str(ours[0])]  # newest submission first
        assert {item["nama"] for item in body} == {"Sistem Antrean Puskesmas Daring"}

    def test_the_status_filter_separates_open_and_decided_cases(self, scene: Scene) -> None:
        decided, still_open = scene.open(), scene.open()
        for reviewer in (scene.ani, scene.budi):
            scene.assess(reviewer, decided, ALL_SESUAI)
        assert scene.decide(scene.admin, decided, decision="accepted").status_code == 200

        headers = scene.ani.headers(scene.issuer)
        listed = {
            status: [
                c["id"] for c in scene.client.get(f"/api/v1/cases?status={status}", headers=headers).json()
            ]
            for status in ("open", "decided")
        }

        assert listed == {"open": [str(still_open)], "decided": [str(decided)]}

    def test_mine_lists_only_the_cases_assigned_to_the_caller(self, scene: Scene) -> None:
        case_id = scene.open()
        outsider = add_person(
            scene.runtime, pemda_id=scene.pemda_id, name="Citra Cadangan"
        )  # third: not needed

        def mine(person: Person) -> list[str]:
            response = scene.client.get("/api/v1/cases?mine=true", headers=person.headers(scene.issuer))
            return [c["id"] for c in response.json()]

        assert mine(scene.ani) == [str(case_id)]
        assert mine(scene.budi) == [str(case_id)]
        assert mine(outsider) == []

    def test_an_admin_of_the_pemda_may_list_too(
        self, client: TestClient, runtime: ReviewRuntime, pemda_id: uuid.UUID, issuer: TokenIssuer
    ) -> None:
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))

        response = client.get("/api/v1/cases", headers=bearer(issuer, pemda_id, Role.admin))

        assert [c["id"] for c in response.json()] == [str(case_id)]


class TestReadCase:
    def test_the_case_shows_the_snapshot_and_its_evidence_files(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        message = open_case_message(pemda_id=pemda_id, evidence_count=2)
        case_id = open_case(runtime, message)

        response = client.get(f"/api/v1/cases/{case_id}", headers=reviewer_headers)

        assert response.status_code == 200, response.text
        body = response.json()
        assert body["innovation_id"] == str(message.innovation_id)
        assert body["status"] == "open"
        assert body["snapshot"] == {
            "nama": "Sistem Antrean Puskesmas Daring",
            "tahapan": "penerapan",
            "jenis": "digital",
        }
        assert [(e["evidence_id"], e["object_key"], e["sha256"]) for e in body["evidence"]] == [
            (str(ref.evidence_id), ref.object_key, ref.sha256) for ref in message.evidence
        ]

    def test_a_case_of_another_pemda_is_not_found(
        self, client: TestClient, runtime: ReviewRuntime, reviewer_headers: dict[str, str]
    ) -> None:
        elsewhere = open_case(runtime, open_case_message(pemda_id=uuid.uuid4()))

        response = client.get(f"/api/v1/cases/{elsewhere}", headers=reviewer_headers)

        assert_error(response, 404, "review.case_not_found")


def _withdraw(scene: Scene, case_id: uuid.UUID) -> None:
    with scene.runtime.session_factory() as session:
        case = repository.get_case(session, case_id)
        assert case is not None
        message = WithdrawReviewCase(innovation_id=case.innovation_id, version=case.version)
    deliver(scene.runtime, review_cases.withdraw_case, message)


def _who(scene: Scene, name: str, case_id: uuid.UUID) -> Person:
    """The callers of the least-privilege table (Ani and Budi are on the case, Citra is not)."""
    if name == "admin":
        return scene.admin
    if name == "assigned":
        return scene.ani
    if name == "other reviewer":
        return add_person(
            scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator", opd_id=uuid.uuid4()
        )
    if name == "taken off":
        removed = scene.client.delete(
            f"/api/v1/cases/{case_id}/assignments/{scene.ani.user_id}",
            headers=scene.admin.headers(scene.issuer),
        )
        assert removed.status_code == 200, removed.text
        return scene.ani
    if name == "assigned, now of the case's OPD":  # the token says they moved to the innovation's OPD
        return replace(scene.ani, opd_id=scene.opd_id)
    if name == "assigned, case withdrawn to a draft":
        _withdraw(scene, case_id)
        return scene.ani
    raise AssertionError(name)


CALLERS = [
    ("admin", True),
    ("assigned", True),
    ("other reviewer", False),
    ("taken off", False),
    ("assigned, now of the case's OPD", False),
    ("assigned, case withdrawn to a draft", False),
]
READS = ["", "/verdicts", "/profile.pdf", "/dossier.zip", "/evidence/{evidence_id}"]


class TestLeastPrivilege:
    """A reviewer reads only the cases assigned to them; any other is 404, as if it did not exist."""

    @pytest.mark.parametrize(("caller", "allowed"), CALLERS)
    def test_who_reads_a_case(self, scene: Scene, caller: str, allowed: bool) -> None:
        case_id = scene.open()
        evidence_id = scene.read(scene.admin, case_id)["evidence"][0]["evidence_id"]
        who = _who(scene, caller, case_id)
        headers = who.headers(scene.issuer)

        statuses = {
            path: scene.client.get(
                f"/api/v1/cases/{case_id}{path.format(evidence_id=evidence_id)}", headers=headers
            ).status_code
            for path in READS
            if allowed is False or path in ("", "/verdicts", "/profile.pdf")  # the others need S3
        }
        listed = [c["id"] for c in scene.client.get("/api/v1/cases", headers=headers).json()]

        if allowed:
            assert set(statuses.values()) == {200}, statuses
            assert str(case_id) in listed
        else:
            assert set(statuses.values()) == {404}, statuses
            assert str(case_id) not in listed

    def test_a_refused_case_looks_like_one_that_does_not_exist(self, scene: Scene) -> None:
        case_id = scene.open()
        citra = _who(scene, "other reviewer", case_id)

        refused = scene.client.get(f"/api/v1/cases/{case_id}", headers=citra.headers(scene.issuer))
        unknown = scene.client.get(f"/api/v1/cases/{uuid.uuid4()}", headers=citra.headers(scene.issuer))

        assert refused.json() == unknown.json()
        assert_error(refused, 404, "review.case_not_found")

    def test_a_reviewer_lists_only_their_own_cases_even_without_mine(self, scene: Scene) -> None:
        citra = add_person(
            scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator", opd_id=uuid.uuid4()
        )
        first, second, third = scene.open(), scene.open(), scene.open()  # Ani+Budi, Citra+Ani, Budi+Citra

        listed = {
            who.name: {
                c["id"] for c in scene.client.get("/api/v1/cases", headers=who.headers(scene.issuer)).json()
            }
            for who in (scene.ani, citra, scene.admin)
        }

        assert listed["Ani Verifikator"] == {str(first), str(second)}
        assert listed["Citra Verifikator"] == {str(second), str(third)}
        assert listed["Admin BRIDA"] == {str(first), str(second), str(third)}
