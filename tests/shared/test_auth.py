"""Tokens: issued with the private key, verified with the public key only."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from shared.auth import Principal, Role, TokenIssuer, TokenVerifier, generate_key_pair
from shared.errors import Unauthorized
from shared.sessions import SessionStore

PRINCIPAL = Principal(
    user_id=uuid.uuid4(), pemda_id=uuid.uuid4(), opd_id=None, role=Role.reviewer, name="Rina"
)

Pair = Callable[[], tuple["TokenIssuer", "TokenVerifier"]]


@pytest.fixture
def pair(sessions: SessionStore) -> Callable[[], tuple[TokenIssuer, TokenVerifier]]:
    def make() -> tuple[TokenIssuer, TokenVerifier]:
        private, public = generate_key_pair()
        issuer = TokenIssuer(private, issuer="gi", audience="gi", ttl=timedelta(minutes=5), sessions=sessions)
        return issuer, TokenVerifier(public, issuer="gi", audience="gi", sessions=sessions)

    return make


class TestVerify:
    def test_a_valid_token_gives_back_the_principal_with_its_session(self, pair: Pair) -> None:
        issuer, verifier = pair()
        verified = verifier.verify(issuer.issue(PRINCIPAL))
        assert verified.session_id
        assert verified == PRINCIPAL.model_copy(update={"session_id": verified.session_id})

    @pytest.mark.parametrize(
        ("make_token", "code"),
        [
            (lambda i, _: i.issue(PRINCIPAL, ttl=timedelta(seconds=-30)), "auth.token_expired"),
            (lambda i, _: i.issue(PRINCIPAL)[:-3] + "abc", "auth.token_invalid"),
            (lambda _, other: other.issue(PRINCIPAL), "auth.token_invalid"),
            (lambda _, __: "not-a-token", "auth.token_invalid"),
        ],
        ids=["expired", "tampered", "other-key", "garbage"],
    )
    def test_bad_tokens_are_refused_with_a_code(self, pair: Pair, make_token: object, code: str) -> None:
        issuer, verifier = pair()
        other_issuer, _ = pair()
        with pytest.raises(Unauthorized) as info:
            verifier.verify(make_token(issuer, other_issuer))  # type: ignore[operator]
        assert info.value.code == code
        assert info.value.status_code == 401

    def test_another_audience_is_refused(self, sessions: SessionStore) -> None:
        private, public = generate_key_pair()
        token = TokenIssuer(
            private, issuer="gi", audience="elsewhere", ttl=timedelta(minutes=1), sessions=sessions
        ).issue(PRINCIPAL)
        with pytest.raises(Unauthorized):
            TokenVerifier(public, issuer="gi", audience="gi", sessions=sessions).verify(token)

    def test_a_token_whose_session_ended_is_refused(self, pair: Pair, sessions: SessionStore) -> None:
        issuer, verifier = pair()
        token = issuer.issue(PRINCIPAL)
        sessions.end(str(verifier.verify(token).session_id))
        with pytest.raises(Unauthorized) as info:
            verifier.verify(token)
        assert info.value.code == "auth.session_ended"

    def test_a_token_without_a_session_is_refused(self, sessions: SessionStore) -> None:
        """Even signed with our key: a token must name a session (one minted before sessions existed)."""
        private, public = generate_key_pair()
        claims = {"sub": str(PRINCIPAL.user_id), "role": "admin", "iss": "gi", "aud": "gi"}
        now = int(time.time())
        key = serialization.load_pem_private_key(private.encode(), password=None)
        token = jwt.encode({**claims, "iat": now, "exp": now + 60}, key, algorithm="EdDSA")  # type: ignore[arg-type]
        with pytest.raises(Unauthorized):
            TokenVerifier(public, issuer="gi", audience="gi", sessions=sessions).verify(token)
