"""Settings of the notification service (variables prefixed NOTIFICATION_, SMTP_ and WHATSAPP_)."""

from __future__ import annotations

from datetime import time
from enum import StrEnum
from pathlib import Path
from typing import ClassVar, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.notification.policy import DEFAULT_QUIET_END, DEFAULT_QUIET_START
from shared.config import VAR_DIR, Environment, ServiceSettings, service_config
from shared.messaging.celery_app import RETRY_POLICY

# Development default: the sandbox provider accepts it, a production run refuses it.
DEV_WHATSAPP_TOKEN = "gelar-dev-whatsapp-token-not-for-production"  # noqa: S105


class SmtpSecurity(StrEnum):
    none = "none"
    starttls = "starttls"
    tls = "tls"


class SmtpSettings(BaseSettings):
    """The SMTP relay email leaves through (the local sink under `make run`, Mailpit in compose)."""

    model_config = SettingsConfigDict(env_prefix="SMTP_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=1025, ge=1, le=65535)
    security: SmtpSecurity = SmtpSecurity.none
    username: str | None = None
    password: SecretStr | None = None
    from_address: str = "Gelar Inovasi <noreply@gelar-inovasi.local>"
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)


class WhatsAppProviderName(StrEnum):
    cloud_api = "cloud_api"
    fonnte = "fonnte"


class WhatsAppSettings(BaseSettings):
    """The WhatsApp provider: Meta's Cloud API (default) or a Fonnte-style gateway."""

    model_config = SettingsConfigDict(env_prefix="WHATSAPP_", extra="ignore")

    provider: WhatsAppProviderName = WhatsAppProviderName.cloud_api
    base_url: str = "http://127.0.0.1:8390"
    api_version: str = "v21.0"
    phone_number_id: str = "sandbox"
    token: SecretStr = SecretStr(DEV_WHATSAPP_TOKEN)
    app_secret: SecretStr | None = None
    # The Cloud API webhook's GET check (hub.verify_token), and the secret in the gateway's webhook URL.
    verify_token: SecretStr | None = None
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)


class NotificationSettings(ServiceSettings):
    model_config = service_config("NOTIFICATION_")
    service_name: ClassVar[str] = "notification"

    smtp: SmtpSettings = Field(default_factory=SmtpSettings)
    whatsapp: WhatsAppSettings = Field(default_factory=WhatsAppSettings)
    # How often and how patiently a delivery is retried after a transient failure.
    max_retries: int = Field(default=RETRY_POLICY["max_retries"], ge=0, le=20)
    retry_backoff_max_seconds: int = Field(default=RETRY_POLICY["retry_backoff_max"], ge=1)
    # A queued delivery whose task has not run after this long is queued again by the sweeper (a
    # broker that lost its messages); one waiting for a retry gets the longest backoff on top.
    sweep_grace_seconds: int = Field(default=120, ge=1)
    # Provider rate limits, kept in Redis (no limiting on the filesystem broker of `make run`).
    whatsapp_per_second: int = Field(default=80, ge=1)
    whatsapp_same_number_seconds: float = Field(default=6.0, ge=0)
    email_per_second: int = Field(default=20, ge=1)
    # Default quiet hours in each pemda's zone: non-urgent WhatsApp waits until they end (equal: none).
    quiet_start: time = DEFAULT_QUIET_START
    quiet_end: time = DEFAULT_QUIET_END
    # Where the development sinks keep what they received (the dev inbox page reads them).
    mail_dir: Path = VAR_DIR / "mail"
    whatsapp_dir: Path = VAR_DIR / "whatsapp"

    def own_secret_defaults(self) -> dict[str, bool]:
        return {"WHATSAPP_TOKEN": self.whatsapp.token.get_secret_value() == DEV_WHATSAPP_TOKEN}

    @model_validator(mode="after")
    def _backoff_under_visibility_timeout(self) -> Self:
        # A countdown longer than the visibility timeout makes Redis hand the task out again and again.
        if self.retry_backoff_max_seconds >= self.common.celery_visibility_timeout:
            raise ValueError(
                "NOTIFICATION_RETRY_BACKOFF_MAX_SECONDS must be shorter than CELERY_VISIBILITY_TIMEOUT"
            )
        return self

    @property
    def dev_inbox_enabled(self) -> bool:
        return self.common.environment is not Environment.production

    @property
    def sending_lease_seconds(self) -> int:
        """How long a delivery marked `sending` belongs to the worker sending it (no task outlives
        Celery's hard time limit, so after it the sender is known to be gone)."""
        return self.common.celery_task_time_limit
