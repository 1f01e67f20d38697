"""Settings: read from the environment, refusing development secrets and retry delays Redis would repeat."""

from __future__ import annotations

from datetime import time

import pytest
from pydantic import SecretStr, ValidationError

from services.notification.config import (
    NotificationSettings,
    SmtpSecurity,
    SmtpSettings,
    WhatsAppProviderName,
    WhatsAppSettings,
)
from shared.config import CommonSettings, Environment, S3Settings

pytestmark = pytest.mark.usefixtures("real_password_hashing")  # production settings are built here


def production_common() -> CommonSettings:
    return CommonSettings(
        environment=Environment.production,
        jwt_public_key="-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n",
        s3=S3Settings(secret_key=SecretStr("a-real-secret")),
        csrf_secret=SecretStr("a-real-csrf-secret"),
        public_base_url="https://inovasi.kukarkab.go.id",
        review_base_url="https://inovasi.kukarkab.go.id",
        notification_base_url="https://inovasi.kukarkab.go.id",
        clamd_url="tcp://clamd:3310",
    )


class TestFromEnvironment:
    def test_smtp_and_whatsapp_variables_are_read(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SMTP_HOST", "smtp.kukarkab.go.id")
        monkeypatch.setenv("SMTP_PORT", "587")
        monkeypatch.setenv("SMTP_SECURITY", "starttls")
        monkeypatch.setenv("SMTP_USERNAME", "gelar")
        monkeypatch.setenv("WHATSAPP_PROVIDER", "fonnte")
        monkeypatch.setenv("WHATSAPP_BASE_URL", "https://api.fonnte.com")
        monkeypatch.setenv("NOTIFICATION_MAX_RETRIES", "5")

        settings = NotificationSettings()

        assert (settings.smtp.host, settings.smtp.port, settings.smtp.security) == (
            "smtp.kukarkab.go.id",
            587,
            SmtpSecurity.starttls,
        )
        assert settings.smtp.username == "gelar"
        assert settings.whatsapp.provider is WhatsAppProviderName.fonnte
        assert settings.whatsapp.base_url == "https://api.fonnte.com"
        assert settings.max_retries == 5

    def test_webhook_secrets_pacing_and_quiet_hours_are_read(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("WHATSAPP_APP_SECRET", "meta-app-secret")
        monkeypatch.setenv("WHATSAPP_VERIFY_TOKEN", "verify-me")
        monkeypatch.setenv("NOTIFICATION_WHATSAPP_PER_SECOND", "40")
        monkeypatch.setenv("NOTIFICATION_WHATSAPP_SAME_NUMBER_SECONDS", "10")
        monkeypatch.setenv("NOTIFICATION_QUIET_START", "22:30")
        monkeypatch.setenv("NOTIFICATION_QUIET_END", "05:00")

        settings = NotificationSettings()

        assert settings.whatsapp.app_secret is not None
        assert settings.whatsapp.app_secret.get_secret_value() == "meta-app-secret"
        assert settings.whatsapp.verify_token is not None
        assert settings.whatsapp.verify_token.get_secret_value() == "verify-me"
        assert (settings.whatsapp_per_second, settings.whatsapp_same_number_seconds) == (40, 10)
        assert (settings.quiet_start, settings.quiet_end) == (time(22, 30), time(5, 0))
        assert settings.dev_inbox_enabled

    def test_defaults_point_at_the_local_sandbox(self) -> None:
        settings = NotificationSettings(smtp=SmtpSettings(), whatsapp=WhatsAppSettings())

        assert (settings.smtp.host, settings.smtp.port) == ("127.0.0.1", 1025)
        assert settings.whatsapp.base_url == "http://127.0.0.1:8390"
        assert settings.whatsapp.provider is WhatsAppProviderName.cloud_api


class TestProductionRefusesDefaults:
    def test_the_development_whatsapp_token_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="WHATSAPP_TOKEN"):
            NotificationSettings(common=production_common(), whatsapp=WhatsAppSettings())

    def test_a_real_token_is_accepted(self) -> None:
        settings = NotificationSettings(
            common=production_common(), whatsapp=WhatsAppSettings(token=SecretStr("EAAG-real-token"))
        )

        assert settings.whatsapp.token.get_secret_value() == "EAAG-real-token"


class TestRetryBackoff:
    def test_a_backoff_reaching_the_visibility_timeout_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="VISIBILITY_TIMEOUT"):
            NotificationSettings(
                common=CommonSettings(celery_visibility_timeout=300), retry_backoff_max_seconds=300
            )
