"""Settings refuse development secrets in production."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from services.submission.config import SubmissionSettings
from shared.config import CHEAP_HASH_VARIABLE, CommonSettings, Environment, S3Settings

pytestmark = pytest.mark.usefixtures("real_password_hashing")  # production settings are built here

PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----\n"
SITE = "https://inovasi.kukarkab.go.id"
SITE_URLS: dict[str, Any] = {
    "public_base_url": SITE,
    "review_base_url": SITE,
    "notification_base_url": SITE,
    "clamd_url": "tcp://clamd:3310",
}


class TestProductionRefusesDefaults:
    def test_the_default_s3_secret_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="S3_SECRET_KEY"):
            CommonSettings(environment=Environment.production, jwt_public_key=PUBLIC_KEY)

    def test_a_missing_public_key_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="JWT_PUBLIC_KEY"):
            CommonSettings(
                environment=Environment.production, s3=S3Settings(secret_key=SecretStr("real-secret"))
            )

    def test_the_default_csrf_secret_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="CSRF_SECRET"):
            CommonSettings(
                environment=Environment.production,
                jwt_public_key=PUBLIC_KEY,
                s3=S3Settings(secret_key=SecretStr("real-secret")),
            )

    def test_a_missing_signing_key_is_refused(self) -> None:
        common = CommonSettings(
            environment=Environment.production,
            jwt_public_key=PUBLIC_KEY,
            s3=S3Settings(secret_key=SecretStr("real-secret")),
            csrf_secret=SecretStr("real-csrf-secret"),
            **SITE_URLS,
        )
        with pytest.raises(ValidationError, match="SUBMISSION_JWT_PRIVATE_KEY"):
            SubmissionSettings(common=common)

    @pytest.mark.parametrize(
        ("name", "url"),
        [
            ("PUBLIC_BASE_URL", "http://127.0.0.1:8001"),
            ("REVIEW_BASE_URL", "http://localhost:8080"),
            ("NOTIFICATION_BASE_URL", "http://[::1]:8003"),
            ("PUBLIC_BASE_URL", "http://0.0.0.0"),
        ],
    )
    def test_a_base_url_on_this_machine_is_refused(self, name: str, url: str) -> None:
        with pytest.raises(ValidationError, match=f"set {name} to the address users open"):
            CommonSettings(
                environment=Environment.production,
                jwt_public_key=PUBLIC_KEY,
                s3=S3Settings(secret_key=SecretStr("real-secret")),
                csrf_secret=SecretStr("real-csrf-secret"),
                **{**SITE_URLS, name.lower(): url},
            )

    def test_production_without_a_malware_scanner_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="set CLAMD_URL"):
            CommonSettings(
                environment=Environment.production,
                jwt_public_key=PUBLIC_KEY,
                s3=S3Settings(secret_key=SecretStr("real-secret")),
                csrf_secret=SecretStr("real-csrf-secret"),
                **{**SITE_URLS, "clamd_url": ""},
            )

    def test_production_refuses_the_test_suites_cheap_password_hashing(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(CHEAP_HASH_VARIABLE, "1")
        with pytest.raises(ValidationError, match="GI_CHEAP_PASSWORD_HASH"):
            CommonSettings(
                environment=Environment.production,
                jwt_public_key=PUBLIC_KEY,
                s3=S3Settings(secret_key=SecretStr("real-secret")),
                csrf_secret=SecretStr("real-csrf-secret"),
                **SITE_URLS,
            )

    def test_a_real_site_is_accepted(self) -> None:
        common = CommonSettings(
            environment=Environment.production,
            jwt_public_key=PUBLIC_KEY,
            s3=S3Settings(secret_key=SecretStr("real-secret")),
            csrf_secret=SecretStr("real-csrf-secret"),
            **SITE_URLS,
        )
        assert set(common.base_urls().values()) == {SITE}
        assert common.clamd_url == "tcp://clamd:3310"

    def test_development_accepts_the_defaults(self) -> None:
        assert CommonSettings().environment is Environment.development


class TestEnvironment:
    def test_each_service_reads_its_own_prefix(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SUBMISSION_DATABASE_URL", "postgresql+psycopg://db/submission")
        monkeypatch.setenv("SUBMISSION_MAX_UPLOAD_MB", "7")
        monkeypatch.setenv("S3_ENDPOINT", "minio:9000")
        monkeypatch.setenv("REDIS_URL", "redis://broker:6379/0")
        settings = SubmissionSettings()
        assert settings.database_url == "postgresql+psycopg://db/submission"
        assert settings.max_upload_mb == 7
        assert settings.common.s3.endpoint == "minio:9000"
        assert settings.common.effective_broker_url == "redis://broker:6379/0"

    def test_the_embedded_default_is_a_sqlite_file_per_service(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("SUBMISSION_DATABASE_URL", raising=False)
        assert SubmissionSettings().database_url == "sqlite:///var/submission.db"
