"""The reviewer directory: accounts and periods synced from submission, reviewers known from their token."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi.testclient import TestClient

from services.review import case_review, directory, repository
from services.review.deps import ReviewRuntime
from shared.auth import Role, TokenIssuer
from shared.db import utc_now
from tests.review.conftest import ALL_SESUAI, Scene, reviewers_of
from tests.review.samples import (
    Person,
    account_message,
    add_person,
    cases_of,
    deliver,
    open_case,
    open_case_message,
    period_message,
)


class TestDirectoryFromTokens:
    def test_a_reviewer_the_directory_has_not_heard_of_is_registered_and_staffed_on_first_use(
        self, runtime: ReviewRuntime, client: TestClient, issuer: TokenIssuer, pemda_id: uuid.UUID
    ) -> None:
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))
        newcomer = Person(
            user_id=uuid.uuid4(), pemda_id=pemda_id, opd_id=None, role=Role.reviewer, name="Eka Baru"
        )

        listed = client.get("/api/v1/cases?mine=true", headers=newcomer.headers(issuer))

        assert [c["id"] for c in listed.json()] == [str(case_id)]
        admin = Person(user_id=uuid.uuid4(), pemda_id=pemda_id, opd_id=None, role=Role.admin, name="Admin")
        directory = client.get("/api/v1/reviews/reviewers", headers=admin.headers(issuer)).json()
        assert ("Eka Baru", "token") in [(p["name"], p["source"]) for p in directory]
        refused = client.get("/api/v1/reviews/reviewers", headers=newcomer.headers(issuer))
        assert refused.status_code == 403  # reviewers do not learn who else reviews


class TestReviewerLeaves:
    def test_a_deactivated_reviewers_unfinished_cases_go_to_someone_else(self, scene: Scene) -> None:
        add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator", opd_id=uuid.uuid4())
        unfinished, finished = scene.open(), scene.open()
        scene.assess(scene.ani, finished, ALL_SESUAI)

        with scene.runtime.db.unit_of_work() as uow:
            directory.sync_account(uow, message=account_message(scene.ani, is_active=False))

        assert reviewers_of(scene, unfinished) == ["Budi Verifikator", "Citra Verifikator"]
        assert "Ani Verifikator" in reviewers_of(scene, finished)  # her submitted verdicts still count

    def test_the_directory_lists_reviewers_and_admins_not_opd_staff(self, scene: Scene) -> None:
        add_person(scene.runtime, pemda_id=scene.pemda_id, name="Operator Dinkes", role=Role.opd_operator)

        listed = scene.client.get(
            "/api/v1/reviews/reviewers", headers=scene.admin.headers(scene.issuer)
        ).json()

        assert [p["name"] for p in listed] == ["Admin BRIDA", "Ani Verifikator", "Budi Verifikator"]


class TestSyncPeriod:
    def test_the_latest_change_wins_whatever_order_they_arrive_in(self, runtime: ReviewRuntime) -> None:
        pemda_id = uuid.uuid4()
        newer = period_message(pemda_id=pemda_id, k=14)
        older = period_message(
            pemda_id=pemda_id,
            period_id=newer.period.period_id,
            k=10,
            changed_at=newer.changed_at - timedelta(hours=1),
        )

        deliver(runtime, directory.sync_period, newer)
        deliver(runtime, directory.sync_period, older)

        with runtime.session_factory() as session:
            settings = case_review.period_settings(session, newer.period.period_id)
        assert settings is not None
        assert settings.k == 14

    def test_a_period_arriving_after_its_cases_scores_and_staffs_them(self, runtime: ReviewRuntime) -> None:
        pemda_id = uuid.uuid4()
        message = open_case_message(pemda_id=pemda_id, claimed={1: 3, 2: 1})
        open_case(runtime, message)
        add_person(runtime, pemda_id=pemda_id, name="Ani Verifikator", opd_id=uuid.uuid4())

        deliver(
            runtime, directory.sync_period, period_message(pemda_id=pemda_id, period_id=message.period_id)
        )

        [case] = cases_of(runtime, message.innovation_id)
        assert (
            case.claimed_score == 3 * 3 + 2 * 1
        )  # national weights: indicator 1 bobot 3, indicator 2 bobot 2
        with runtime.session_factory() as session:
            assert len(repository.assignments_of(session, case.id)) == 1


class TestSyncAccount:
    def test_an_older_change_does_not_overwrite_a_newer_one(self, runtime: ReviewRuntime) -> None:
        person = Person(uuid.uuid4(), uuid.uuid4(), None, Role.reviewer, "Ani Verifikator")
        now = utc_now()

        deliver(
            runtime, directory.sync_account, account_message(person, changed_at=now, email="baru@kukar.test")
        )
        deliver(
            runtime,
            directory.sync_account,
            account_message(person, changed_at=now - timedelta(minutes=1), email="lama@kukar.test"),
        )

        with runtime.session_factory() as session:
            account = repository.get_account(session, person.user_id)
        assert account is not None
        assert account.email == "baru@kukar.test"

    def test_a_deactivated_reviewer_gets_no_new_cases(self, runtime: ReviewRuntime) -> None:
        pemda_id = uuid.uuid4()
        person = add_person(runtime, pemda_id=pemda_id, name="Ani Verifikator", opd_id=uuid.uuid4())
        deliver(runtime, directory.sync_account, account_message(person, is_active=False))

        message = open_case_message(pemda_id=pemda_id)
        open_case(runtime, message)

        [case] = cases_of(runtime, message.innovation_id)
        with runtime.session_factory() as session:
            assert repository.assignments_of(session, case.id) == []
