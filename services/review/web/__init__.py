"""Review's pages, in the shared look (see shared/webui)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from services.review.deps import get_runtime
from shared.webui.pages import PageContext, Pages

HERE = Path(__file__).parent


def _context() -> PageContext:
    runtime = get_runtime()
    return PageContext(common=runtime.settings.common, verifier=runtime.verifier)


pages = Pages("review", templates_dir=HERE / "templates", static_dir=HERE / "static", context=_context)


def page_routers() -> list[APIRouter]:
    """Every page router of review, one module per feature (imported here so main stays short)."""
    from services.review.web import (
        admin,
        dashboard,
        messages,  # noqa: F401 - registers the texts
        reviewer,
    )

    return [reviewer.router, admin.router, dashboard.router]
