"""Settings of the submission service (variables prefixed SUBMISSION_)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr

from shared.config import ServiceSettings, service_config


class SubmissionSettings(ServiceSettings):
    model_config = service_config("SUBMISSION_")
    service_name: ClassVar[str] = "submission"

    jwt_private_key: SecretStr | None = None
    token_ttl_minutes: int = Field(default=15, ge=1, le=24 * 60, description="an API access token's life")
    api_session_hours: int = Field(
        default=12, ge=1, le=24 * 30, description="how long an API login lasts, refreshed token by token"
    )
    session_hours: int = Field(default=10, ge=1, le=24, description="how long a browser login lasts")
    max_upload_mb: int = Field(default=20, ge=1, le=512)
    invite_days: int = Field(default=7, ge=1, le=60)
    reset_hours: int = Field(default=2, ge=1, le=72)
    login_max_failures: int = Field(
        default=5, ge=1, le=100, description="failed logins per account and address before a block"
    )
    login_address_failures: int = Field(
        default=100, ge=1, le=100_000, description="failed logins per address, any account (an office's NAT)"
    )
    login_lock_minutes: int = Field(default=15, ge=1, le=24 * 60, description="the window and the block")
    scan_sweep_seconds: int = Field(
        default=300, ge=1, description="a file still pending its scan after this long is queued for it again"
    )
    orphan_grace_seconds: int = Field(
        default=3600, ge=60, description="an evidence object no record refers to is deleted after this long"
    )

    def own_secret_defaults(self) -> dict[str, bool]:
        return {"SUBMISSION_JWT_PRIVATE_KEY": self.jwt_private_key is None}
