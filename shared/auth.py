"""Identity: submission issues signed JWTs (Ed25519); every service verifies them with the public key."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, ConfigDict

from shared.db import utc_now
from shared.errors import Unauthorized
from shared.sessions import SessionKind, SessionStore

ALGORITHM = "EdDSA"
PRIVATE_KEY_FILE = "jwt-private.pem"
PUBLIC_KEY_FILE = "jwt-public.pem"


class Role(StrEnum):
    opd_operator = "opd_operator"
    opd_head = "opd_head"
    reviewer = "reviewer"
    admin = "admin"
    superadmin = "superadmin"


class Principal(BaseModel):
    """Who is calling, as the token says."""

    model_config = ConfigDict(frozen=True)

    user_id: uuid.UUID
    pemda_id: uuid.UUID | None
    opd_id: uuid.UUID | None
    role: Role
    name: str
    language: Literal["id", "en"] = "id"
    timezone: str = "Asia/Jakarta"  # the pemda's zone: pages show times in it (WIB/WITA/WIT)
    session_id: str | None = None  # the server-side session the token belongs to (shared.sessions)


def generate_key_pair() -> tuple[str, str]:
    """A new Ed25519 key pair as (private PEM, public PEM)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def dev_key_pair(keys_dir: Path) -> tuple[str, str]:
    """The development key pair under `keys_dir`, made on first use (never used in production)."""
    private_file, public_file = keys_dir / PRIVATE_KEY_FILE, keys_dir / PUBLIC_KEY_FILE
    if not private_file.exists():
        keys_dir.mkdir(parents=True, exist_ok=True)
        private, public = generate_key_pair()
        tmp = private_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(private)
        tmp.chmod(0o600)
        public_file.with_suffix(f".{os.getpid()}.tmp").write_text(public)
        # Rename is atomic: processes starting together agree on one pair.
        if not private_file.exists():
            public_file.with_suffix(f".{os.getpid()}.tmp").replace(public_file)
            tmp.replace(private_file)
        else:
            tmp.unlink()
            public_file.with_suffix(f".{os.getpid()}.tmp").unlink()
    return private_file.read_text(), public_file.read_text()


class TokenIssuer:
    """Signs access tokens (submission only: it owns the accounts); every token belongs to a session."""

    def __init__(
        self, private_key_pem: str, *, issuer: str, audience: str, ttl: timedelta, sessions: SessionStore
    ):
        self._key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
        self.issuer, self.audience, self.ttl, self.sessions = issuer, audience, ttl, sessions

    def start_session(
        self,
        principal: Principal,
        *,
        kind: SessionKind,
        lifetime: timedelta,
        agent: str = "",
        address: str = "",
    ) -> Principal:
        """The principal with a new server-side session (what a login makes)."""
        sid = self.sessions.start(
            principal.user_id, kind=kind, lifetime=lifetime, agent=agent, address=address
        )
        return principal.model_copy(update={"session_id": sid})

    def issue(self, principal: Principal, *, ttl: timedelta | None = None) -> str:
        """A token for the principal's session (a new session lasting as long as the token if it has none)."""
        if principal.session_id is None:
            principal = self.start_session(principal, kind=SessionKind.api, lifetime=ttl or self.ttl)
        now = utc_now()
        claims: dict[str, Any] = {
            "sub": str(principal.user_id),
            "pemda": str(principal.pemda_id) if principal.pemda_id else None,
            "opd": str(principal.opd_id) if principal.opd_id else None,
            "role": principal.role.value,
            "name": principal.name,
            "lang": principal.language,
            "tz": principal.timezone,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + (ttl or self.ttl),
            "jti": str(uuid.uuid4()),
            "sid": principal.session_id,
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)  # type: ignore[arg-type]


class TokenVerifier:
    """Checks signature, issuer, audience, expiry and that the token's session is still open; turns the
    claims into a Principal."""

    def __init__(self, public_key_pem: str, *, issuer: str, audience: str, sessions: SessionStore):
        self._key = serialization.load_pem_public_key(public_key_pem.encode())
        self.issuer, self.audience, self.sessions = issuer, audience, sessions

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._key,  # type: ignore[arg-type]
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                audience=self.audience,
                options={"require": ["exp", "iat", "sub", "iss", "aud", "sid"]},
                leeway=10,
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("auth.token_expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized("auth.token_invalid") from exc
        try:
            principal = Principal(
                user_id=uuid.UUID(claims["sub"]),
                pemda_id=uuid.UUID(claims["pemda"]) if claims.get("pemda") else None,
                opd_id=uuid.UUID(claims["opd"]) if claims.get("opd") else None,
                role=Role(claims["role"]),
                name=str(claims.get("name", "")),
                language=claims.get("lang", "id"),
                timezone=str(claims.get("tz") or "Asia/Jakarta"),
                session_id=str(claims["sid"]),
            )
        except (KeyError, ValueError) as exc:
            raise Unauthorized("auth.token_invalid") from exc
        if not self.sessions.is_active(str(principal.session_id), principal.user_id):
            raise Unauthorized("auth.session_ended")
        return principal


def public_key_pem(*, configured: str | None, keys_dir: Path, production: bool) -> str:
    """The configured public key, or in development the local key pair's."""
    if configured:
        return configured
    if production:
        raise RuntimeError("JWT_PUBLIC_KEY must be set in production")
    return dev_key_pair(keys_dir)[1]
