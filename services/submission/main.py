"""The submission service's web app (`python -m services.submission serve`)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from services.submission.accounts import ImportRefused
from services.submission.api import accounts, auth, innovations, pemdas, periods
from services.submission.deps import get_runtime
from services.submission.web import page_routers, pages
from shared.web import create_service_app, error_body

log = logging.getLogger(__name__)
UPLOAD_OVERHEAD_BYTES = 256 * 1024


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    try:
        await run_in_threadpool(get_runtime().store.ensure_bucket)
    except Exception:  # S3 may come up later: /readyz says so, uploads answer 503 meanwhile
        log.warning("submission.startup.bucket_unavailable", exc_info=True)
    yield


async def _import_refused(request: Request, exc: Exception) -> JSONResponse:
    """An import with refused rows: the error, and the report of every row."""
    assert isinstance(exc, ImportRefused)
    body = error_body(exc.code, exc.message(), report=asdict(exc.report))
    return JSONResponse(body, status_code=exc.status_code)


def create_app() -> FastAPI:
    runtime = get_runtime()
    app = create_service_app(
        title="Gelar Inovasi — submission",
        lifespan=lifespan,
        routers=[auth.router, innovations.router, periods.router, accounts.router, pemdas.router],
        readiness=lambda: get_runtime().readiness(),
        max_body_bytes=runtime.settings.max_upload_mb * 1024 * 1024 + UPLOAD_OVERHEAD_BYTES,
    )
    app.add_exception_handler(ImportRefused, _import_refused)
    pages.install(app, *page_routers())
    return app


app = create_app()
