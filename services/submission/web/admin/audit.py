"""The audit log: every change in the pemda, newest first, with what each field was and became."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import Response

from services.submission import repository
from services.submission.web import pages
from services.submission.web.admin.common import AdminCallDep, render

router = pages.router(prefix="/admin")

AUDIT_PAGE = 50
AUDIT_VALUE_CHARS = 160


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= AUDIT_VALUE_CHARS else text[: AUDIT_VALUE_CHARS - 1] + "…"


def changes_of(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[tuple[str, str | None, str]]:
    """(field, before or None, after) of one audit entry, long values cut short."""
    before, after = before or {}, after or {}
    keys = [*after, *(k for k in before if k not in after)]
    return [(k, _short(before[k]) if k in before else None, _short(after.get(k))) for k in keys]


@router.get("/audit")
def audit_page(call: AdminCallDep, page: str = "1") -> Response:
    """Every change in the pemda, newest first, fifty a page."""
    number = int(page) if page.isdigit() and 0 < int(page) <= 100_000 else 1
    entries = repository.list_audit(
        call.uow.session,
        pemda_id=call.pemda.id,
        entity_id=None,
        limit=AUDIT_PAGE + 1,
        offset=(number - 1) * AUDIT_PAGE,
    )
    return render(
        call.request,
        "audit.html",
        "audit",
        {
            "entries": entries[:AUDIT_PAGE],
            "changes": {entry.id: changes_of(entry.before, entry.after) for entry in entries[:AUDIT_PAGE]},
            "page": number,
            "has_next": len(entries) > AUDIT_PAGE,
        },
    )
