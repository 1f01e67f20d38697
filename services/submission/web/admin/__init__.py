"""The pemda admin's pages, one module per page feature: periods and deadlines, OPDs and people (with
imports), the catalogue, the compliance board with a one-click reminder, and the audit log. Rules
stay in the feature modules of the service; `common` holds what the pages share."""

from __future__ import annotations

from fastapi import APIRouter

from services.submission.web.admin import audit, catalogue, compliance, opds, periods, users

router = APIRouter()
for feature in (periods, opds, users, catalogue, compliance, audit):
    router.include_router(feature.router)
