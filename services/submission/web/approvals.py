"""The OPD head's approvals: innovations awaiting approval, each to read and approve or return with a note."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from services.submission.deps import UnitOfWorkDep
from services.submission.innovations import assessment as assessment_rules
from services.submission.innovations import core, workflow
from services.submission.models import InnovationStatus
from services.submission.web import pages
from services.submission.web.opd import status_label
from shared.auth import Principal, Role
from shared.errors import AppError
from shared.webui.forms import FieldProblem, form_failed

router = pages.router()

HeadDep = Annotated[Principal, Depends(pages.user(Role.opd_head))]
MIN_NOTE = 3


@router.get("/opd/approvals")
def approvals(request: Request, uow: UnitOfWorkDep, principal: HeadDep) -> Response:
    """What the OPD's operators sent and waits for the head."""
    items = core.list_innovations(
        uow.session, principal=principal, limit=200, offset=0, status=InnovationStatus.awaiting_head
    )
    context = {"items": items, "status_label": status_label}
    return pages.render(request, "submission/opd/approvals.html", context, principal=principal)


def render_approval(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Principal,
    innovation_id: uuid.UUID,
    *,
    note: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    innovation = core.get_innovation(uow.session, principal=principal, innovation_id=innovation_id)
    context = {
        "innovation": innovation,
        "status_label": status_label,
        "assessment": assessment_rules.assess(uow.session, innovation),
        "evidence": [e for e in innovation.current_evidence if not e.slot],
        "awaiting": innovation.status is InnovationStatus.awaiting_head,
        "resubmission": innovation.head_from_status is InnovationStatus.revision_requested,
        "note": note,
        "errors": errors or {},
        "min_note": MIN_NOTE,
    }
    return pages.render(
        request, "submission/opd/approval.html", context, status_code=status_code, principal=principal
    )


@router.get("/opd/approvals/{innovation_id}")
def approval_page(
    request: Request, innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: HeadDep
) -> Response:
    return render_approval(request, uow, principal, innovation_id)


@router.post("/opd/approvals/{innovation_id}/approve")
def approve(request: Request, innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: HeadDep) -> Response:
    """Approve: the version is frozen and goes to the pemda's reviewers."""
    try:
        workflow.approve(uow, principal=principal, innovation_id=innovation_id)
    except AppError as error:
        refused: Response = form_failed(
            uow, error, partial(render_approval, request, uow, principal, innovation_id)
        )
        return refused
    return pages.redirect("/opd/approvals", flash="approval.approved")


@router.post("/opd/approvals/{innovation_id}/return")
def return_to_operator(
    request: Request,
    innovation_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: HeadDep,
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Return it to the operator; the note saying what to fix is required."""
    text = note.strip()
    try:
        if not MIN_NOTE <= len(text) <= 2000:
            raise FieldProblem("approval.note_needed", field="note", minimum=MIN_NOTE, maximum=2000)
        workflow.return_to_operator(uow, principal=principal, innovation_id=innovation_id, note=text)
    except AppError as error:
        page = partial(render_approval, request, uow, principal, innovation_id, note=note)
        refused: Response = form_failed(uow, error, page, fields=("note",))
        return refused
    return pages.redirect("/opd/approvals", flash="approval.returned")
