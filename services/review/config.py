"""Settings of the review service (variables prefixed REVIEW_)."""

from __future__ import annotations

from typing import ClassVar

from shared.config import ServiceSettings, service_config


class ReviewSettings(ServiceSettings):
    model_config = service_config("REVIEW_")
    service_name: ClassVar[str] = "review"
