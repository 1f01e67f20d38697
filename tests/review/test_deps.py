"""Who may use the review API: a valid token of the review roles, nothing else."""

from __future__ import annotations

import uuid
from datetime import timedelta

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.review.deps import ReviewRuntime
from services.review.models import OutboxMessage
from shared.auth import Role, TokenIssuer, generate_key_pair
from shared.config import CommonSettings
from shared.sessions import SessionStore
from tests.review.conftest import bearer, principal
from tests.review.samples import (
    assert_error,
    open_case,
    open_case_message,
)
from tests.tokens import issuer_for


def outbox_rows(runtime: ReviewRuntime) -> list[OutboxMessage]:
    with runtime.session_factory() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at)))


class TestTokens:
    def test_no_token_asks_to_log_in(self, client: TestClient) -> None:
        response = client.get("/api/v1/cases")

        error = assert_error(response, 401, "auth.missing_token")
        assert error["message"] == "Silakan masuk terlebih dahulu."
        assert response.headers["www-authenticate"] == "Bearer"

    def test_a_token_signed_by_another_key_is_refused(
        self, client: TestClient, pemda_id: uuid.UUID, common_settings: CommonSettings
    ) -> None:
        stranger = issuer_for(common_settings, private_key=generate_key_pair()[0])

        response = client.get("/api/v1/cases", headers=bearer(stranger, pemda_id))

        assert_error(response, 401, "auth.token_invalid")

    def test_a_token_whose_session_ended_in_submission_is_refused_here(
        self, client: TestClient, pemda_id: uuid.UUID, issuer: TokenIssuer, sessions: SessionStore
    ) -> None:
        """Logout, deactivation or a role change in submission end the session record review reads."""
        headers = bearer(issuer, pemda_id, Role.admin)
        assert client.get("/api/v1/cases", headers=headers).status_code == 200
        token = headers["Authorization"].removeprefix("Bearer ")
        sessions.end(jwt.decode(token, options={"verify_signature": False})["sid"])

        assert_error(client.get("/api/v1/cases", headers=headers), 401, "auth.session_ended")

    def test_an_expired_token_is_refused(
        self, client: TestClient, pemda_id: uuid.UUID, issuer: TokenIssuer
    ) -> None:
        token = issuer.issue(principal(pemda_id), ttl=timedelta(minutes=-5))

        response = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})

        error = assert_error(response, 401, "auth.token_expired")
        assert "berakhir" in error["message"]

    def test_a_tampered_token_is_refused(
        self, client: TestClient, pemda_id: uuid.UUID, issuer: TokenIssuer
    ) -> None:
        # A reviewer of one pemda rewrites the pemda claim to read another pemda's cases.
        header, _payload, signature = issuer.issue(principal(pemda_id)).split(".")
        other = bearer(issuer, uuid.uuid4())["Authorization"].removeprefix("Bearer ").split(".")[1]

        response = client.get(
            "/api/v1/cases", headers={"Authorization": f"Bearer {header}.{other}.{signature}"}
        )

        assert_error(response, 401, "auth.token_invalid")


class TestRoles:
    @pytest.mark.parametrize("role", [Role.opd_operator, Role.opd_head])
    def test_opd_people_cannot_use_the_review_api(
        self, client: TestClient, runtime: ReviewRuntime, pemda_id: uuid.UUID, issuer: TokenIssuer, role: Role
    ) -> None:
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))
        headers = bearer(issuer, pemda_id, role)

        assert_error(client.get("/api/v1/cases", headers=headers), 403, "error.forbidden")
        decision = client.post(
            f"/api/v1/cases/{case_id}/decision", json={"decision": "accepted"}, headers=headers
        )
        assert_error(decision, 403, "error.forbidden")
        assert outbox_rows(runtime) == []
