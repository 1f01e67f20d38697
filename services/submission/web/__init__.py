"""Submission's pages: login and account pages, the OPD portal, admin pages and the public showcase."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from services.submission.deps import get_runtime
from shared.webui.pages import PageContext, Pages

HERE = Path(__file__).parent


def _context() -> PageContext:
    runtime = get_runtime()
    return PageContext(common=runtime.settings.common, verifier=runtime.verifier)


pages = Pages("submission", templates_dir=HERE / "templates", static_dir=HERE / "static", context=_context)


def page_routers() -> list[APIRouter]:
    """Every page router of submission, one module per feature (imported here so main stays short)."""
    from services.submission.web import (
        account,
        admin,
        approvals,
        messages,  # noqa: F401 - registers the texts
        opd,
        session,
        showcase,
    )

    return [session.router, account.router, opd.router, approvals.router, admin.router, showcase.router]
