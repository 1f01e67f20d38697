"""The reviewer's pages: my queue, and a case page with the evidence beside the verdict form (one
indicator at a time), submitting my verdicts, and the admin's decision on the case."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from services.review import case_review, directory, evidence, verdicts
from services.review.deps import RuntimeDep, UnitOfWorkDep
from services.review.models import CaseStatus, Decision, Verdict
from services.review.queue import reviewer_queue
from services.review.web import pages
from services.review.web.verdict_form import (
    DECISION_FIELD_OF,
    FIELD_OF,
    FIELDS,
    DecisionForm,
    TypedVerdict,
    VerdictForm,
    indicator_numbers,
)
from shared.auth import Principal, Role
from shared.errors import AppError, NotFound
from shared.i18n import translate
from shared.webui.forms import field_messages, read_form

router = pages.router(prefix="/review")

ReviewerUser = Annotated[Principal, Depends(pages.user(Role.reviewer, Role.admin))]
AdminUser = Annotated[Principal, Depends(pages.user(Role.admin))]

DUE_FILTERS = ("soon", "overdue")
FLAG_CODES = (
    "pdf_javascript",
    "pdf_launch_action",
    "pdf_open_action",
    "pdf_additional_actions",
    "pdf_embedded_file",
    "pdf_encrypted",
    "pdf_unparseable",
    "pdf_too_complex",
    "duplicate_in_pemda",
)


class IndicatorNotFound(NotFound, code="reviewer.indicator_not_found"): ...


# ---- the queue ----


@router.get("/queue", response_class=HTMLResponse)
def queue(
    request: Request,
    uow: UnitOfWorkDep,
    principal: ReviewerUser,
    status: str = "",
    opd: str = "",
    due: str = "",
) -> HTMLResponse:
    """My assigned cases (an admin: every case), earliest due date first, with filters."""
    directory.known_from_token(uow, principal=principal)
    admin = principal.role in (Role.admin, Role.superadmin)
    chosen_status = CaseStatus(status) if status in CaseStatus.__members__ else None
    chosen_opd = _uuid(opd)
    mine = [] if admin else reviewer_queue(uow.session, principal=principal)[0]  # my figures, unfiltered
    items, opds = reviewer_queue(
        uow.session,
        principal=principal,
        status=chosen_status,
        opd_id=chosen_opd,
        due=due if due in DUE_FILTERS else None,
    )
    return pages.render(
        request,
        "review/reviewer/queue.html",
        {
            "items": items,
            "opds": [(str(opd_id), name) for opd_id, name in opds],
            "statuses": [s.value for s in CaseStatus],
            "filters": {"status": status, "opd": opd, "due": due},
            "is_admin": admin,
            "figures": {
                "assigned": len(mine),
                "done": sum(1 for i in mine if i.done),
                "overdue": sum(1 for i in mine if i.overdue),
            },
        },
        principal=principal,
    )


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        return None


# ---- the case page ----


def _case_url(case_id: uuid.UUID, indicator_no: int | None = None, anchor: str = "") -> str:
    base = f"/review/cases/{case_id}"
    path = f"{base}/indicators/{indicator_no}" if indicator_no is not None else base
    return path + (f"#{anchor}" if anchor else "")


def _missing_messages(items: list[dict[str, Any]]) -> list[str]:
    return [str(item.get("message") or translate(item["message_key"], **item["params"])) for item in items]


def _case_context(
    uow: UnitOfWorkDep,
    runtime: RuntimeDep,
    principal: Principal,
    case_id: uuid.UUID,
    indicator_no: int | None,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    submit_error: str | None = None,
    decision_form: dict[str, Any] | None = None,
    decision_errors: dict[str, str] | None = None,
    decision_missing: list[str] | None = None,
) -> dict[str, Any]:
    """Everything the case page shows for one indicator (the first one still to assess by default)."""
    directory.known_from_token(uow, principal=principal)
    review = case_review.review_of(uow.session, principal=principal, case_id=case_id)
    case = review.case
    is_admin = principal.role in (Role.admin, Role.superadmin)
    if not is_admin and not any(a.reviewer_id == principal.user_id for a in review.assignments):
        raise verdicts.NotAssigned()
    known = review.known_indicators()
    assessable = verdicts.assessable_indicators(review)
    required = review.required()
    mine = verdicts.my_verdicts(review, principal)
    assignment = verdicts.my_assignment(review, principal)
    under_review = case.status in case_review.UNDER_REVIEW
    can_assess = assignment is not None and assignment.submitted_at is None and under_review
    todo = [no for no in assessable if no not in mine and no in required]
    if indicator_no is None:
        indicator_no = (todo or [no for no in assessable if no in required] or assessable or known or [1])[0]
    if indicator_no not in known:
        raise IndicatorNotFound(indicator_no=indicator_no)
    position = known.index(indicator_no)
    views = {v.indicator_no: v for v in review.indicators()}
    view = views.get(indicator_no)
    definition = review.catalogue.indicator(indicator_no) if review.catalogue is not None else None
    claimed = review.claimed().get(indicator_no, 0)
    own = mine.get(indicator_no)
    values = form or {
        "verdict": own.verdict.value if own else "",
        "verified_parameter": str(own.verified_parameter) if own else "",  # the reviewer chooses, unprompted
        "note": own.note if own else "",
    }
    reveal = case_review.sees_current_verdicts(review, principal)
    # What the strip marks as assessed: a reviewer's own verdicts; for the coordinator, who gives none,
    # the indicators every reviewer of the round has submitted a verdict on.
    assessed = set(mine) if assignment is not None else _assessed_by_all(review)
    parameters = [(0, translate("reviewer.parameter_zero"))] + (
        [(p.value, p.text) for p in definition.parameters] if definition else [(v, str(v)) for v in (1, 2, 3)]
    )
    flagged = [
        no for no, v in views.items() if v.round == case.round and v.outcome.verdict == "perlu_perbaikan"
    ]
    return {
        "case": case,
        "review": review,
        "is_admin": is_admin,
        "indicator_no": indicator_no,
        "definition": definition,
        "view": view,
        "claimed": claimed,
        "parameters": parameters,
        "parameter_texts": dict(parameters),
        "evidence": evidence.indicator_evidence(
            uow.session, store=runtime.store, principal=principal, case_id=case.id, indicator_no=indicator_no
        ),
        "flags": verdicts.case_flags(case, indicator_no),
        "case_flags": verdicts.case_flags(case, None),
        "flag_codes": FLAG_CODES,
        "verdicts": verdicts.indicator_verdicts(review, principal, indicator_no),
        "history": verdicts.indicator_history(review, principal, indicator_no),
        "reveal": reveal,
        "indicator_nav": [
            {
                "no": no,
                "name": views[no].name if no in views else "",
                "required": no in required,
                "done": no in assessed,
                "assessable": no in assessable,
                "url": _case_url(case.id, no),
            }
            for no in known
        ],
        "prev_url": _case_url(case.id, known[position - 1]) if position > 0 else None,
        "next_url": _case_url(case.id, known[position + 1]) if position + 1 < len(known) else None,
        "assignment": assignment,
        "can_assess": can_assess and indicator_no in assessable,
        "can_submit": can_assess,
        "my_todo": todo,
        "my_done": len([no for no in assessable if no in mine and no in required]),
        "my_total": len([no for no in assessable if no in required]),
        "own": own,
        "form": values,
        "errors": errors or {},
        "submit_error": submit_error,
        "verdict_choices": [v.value for v in Verdict],
        "decision_choices": [d.value for d in Decision],
        "can_decide": is_admin and under_review,
        "decision_form": decision_form
        or {"decision": "", "decision_note": "", "reopen": flagged, "revision_deadline": ""},
        "decision_errors": decision_errors or {},
        "decision_missing": decision_missing
        if decision_missing is not None
        else (_missing_messages(review.missing_for_decision()) if is_admin and under_review else []),
        "reopen_choices": [(no, views[no].name if no in views else "") for no in known],
        "case_url": _case_url(case.id),
        "save_url": _case_url(case.id, indicator_no),
        "submit_url": f"/review/cases/{case.id}/submit",
        "decision_url": f"/review/cases/{case.id}/decision",
    }


def _assessed_by_all(review: case_review.CaseReview) -> set[int]:
    """The current round's indicators on which every active reviewer has submitted a verdict."""
    active = review.active_assignments()
    if not active or any(a.submitted_at is None for a in active):
        return set()
    current = [v for v in review.verdicts if v.round == review.case.round]
    given = [{v.indicator_no for v in current if v.reviewer_id == a.reviewer_id} for a in active]
    return set.intersection(*given)


def _render_case(
    request: Request, principal: Principal, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    return pages.render(
        request, "review/reviewer/case.html", context, status_code=status_code, principal=principal
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    request: Request,
    case_id: uuid.UUID,
    uow: UnitOfWorkDep,
    runtime: RuntimeDep,
    principal: ReviewerUser,
    indicator: int | None = None,
) -> HTMLResponse:
    """The case, one indicator at a time (`?indicator=N`; default: the first one still to assess)."""
    return _render_case(request, principal, _case_context(uow, runtime, principal, case_id, indicator))


@router.get("/cases/{case_id}/indicators/{indicator_no}", response_class=HTMLResponse)
def indicator_page(
    request: Request,
    case_id: uuid.UUID,
    indicator_no: int,
    uow: UnitOfWorkDep,
    runtime: RuntimeDep,
    principal: ReviewerUser,
) -> HTMLResponse:
    return _render_case(request, principal, _case_context(uow, runtime, principal, case_id, indicator_no))


@router.post("/cases/{case_id}/indicators/{indicator_no}", response_class=HTMLResponse)
def save_verdict(
    request: Request,
    case_id: uuid.UUID,
    indicator_no: int,
    uow: UnitOfWorkDep,
    runtime: RuntimeDep,
    principal: ReviewerUser,
    typed: TypedVerdict,
    after: Annotated[str, Form()] = "next",
) -> Response:
    """Save my verdict on one indicator (the others stay as they are), then go to the next one to assess."""
    try:
        form = read_form(VerdictForm, typed)
        review = verdicts.record_verdicts(
            uow, principal=principal, case_id=case_id, items=[form.item(indicator_no)]
        )
    except AppError as exc:
        if exc.status_code not in (403, 409, 422):
            raise
        uow.session.rollback()
        errors = field_messages(exc, FIELDS, field_of=FIELD_OF)
        context = _case_context(uow, runtime, principal, case_id, indicator_no, form=typed, errors=errors)
        return _render_case(request, principal, context, exc.status_code)
    target, flash = _after_save(review, principal, indicator_no, after)
    return pages.redirect(target, flash=flash)


def _after_save(
    review: case_review.CaseReview, principal: Principal, indicator_no: int, after: str
) -> tuple[str, str]:
    """Where to go after saving: the same indicator, the next one still to assess, or the submit button."""
    case_id = review.case.id
    if after == "stay":
        return _case_url(case_id, indicator_no, "verdict-form"), "reviewer.saved"
    mine = verdicts.my_verdicts(review, principal)
    required = review.required()
    todo = [no for no in verdicts.assessable_indicators(review) if no in required and no not in mine]
    if not todo:
        return _case_url(case_id, indicator_no, "submit-verdicts"), "reviewer.saved_all"
    later = [no for no in todo if no > indicator_no]
    return _case_url(case_id, (later or todo)[0], "verdict-form"), "reviewer.saved"


@router.post("/cases/{case_id}/submit", response_class=HTMLResponse)
def submit_verdicts(
    request: Request,
    case_id: uuid.UUID,
    uow: UnitOfWorkDep,
    runtime: RuntimeDep,
    principal: ReviewerUser,
    indicator: Annotated[str, Form()] = "",
) -> Response:
    """Submit my verdicts; if some are missing the page lists them."""
    try:
        verdicts.submit_verdicts(uow, principal=principal, case_id=case_id)
    except AppError as exc:
        if exc.status_code not in (403, 409, 422):
            raise
        shown = int(indicator) if indicator.isdigit() else None
        context = _case_context(uow, runtime, principal, case_id, shown, submit_error=exc.message())
        return _render_case(request, principal, context, exc.status_code)
    return pages.redirect(_case_url(case_id), flash="reviewer.submitted")


@router.post("/cases/{case_id}/decision", response_class=HTMLResponse)
def decide(
    request: Request,
    case_id: uuid.UUID,
    uow: UnitOfWorkDep,
    runtime: RuntimeDep,
    principal: AdminUser,
    decision: Annotated[str, Form()] = "",
    decision_note: Annotated[str, Form()] = "",
    reopen: Annotated[list[str] | None, Form()] = None,
    revision_deadline: Annotated[str, Form()] = "",
    indicator: Annotated[str, Form()] = "",
) -> Response:
    """The admin's decision: accept, request a revision (the flagged indicators reopened, by a deadline)
    or reject."""
    typed: dict[str, Any] = {
        "decision": decision,
        "decision_note": decision_note,
        "reopen": reopen or [],
        "revision_deadline": revision_deadline,
    }
    errors: dict[str, str] = {}
    missing: list[str] | None = None
    status_code = 422
    try:
        form = read_form(DecisionForm, typed, context={"timezone": principal.timezone})
        revision = form.decision is Decision.revision_requested
        verdicts.decide(
            uow,
            principal=principal,
            case_id=case_id,
            decision=form.decision,
            note=form.decision_note,
            reopen=form.reopen if revision else None,
            revision_deadline=form.revision_deadline if revision else None,
        )
    except verdicts.DecisionIncomplete as exc:
        missing = [str(item["message"]) for item in exc.missing]
        errors["__all__"] = translate("reviewer.decision_incomplete")
        status_code = exc.status_code
    except AppError as exc:
        if exc.status_code not in (403, 409, 422):
            raise
        errors = field_messages(exc, DecisionForm.model_fields, field_of=DECISION_FIELD_OF)
        status_code = exc.status_code
    else:
        return pages.redirect(_case_url(case_id), flash=f"reviewer.decided.{form.decision.value}")
    typed["reopen"] = indicator_numbers(reopen or [])  # shown ticked again
    shown = int(indicator) if indicator.isdigit() else None
    context = _case_context(
        uow,
        runtime,
        principal,
        case_id,
        shown,
        decision_form=typed,
        decision_errors=errors,
        decision_missing=missing,
    )
    return _render_case(request, principal, context, status_code)
