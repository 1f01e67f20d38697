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
    """Signs access tokens (submission only: it owns the accounts)."""

    def __init__(self, private_key_pem: str, *, issuer: str, audience: str, ttl: timedelta):
        self._key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
        self.issuer, self.audience, self.ttl = issuer, audience, ttl

    def issue(self, principal: Principal, *, ttl: timedelta | None = None) -> str:
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
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)  # type: ignore[arg-type]


class TokenVerifier:
    """Checks signature, issuer, audience and expiry; turns the claims into a Principal."""

    def __init__(self, public_key_pem: str, *, issuer: str, audience: str):
        self._key = serialization.load_pem_public_key(public_key_pem.encode())
        self.issuer, self.audience = issuer, audience

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._key,  # type: ignore[arg-type]
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                audience=self.audience,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
                leeway=10,
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("auth.token_expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized("auth.token_invalid") from exc
        try:
            return Principal(
                user_id=uuid.UUID(claims["sub"]),
                pemda_id=uuid.UUID(claims["pemda"]) if claims.get("pemda") else None,
                opd_id=uuid.UUID(claims["opd"]) if claims.get("opd") else None,
                role=Role(claims["role"]),
                name=str(claims.get("name", "")),
                language=claims.get("lang", "id"),
                timezone=str(claims.get("tz") or "Asia/Jakarta"),
            )
        except (KeyError, ValueError) as exc:
            raise Unauthorized("auth.token_invalid") from exc


def public_key_pem(*, configured: str | None, keys_dir: Path, production: bool) -> str:
    """The configured public key, or in development the local key pair's."""
    if configured:
        return configured
    if production:
        raise RuntimeError("JWT_PUBLIC_KEY must be set in production")
    return dev_key_pair(keys_dir)[1]
