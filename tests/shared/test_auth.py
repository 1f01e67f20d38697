"""Tokens: issued with the private key, verified with the public key only."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from shared.auth import Principal, Role, TokenIssuer, TokenVerifier, generate_key_pair
from shared.errors import Unauthorized

PRINCIPAL = Principal(
    user_id=uuid.uuid4(), pemda_id=uuid.uuid4(), opd_id=None, role=Role.reviewer, name="Rina"
)


def pair() -> tuple[TokenIssuer, TokenVerifier]:
    private, public = generate_key_pair()
    issuer = TokenIssuer(private, issuer="gi", audience="gi", ttl=timedelta(minutes=5))
    return issuer, TokenVerifier(public, issuer="gi", audience="gi")


class TestVerify:
    def test_a_valid_token_gives_back_the_principal(self) -> None:
        issuer, verifier = pair()
        assert verifier.verify(issuer.issue(PRINCIPAL)) == PRINCIPAL

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
    def test_bad_tokens_are_refused_with_a_code(self, make_token: object, code: str) -> None:
        issuer, verifier = pair()
        other_issuer, _ = pair()
        with pytest.raises(Unauthorized) as info:
            verifier.verify(make_token(issuer, other_issuer))  # type: ignore[operator]
        assert info.value.code == code
        assert info.value.status_code == 401

    def test_another_audience_is_refused(self) -> None:
        private, public = generate_key_pair()
        token = TokenIssuer(private, issuer="gi", audience="elsewhere", ttl=timedelta(minutes=1)).issue(
            PRINCIPAL
        )
        with pytest.raises(Unauthorized):
            TokenVerifier(public, issuer="gi", audience="gi").verify(token)
