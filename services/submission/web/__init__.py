"""Submission's pages: login and account pages, the OPD portal, admin pages and the public showcase."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from services.submission.deps import get_runtime
from shared.webui.pages import Pages

pages = Pages.of_service("submission", Path(__file__).parent, get_runtime)


def page_routers() -> list[APIRouter]:
    """Every page router of submission, one module per feature (imported here so main stays short)."""
    from services.submission.web import (
        account,
        admin,
        approvals,
        history,
        messages,  # noqa: F401 - registers the texts
        my_account,
        opd,
        session,
        showcase,
    )

    return [
        *(session.router, account.router, my_account.router),
        *(opd.router, history.router, approvals.router, admin.router, showcase.router),
    ]
