"""Settings of the review service (variables prefixed REVIEW_)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from shared.config import ServiceSettings, service_config


class ReviewSettings(ServiceSettings):
    model_config = service_config("REVIEW_")
    service_name: ClassVar[str] = "review"

    message_max_retries: int = Field(default=8, ge=0, description="retries of a message before it is dead")
    retry_backoff_max_seconds: float = Field(
        default=300, gt=0, description="cap of the exponential backoff (keep it under the visibility timeout)"
    )
    max_open_cases_per_reviewer: int = Field(
        default=25,
        ge=1,
        description="the automatic assignment gives nobody more open cases; the rest wait for an admin",
    )
