"""Review's pages, in the shared look (see shared/webui)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from services.review.deps import get_runtime
from shared.webui.pages import Pages

pages = Pages.of_service("review", Path(__file__).parent, get_runtime)


def page_routers() -> list[APIRouter]:
    """Every page router of review, one module per feature (imported here so main stays short)."""
    from services.review.web import (
        admin,
        dashboard,
        messages,  # noqa: F401 - registers the texts
        reviewer,
    )

    return [reviewer.router, admin.router, dashboard.router]
