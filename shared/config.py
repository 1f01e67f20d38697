"""Settings shared by every service: read from the environment, refusing default secrets in production."""

from __future__ import annotations

import ipaddress
import os
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

VAR_DIR = Path("var")

# Development defaults: usable on a laptop, refused when ENVIRONMENT=production.
# Set to 1 by the test suite only: argon2's cheapest parameters for the thousands of passwords it hashes.
CHEAP_HASH_VARIABLE = "GI_CHEAP_PASSWORD_HASH"
DEV_S3_ACCESS_KEY = "gelar-dev-access"
DEV_S3_SECRET_KEY = "gelar-dev-secret-not-for-production"  # noqa: S105
DEV_CSRF_SECRET = "gelar-dev-csrf-secret-not-for-production"  # noqa: S105


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class InsecureDefaultError(ValueError):
    """A production process was started with a development secret."""


class S3Settings(BaseSettings):
    """Where evidence files live (any S3 server: SeaweedFS embedded, MinIO in production)."""

    model_config = SettingsConfigDict(env_prefix="S3_", extra="ignore")

    endpoint: str = "127.0.0.1:8333"
    secure: bool = False
    access_key: str = DEV_S3_ACCESS_KEY
    secret_key: SecretStr = SecretStr(DEV_S3_SECRET_KEY)
    bucket: str = "evidence"
    region: str = "us-east-1"
    public_endpoint: str | None = None
    public_secure: bool | None = None
    presign_seconds: int = Field(default=300, ge=10, le=3600)
    timeout_seconds: float = 10.0

    @property
    def browser_endpoint(self) -> str:
        """The endpoint browsers reach (presigned URLs are signed for it)."""
        return self.public_endpoint or self.endpoint

    @property
    def browser_secure(self) -> bool:
        return self.secure if self.public_secure is None else self.public_secure

    @property
    def browser_origin(self) -> str:
        """`scheme://host[:port]` of the endpoint browsers reach."""
        return f"{'https' if self.browser_secure else 'http'}://{self.browser_endpoint}"


class CommonSettings(BaseSettings):
    """Settings every process reads without a prefix (broker, storage, keys, logging)."""

    model_config = SettingsConfigDict(extra="ignore")

    environment: Environment = Environment.development
    log_level: str = "INFO"
    redis_url: str = "redis://127.0.0.1:6379/0"
    broker_url: str | None = None
    # Where the session records live (shared.sessions), one store every replica of every service reads:
    # Redis (default REDIS_URL) or a database URL (logins then survive a Redis outage).
    session_store_url: str | None = None
    # Signs the CSRF tokens (bound to the session); the same value in every service.
    csrf_secret: SecretStr = SecretStr(DEV_CSRF_SECRET)
    celery_visibility_timeout: int = Field(default=1800, ge=10)
    celery_task_time_limit: int = Field(default=300, ge=5)
    outbox_relay_grace_seconds: float = Field(default=5.0, ge=0)
    # A published message its consumer has not confirmed after this long is sent again (lost on the way).
    outbox_confirm_grace_seconds: float = Field(default=120.0, ge=1)
    # The beat's period of a periodic task, by task name, where it should differ from the schedule's
    # (BEAT_INTERVALS='{"notification.sweep_deliveries": 5}'; the fault suite runs its sweepers often).
    beat_intervals: dict[str, float] = Field(default_factory=dict)
    # A request body that stops arriving for this long before its end (a Content-Length larger than
    # what the client sends) is answered 408.
    request_body_idle_seconds: float = Field(default=30.0, gt=0, le=600)
    jwt_public_key: str | None = None
    jwt_issuer: str = "gelar-inovasi"
    jwt_audience: str = "gelar-inovasi"
    keys_dir: Path = VAR_DIR / "keys"
    # Where browsers reach each service's pages. Behind the reverse proxy all three are the site's URL;
    # under `make run` each service has its own port (cookies are per host, so one login serves all).
    public_base_url: str = "http://127.0.0.1:8001"
    review_base_url: str = "http://127.0.0.1:8002"
    notification_base_url: str = "http://127.0.0.1:8003"
    s3: S3Settings = Field(default_factory=S3Settings)
    # Where clamd answers (`tcp://host:3310` or `unix:///run/clamav/clamd.ctl`): every stored evidence
    # file is scanned before anyone may open it. Empty = scanning off (refused in production).
    clamd_url: str = ""
    clamd_timeout_seconds: float = Field(default=120.0, gt=0)

    def base_urls(self) -> dict[str, str]:
        """Where users reach each service's pages: every link a service builds starts with one of these."""
        return {
            "PUBLIC_BASE_URL": self.public_base_url,
            "REVIEW_BASE_URL": self.review_base_url,
            "NOTIFICATION_BASE_URL": self.notification_base_url,
        }

    @property
    def effective_broker_url(self) -> str:
        return self.broker_url or self.redis_url

    @property
    def effective_session_url(self) -> str:
        return self.session_store_url or self.redis_url

    def secret_defaults(self) -> dict[str, bool]:
        """Which secrets still hold a development default (name -> is default)."""
        return {
            "S3_SECRET_KEY": self.s3.secret_key.get_secret_value() == DEV_S3_SECRET_KEY,
            "CSRF_SECRET": self.csrf_secret.get_secret_value() == DEV_CSRF_SECRET,
        }

    @model_validator(mode="after")
    def _refuse_defaults_in_production(self) -> Self:
        if self.environment is Environment.production:
            weak = [name for name, is_default in self.secret_defaults().items() if is_default]
            if self.jwt_public_key is None:
                weak.append("JWT_PUBLIC_KEY")
            if weak:
                raise InsecureDefaultError(
                    "production refuses development defaults; set " + ", ".join(sorted(weak))
                )
            if not self.clamd_url.strip():
                raise InsecureDefaultError(
                    "production refuses to store files nobody scanned for malware; set CLAMD_URL "
                    "(tcp://clamd:3310 or unix:///run/clamav/clamd.ctl)"
                )
            if os.environ.get(CHEAP_HASH_VARIABLE) == "1":
                raise InsecureDefaultError(
                    f"production refuses {CHEAP_HASH_VARIABLE}=1 (test-only password hashing)"
                )
            loopback = [name for name, url in self.base_urls().items() if is_loopback_url(url)]
            if loopback:
                raise InsecureDefaultError(
                    "production refuses base URLs on this machine (links in messages would lead nowhere); "
                    "set " + ", ".join(loopback) + " to the address users open"
                )
        return self


def is_loopback_url(url: str) -> bool:
    """Whether `url` points at the machine it is read on (localhost, 127.0.0.0/8, ::1, 0.0.0.0)."""
    host = (urlsplit(url.strip()).hostname or "").lower()
    if host in {"", "localhost", "0.0.0.0"} or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ServiceSettings(BaseSettings):
    """Base of each service's settings: its own variables carry its prefix (`SUBMISSION_...`)."""

    model_config = SettingsConfigDict(extra="ignore")

    service_name: ClassVar[str]
    common: CommonSettings = Field(default_factory=CommonSettings)
    database_url: str = ""

    def model_post_init(self, context: Any, /) -> None:
        if not self.database_url:
            self.database_url = f"sqlite:///{VAR_DIR / (self.service_name + '.db')}"

    def own_secret_defaults(self) -> dict[str, bool]:
        """Secrets of this service that still hold a development default."""
        return {}

    @model_validator(mode="after")
    def _refuse_own_defaults_in_production(self) -> Self:
        if self.common.environment is Environment.production:
            weak = [name for name, is_default in self.own_secret_defaults().items() if is_default]
            if weak:
                raise InsecureDefaultError(
                    "production refuses development defaults; set " + ", ".join(sorted(weak))
                )
        return self


def service_config(prefix: str) -> SettingsConfigDict:
    """The settings config of one service."""
    return SettingsConfigDict(env_prefix=prefix, extra="ignore")
