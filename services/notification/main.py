"""The notification service's web app (`python -m services.notification serve`)."""

from __future__ import annotations

from fastapi import FastAPI

from services.notification.api import deliveries, notifications
from services.notification.deps import get_runtime
from shared.web import create_service_app


def create_app() -> FastAPI:
    return create_service_app(
        title="Gelar Inovasi — notification",
        lifespan=None,
        routers=[deliveries.router, notifications.router],
        readiness=lambda: get_runtime().readiness(),
    )


app = create_app()
