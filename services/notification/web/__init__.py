"""Notification's pages, in the shared look (see shared/webui)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from services.notification.deps import get_runtime
from shared.webui.pages import PageContext, Pages

HERE = Path(__file__).parent


def _context() -> PageContext:
    runtime = get_runtime()
    return PageContext(common=runtime.settings.common, verifier=runtime.verifier)


pages = Pages("notification", templates_dir=HERE / "templates", static_dir=HERE / "static", context=_context)


def page_routers() -> list[APIRouter]:
    """Every page router of notification, one module per feature (imported here so main stays short)."""
    from services.notification.web import (
        log,
        messages,  # noqa: F401 - registers the texts
        preferences,
    )

    return [preferences.router, log.router]
