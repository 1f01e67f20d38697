"""The OPD's version history of one innovation: the submitted versions and what changed between two."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response

from services.submission.deps import UnitOfWorkDep
from services.submission.innovations import core
from services.submission.innovations import versions as versions_rules
from services.submission.web import pages
from services.submission.web.opd import OpdPersonDep, can_edit, innovation_context
from shared.i18n import translate

router = pages.router()


def _display(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return translate("portal.yes") if value else translate("portal.no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@router.get("/opd/innovations/{innovation_id}/history")
def history(
    request: Request,
    innovation_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: OpdPersonDep,
    base: Annotated[str, Query(alias="from", max_length=20)] = "",
    other: Annotated[str, Query(alias="to", max_length=20)] = "",
) -> Response:
    """The submitted versions, and what changed between two of them (or a version and the working copy)."""
    session = uow.session
    innovation = core.get_innovation(session, principal=principal, innovation_id=innovation_id)
    versions = versions_rules.list_versions(session, principal=principal, innovation_id=innovation_id)
    numbers = [str(v.version) for v in versions]
    comparison = None
    if numbers:
        if not base:
            base = numbers[-2] if len(numbers) > 1 and not can_edit(principal, innovation) else numbers[-1]
        if not other:
            other = "current" if base == numbers[-1] else numbers[-1]
        comparison = versions_rules.compare_versions(
            session, principal=principal, innovation_id=innovation_id, base=base, other=other
        )
    context = {
        **innovation_context(innovation),
        "versions": versions,
        "options": [*numbers, "current"],
        "base": base,
        "other": other,
        "comparison": comparison,
        "display": _display,
    }
    return pages.render(request, "submission/opd/history.html", context, principal=principal)
