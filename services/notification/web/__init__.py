"""Notification's pages, in the shared look (see shared/webui)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from services.notification.deps import get_runtime
from shared.webui.pages import Pages

pages = Pages.of_service("notification", Path(__file__).parent, get_runtime)


def page_routers() -> list[APIRouter]:
    """Every page router of notification, one module per feature (imported here so main stays short)."""
    from services.notification.web import (
        log,
        messages,  # noqa: F401 - registers the texts
        preferences,
    )

    return [preferences.router, log.router]
