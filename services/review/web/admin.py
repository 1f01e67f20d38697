"""The admin's review pages: assignment board, disagreements, SPD data entry, exports, dead messages."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from services.review import (
    admin_board,
    assignment,
    dashboard,
    directory,
    exports,
    iga_export,
    spd_figures,
    verdicts,
)
from services.review import cases as review_cases
from services.review import (
    dead_messages as dead_letters,
)
from services.review.deps import RuntimeDep, UnitOfWorkDep
from services.review.models import CaseStatus, Verdict
from services.review.web import pages, spd_form
from services.review.web.verdict_form import FIELD_OF, FIELDS, RulingForm, TypedVerdict
from shared.auth import Principal, Role
from shared.contracts.review import PeriodSettings
from shared.errors import AppError
from shared.messaging.outbox import UnitOfWork
from shared.web import attachment, streamed_attachment
from shared.webui.forms import FormInvalid, field_messages, form_failed, read_form

router = pages.router(prefix="/review/admin")

Admin = Annotated[Principal, Depends(pages.user(Role.admin))]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECTIONS = ("assignments", "disagreements", "spd", "exports", "urusan", "dead-messages")
VERDICTS = [v.value for v in Verdict]


def parse_uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _periods(
    uow: UnitOfWork, principal: Principal, wanted: str | None
) -> tuple[list[PeriodSettings], PeriodSettings | None]:
    directory.known_from_token(uow, principal=principal)
    periods = admin_board.periods_of(uow.session, principal)
    return periods, admin_board.choose_period(periods, parse_uuid(wanted))


def _page(
    request: Request,
    principal: Principal,
    section: str,
    periods: list[PeriodSettings],
    period: PeriodSettings | None,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> Response:
    """One admin page (template named after its section), with the admin menu and the period chooser."""
    base = {
        "section": section,
        "sections": SECTIONS,
        "periods": [(str(p.period_id), f"{p.name} ({p.year})") for p in periods],
        "period": period,
        "period_id": str(period.period_id) if period else "",
    }
    template = f"review/admin/{section.replace('-', '_')}.html"
    return pages.render(request, template, {**base, **context}, status_code=status_code, principal=principal)


# ---- the assignment board ----


@dataclass(frozen=True)
class BoardQuery:
    """The board's filters as typed in the GET form (kept as text so bad values never break the page)."""

    period_id: str = ""
    opd_id: str = ""
    status: str = ""
    unassigned: str = ""

    def filters(self) -> admin_board.BoardFilters:
        status = CaseStatus(self.status) if self.status in CaseStatus.__members__ else None
        return admin_board.BoardFilters(
            opd_id=parse_uuid(self.opd_id), status=status, unassigned=self.unassigned in ("1", "on", "true")
        )

    def url(self, period_id: str) -> str:
        filters = self.filters()
        query = {
            "period_id": period_id,
            "opd_id": str(filters.opd_id or ""),
            "status": filters.status.value if filters.status else "",
            "unassigned": "1" if filters.unassigned else "",
        }
        kept = {k: v for k, v in query.items() if v}
        return "/review/admin/assignments" + (f"?{urlencode(kept)}" if kept else "")


def _render_board(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    query: BoardQuery,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    periods, period = _periods(uow, principal, query.period_id)
    filters = query.filters()
    rows, opds, loads = [], [], []
    if period is not None:
        loads = admin_board.workload(uow.session, principal=principal, period_id=period.period_id)
        rows = admin_board.assignment_board(
            uow.session, principal=principal, period_id=period.period_id, filters=filters
        )
        opds = admin_board.opds_of_period(uow.session, principal=principal, period_id=period.period_id)
    context = {
        "rows": rows,
        "opds": opds,
        "workload": loads,
        "statuses": [s.value for s in CaseStatus],
        "filters": filters,
        "errors": errors or {},
        "typed": typed or {},
    }
    return _page(request, principal, "assignments", periods, period, context, status_code=status_code)


@router.get("")
def admin_home() -> Response:
    return pages.redirect("/review/admin/assignments")


@router.get("/assignments")
def assignment_board(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Admin,
    period_id: str = "",
    opd_id: str = "",
    status: str = "",
    unassigned: str = "",
) -> Response:
    """Cases of the period with their reviewers and due dates; assign or take reviewers off."""
    return _render_board(request, uow, principal, BoardQuery(period_id, opd_id, status, unassigned))


@dataclass(frozen=True)
class BoardAction:
    """A board button: the reviewer it names and the filters to return to."""

    reviewer_id: str
    query: BoardQuery


def board_action(
    reviewer_id: Annotated[str, Form()] = "",
    period_id: Annotated[str, Form()] = "",
    opd_id: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
    unassigned: Annotated[str, Form()] = "",
) -> BoardAction:
    return BoardAction(reviewer_id, BoardQuery(period_id, opd_id, status, unassigned))


BoardActionDep = Annotated[BoardAction, Depends(board_action)]


def _on_board(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Principal,
    case_id: uuid.UUID,
    action: BoardAction,
    change: Callable[[uuid.UUID | None], None],
    *,
    done: str,
) -> Response:
    """Apply `change` to the reviewer named; a refusal re-renders the board, the message beside the case."""
    try:
        change(parse_uuid(action.reviewer_id))
    except AppError as error:
        uow.session.rollback()
        return _render_board(
            request,
            uow,
            principal,
            action.query,
            errors={str(case_id): error.message()},
            typed={str(case_id): action.reviewer_id},
            status_code=error.status_code,
        )
    return pages.redirect(action.query.url(action.query.period_id), flash=done)


@router.post("/assignments/{case_id}/assign")
def assign(
    request: Request, case_id: uuid.UUID, uow: UnitOfWorkDep, principal: Admin, action: BoardActionDep
) -> Response:
    """Put a reviewer on the case (the service refuses the innovation's own OPD and conflicts)."""

    def change(reviewer: uuid.UUID | None) -> None:
        if reviewer is None:
            raise AppError("radmin.assign.choose", status_code=422)
        assignment.assign_reviewer(uow, principal=principal, case_id=case_id, reviewer_id=reviewer)

    return _on_board(request, uow, principal, case_id, action, change, done="radmin.assign.done")


@router.post("/assignments/{case_id}/unassign")
def unassign(
    request: Request, case_id: uuid.UUID, uow: UnitOfWorkDep, principal: Admin, action: BoardActionDep
) -> Response:
    """Take a reviewer off the case's current round; their verdicts stop counting."""

    def change(reviewer: uuid.UUID | None) -> None:
        if reviewer is None:
            raise assignment.ReviewerNotFound()
        assignment.unassign_reviewer(uow, principal=principal, case_id=case_id, reviewer_id=reviewer)

    return _on_board(request, uow, principal, case_id, action, change, done="radmin.unassign.done")


# ---- disagreements ----


def _render_disagreements(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    period_id: str,
    *,
    errors: dict[str, dict[str, str]] | None = None,
    typed: dict[str, dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    periods, period = _periods(uow, principal, period_id)
    items = admin_board.disagreements(
        uow.session, principal=principal, period_id=period.period_id if period else None
    )
    context = {
        "items": items,
        "verdicts": VERDICTS,
        "errors": errors or {},
        "typed": typed or {},
    }
    return _page(request, principal, "disagreements", periods, period, context, status_code=status_code)


@router.get("/disagreements")
def disagreements(request: Request, uow: UnitOfWorkDep, principal: Admin, period_id: str = "") -> Response:
    """Indicators where the reviewers disagree, each with a form for the coordinator's ruling."""
    return _render_disagreements(request, uow, principal, period_id)


@router.post("/disagreements/{case_id}/{indicator_no}")
def resolve(
    request: Request,
    case_id: uuid.UUID,
    indicator_no: int,
    uow: UnitOfWorkDep,
    principal: Admin,
    typed: TypedVerdict,
    period_id: Annotated[str, Form()] = "",
) -> Response:
    """Record the coordinator's verdict and parameter on one indicator (the adjudication)."""
    key = f"{case_id}-{indicator_no}"
    try:
        ruling = read_form(RulingForm, typed)
        verdicts.adjudicate(uow, principal=principal, case_id=case_id, item=ruling.item(indicator_no))
    except AppError as error:
        uow.session.rollback()
        return _render_disagreements(
            request,
            uow,
            principal,
            period_id,
            errors={key: field_messages(error, FIELDS, field_of=FIELD_OF)},
            typed={key: typed},
            status_code=error.status_code,
        )
    target = "/review/admin/disagreements" + (f"?{urlencode({'period_id': period_id})}" if period_id else "")
    return pages.redirect(target, flash="radmin.resolve.done")


# ---- SPD ----


def _render_spd(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    period_id: str,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    periods, period = _periods(uow, principal, period_id)
    rows: list[admin_board.SpdRow] = []
    spd_score = 0.0
    if period is not None:
        rows, spd_score = admin_board.spd_rows(uow.session, principal=principal, period_id=period.period_id)
    values = {
        row.code: {
            "parameter": "" if row.parameter is None else str(row.parameter),
            "figure": row.figure,
            "note": row.note,
            "evidence_url": row.evidence_url,
        }
        for row in rows
    }
    for code, entry in (typed or {}).items():
        values[code] = entry
    context = {
        "rows": rows,
        "values": values,
        "spd_score": spd_score,
        "missing_wajib": [row for row in rows if row.wajib and row.parameter is None],
        "errors": errors or {},
    }
    return _page(request, principal, "spd", periods, period, context, status_code=status_code)


@router.get("/spd")
def spd(request: Request, uow: UnitOfWorkDep, principal: Admin, period_id: str = "") -> Response:
    """The SPD (pemda-level) indicators of the period with their parameters, notes and evidence links."""
    return _render_spd(request, uow, principal, period_id)


async def _spd_form(request: Request) -> dict[str, dict[str, str]]:
    """The SPD form's rows as typed: {code: {parameter, figure, note, evidence_url}} (fields `part-code`)."""
    form = await request.form()
    typed: dict[str, dict[str, str]] = {}
    for name, value in form.multi_items():
        for part in spd_form.FIELDS:
            if name.startswith(f"{part}-") and isinstance(value, str):
                row = typed.setdefault(name[len(part) + 1 :], dict.fromkeys(spd_form.FIELDS, ""))
                row[part] = value
    return typed


def _derived_parameters(
    forms: dict[str, spd_form.SpdRowForm], known: dict[str, admin_board.SpdRow]
) -> dict[str, int]:
    """The parameter each typed figure earns, or `FormInvalid` naming every figure to fix."""
    derived: dict[str, int] = {}
    problems: dict[str, AppError] = {}
    for code, form in forms.items():
        definition = known[code].definition
        if definition.input == "parameter":
            continue
        if form.figure:
            try:
                derived[code], _ = spd_figures.parameter_of(definition, form.figure)
            except AppError as problem:
                problems[f"figure-{code}"] = problem
        elif form.parameter not in (None, 0):
            problems[f"figure-{code}"] = spd_figures.SpdFigureRequired(code=code)
    if problems:
        raise FormInvalid(problems)
    return derived


@router.post("/spd")
def save_spd(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Admin,
    typed: Annotated[dict[str, dict[str, str]], Depends(_spd_form)],
    period_id: str = "",
) -> Response:
    """Save every SPD row that was filled in or changed; nothing is saved while any row has an error."""
    _, period = _periods(uow, principal, period_id)
    if period is None or str(period.period_id) != period_id:
        raise dashboard.PeriodNotFound()
    rows, _ = admin_board.spd_rows(uow.session, principal=principal, period_id=period.period_id)
    known = {row.code: row for row in rows}
    try:
        forms = spd_form.read_spd_rows(typed, set(known))
        derived = _derived_parameters(forms, known)
    except FormInvalid as invalid:
        render = partial(_render_spd, request, uow, principal, period_id, typed=typed)
        fields = [f"{part}-{code}" for code in typed for part in spd_form.FIELDS]
        again: Response = form_failed(uow.session, invalid, render, fields=fields)
        return again
    saved = 0
    for code, form in forms.items():
        row = known[code]
        parameter = derived.get(code, form.parameter)
        if parameter is None:
            continue
        unchanged = (
            row.parameter == parameter
            and row.figure == form.figure
            and row.note == form.note
            and (row.evidence_url or None) == form.evidence_url
        )
        if not unchanged:
            dashboard.set_spd_entry(
                uow,
                principal=principal,
                period_id=period.period_id,
                code=code,
                parameter=form.parameter,
                figure=form.figure or None,
                note=form.note,
                evidence_url=form.evidence_url,
            )
            saved += 1
    target = f"/review/admin/spd?{urlencode({'period_id': period_id})}"
    return pages.redirect(target, flash="radmin.spd.saved" if saved else "radmin.spd.unchanged")


# ---- exports ----


@router.get("/exports")
def exports_page(request: Request, uow: UnitOfWorkDep, principal: Admin, period_id: str = "") -> Response:
    """Downloads of the period: the Excel recap, every dossier as a ZIP, each innovation's PDF profile."""
    periods, period = _periods(uow, principal, period_id)
    cases = []
    if period is not None:
        cases = [
            c
            for c in review_cases.list_cases(
                uow.session,
                principal=principal,
                status=None,
                limit=100_000,
                offset=0,
                period_id=period.period_id,
            )
            if c.status is not CaseStatus.withdrawn
        ]
        cases.sort(key=lambda c: (c.opd_name, c.nama, str(c.id)))
    return _page(request, principal, "exports", periods, period, {"cases": cases})


def _period_or_404(period_id: str) -> uuid.UUID:
    wanted = parse_uuid(period_id)
    if wanted is None:
        raise dashboard.PeriodNotFound()
    return wanted


@router.get("/exports/recap.xlsx")
def recap_xlsx(uow: UnitOfWorkDep, principal: Admin, period_id: str = "") -> Response:
    """The period's Excel recap (the same workbook as the API's)."""
    filename, content = exports.period_workbook(
        uow.session, principal=principal, period_id=_period_or_404(period_id)
    )
    return attachment(content, filename=filename, media_type=XLSX)


@router.get("/exports/iga.csv")
def iga_csv(uow: UnitOfWorkDep, principal: Admin, period_id: str = "") -> Response:
    """The accepted innovations in the national IGA upload form's columns, as CSV."""
    filename, content = iga_export.iga_csv(
        uow.session, principal=principal, period_id=_period_or_404(period_id)
    )
    return attachment(content, filename=filename, media_type="text/csv; charset=utf-8")


@router.get("/exports/iga.xlsx")
def iga_xlsx(uow: UnitOfWorkDep, principal: Admin, period_id: str = "") -> Response:
    """The accepted innovations in the national IGA upload form's columns, as XLSX."""
    filename, content = iga_export.iga_xlsx(
        uow.session, principal=principal, period_id=_period_or_404(period_id)
    )
    return attachment(content, filename=filename, media_type=XLSX)


@router.get("/exports/dossiers.zip")
def dossiers_zip(uow: UnitOfWorkDep, principal: Admin, runtime: RuntimeDep, period_id: str = "") -> Response:
    """Every innovation's evidence of the period as one streamed ZIP with its manifest."""
    filename, dossiers = exports.period_dossiers(
        uow.session, principal=principal, period_id=_period_or_404(period_id)
    )
    return streamed_attachment(
        exports.stream_dossiers(runtime.store, dossiers), filename=filename, media_type="application/zip"
    )


@router.get("/exports/cases/{case_id}/profile.pdf")
def profile_pdf(case_id: uuid.UUID, uow: UnitOfWorkDep, principal: Admin) -> Response:
    """One innovation's profile with its indicators, claimed beside verified, as a PDF."""
    filename, content = exports.case_profile_pdf(uow.session, principal=principal, case_id=case_id)
    return attachment(content, filename=filename, media_type="application/pdf")


# ---- dead messages ----


@router.get("/dead-messages")
def dead_messages(request: Request, uow: UnitOfWorkDep, principal: Admin) -> Response:
    """Messages review could not process after their retries, newest first."""
    periods, period = _periods(uow, principal, None)
    rows = dead_letters.dead_messages(uow.session, principal=principal, limit=200)
    return _page(request, principal, "dead-messages", periods, period, {"rows": rows})


# ---- urusan outside the list ----


@router.get("/urusan")
def unlisted_urusan(
    request: Request, uow: UnitOfWorkDep, principal: Admin, period_id: str | None = None
) -> Response:
    """Cases whose urusan, typed before the list, names no urusan of UU 23/2014 (they cover none)."""
    periods, period = _periods(uow, principal, period_id)
    rows = dashboard.unlisted_urusan(
        uow.session, principal=principal, period_id=period.period_id if period else None
    )
    return _page(request, principal, "urusan", periods, period, {"rows": rows})
