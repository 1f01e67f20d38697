"""The review service's web app (`python -m services.review serve`)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.review.api import cases, rankings, reviews
from services.review.deps import get_runtime
from services.review.verdicts import DecisionIncomplete
from services.review.web import messages, page_routers, pages  # noqa: F401 - messages registers the texts
from shared.web import create_service_app, error_body


async def _decision_incomplete(request: Request, exc: Exception) -> JSONResponse:
    """The 409 of a premature decision carries the list of what is missing, item by item."""
    assert isinstance(exc, DecisionIncomplete)
    return JSONResponse(error_body(exc.code, exc.message(), missing=exc.missing), status_code=exc.status_code)


def create_app() -> FastAPI:
    app = create_service_app(
        title="Gelar Inovasi — review",
        lifespan=None,
        routers=[cases.router, reviews.router, rankings.router],
        readiness=lambda: get_runtime().readiness(),
    )
    app.add_exception_handler(DecisionIncomplete, _decision_incomplete)
    pages.install(app, *page_routers())
    return app


app = create_app()
