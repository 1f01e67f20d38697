"""Signing tokens in tests the way submission does: the development key pair, a real session record."""

from __future__ import annotations

from datetime import timedelta

from shared.auth import TokenIssuer, dev_key_pair
from shared.config import CommonSettings
from shared.sessions import session_store


def issuer_for(
    common: CommonSettings, *, private_key: str | None = None, ttl: timedelta = timedelta(minutes=10)
) -> TokenIssuer:
    """An issuer with the services' settings (or another key: a stranger's), sessions in their store."""
    return TokenIssuer(
        private_key or dev_key_pair(common.keys_dir)[0],
        issuer=common.jwt_issuer,
        audience=common.jwt_audience,
        ttl=ttl,
        sessions=session_store(common.effective_session_url),
    )
