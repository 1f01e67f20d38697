"""The review service's web app (`python -m services.review serve`)."""

from __future__ import annotations

from fastapi import FastAPI

from services.review.api import cases
from services.review.deps import get_runtime
from shared.web import create_service_app


def create_app() -> FastAPI:
    return create_service_app(
        title="Gelar Inovasi — review",
        lifespan=None,
        routers=[cases.router],
        readiness=lambda: get_runtime().readiness(),
    )


app = create_app()
