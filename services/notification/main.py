"""The notification service's web app (`python -m services.notification serve`)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Response

from services.notification.api import deliveries, notifications, preferences, templates, webhooks
from services.notification.deps import get_runtime
from services.notification.metrics import render_metrics
from services.notification.web import inbox, page_routers, pages
from shared.web import create_service_app

metrics_router = APIRouter(tags=["metrics"])


@metrics_router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    """Prometheus counters per channel, provider and outcome."""
    body = render_metrics(get_runtime().session_factory)
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")


def create_app() -> FastAPI:
    app = create_service_app(
        title="Gelar Inovasi — notification",
        lifespan=None,
        routers=[deliveries.router, notifications.router, templates.router, preferences.router],
        readiness=lambda: get_runtime().readiness(),
    )
    app.include_router(webhooks.router)
    app.include_router(metrics_router)
    app.include_router(inbox.router)
    pages.install(app, *page_routers())
    return app


app = create_app()
