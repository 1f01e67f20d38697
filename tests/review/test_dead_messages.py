"""The messages review gave up on, as the admins see them."""

from __future__ import annotations

import uuid
from typing import Any

from services.review import dead_messages
from services.review.deps import ReviewRuntime
from shared.auth import Role
from tests.review.conftest import bearer
from tests.review.samples import (
    open_case_message,
)


class TestWhoSeesDeadMessages:
    def test_an_admin_sees_the_dead_messages_of_their_pemda_only(
        self, runtime: ReviewRuntime, client: Any, issuer: Any
    ) -> None:
        ours, theirs = uuid.uuid4(), uuid.uuid4()
        with runtime.db.unit_of_work() as uow:
            for pemda_id, attempts in ((ours, 9), (theirs, 8)):
                payload = open_case_message(pemda_id=pemda_id).to_payload()
                dead_messages.record_dead_message(
                    uow,
                    task_name="review.open_case",
                    payload=payload,
                    reason="x",
                    attempts=attempts,
                )

        as_admin = client.get("/api/v1/reviews/dead-messages", headers=bearer(issuer, ours, Role.admin))
        as_superadmin = client.get(
            "/api/v1/reviews/dead-messages", headers=bearer(issuer, None, Role.superadmin)
        )
        as_reviewer = client.get("/api/v1/reviews/dead-messages", headers=bearer(issuer, ours))

        assert [m["attempts"] for m in as_admin.json()] == [9]
        assert sorted(m["attempts"] for m in as_superadmin.json()) == [8, 9]
        assert as_reviewer.status_code == 403
