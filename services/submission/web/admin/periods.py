"""Periods: the list and a new period, one period's page, opening it now, its deadline, and a later
close for one OPD."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import timedelta
from functools import partial
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import Response
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from services.submission import periods, repository
from services.submission.catalogue import available_codes, load_catalogue
from services.submission.deps import UnitOfWorkDep
from services.submission.models import Pemda, Period
from services.submission.web import pages
from services.submission.web.admin.common import (
    Admin,
    AdminForm,
    LocalMoment,
    RequiredChoice,
    RequiredMoment,
    Typed,
    failed,
    id_from_path,
    local_input,
    pemda_of,
    render,
    state_of,
)
from shared.auth import Principal
from shared.db import utc_now
from shared.errors import AppError, Conflict
from shared.messaging.outbox import UnitOfWork
from shared.webui.forms import read_form

router = pages.router(prefix="/admin")

PERIOD_FIELDS = ("year", "name", "opens_at", "closes_at", "catalogue_code")
EXTENSION_FIELDS = ("opd_id", "ext_closes_at", "reason")


class PeriodAlreadyOpen(Conflict, code="admin.already_open"): ...


def _year(value: object) -> int:
    text = value.strip() if isinstance(value, str) else ""
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise PydanticCustomError("admin.bad_year", "admin.bad_year", {"value": value})
    return int(text)


def _reason(value: str) -> str:
    if not value:
        raise PydanticCustomError("admin.reason_required", "admin.reason_required")
    return value


class PeriodForm(AdminForm):
    year: Annotated[int, BeforeValidator(_year)]
    name: Annotated[str, Field(max_length=200)]
    opens_at: LocalMoment
    closes_at: LocalMoment
    catalogue_code: Annotated[str, Field(max_length=60)]


class DeadlineForm(AdminForm):
    closes_at: RequiredMoment


class ExtensionForm(AdminForm):
    opd_id: RequiredChoice
    ext_closes_at: RequiredMoment
    reason: Annotated[str, Field(max_length=500), AfterValidator(_reason)]


def _periods_page(
    request: Request,
    uow: UnitOfWork,
    pemda: Pemda,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    now = utc_now()
    rows = [(p, state_of(p, now)) for p in repository.list_periods(uow.session, pemda_id=pemda.id)]
    catalogues = [(code, load_catalogue(code).name) for code in available_codes()]
    default_year = str(now.astimezone(ZoneInfo(pemda.timezone)).year + 1)
    return render(
        request,
        "periods.html",
        "periods",
        {
            "pemda": pemda,
            "rows": rows,
            "catalogues": catalogues,
            "values": values
            or {"year": default_year, "catalogue_code": catalogues[-1][0] if catalogues else ""},
            "errors": errors or {},
        },
        status_code=status_code,
    )


@router.get("/periods")
def periods_page(request: Request, uow: UnitOfWorkDep, principal: Admin) -> Response:
    return _periods_page(request, uow, pemda_of(uow, principal))


@router.post("/periods")
def create_period(request: Request, uow: UnitOfWorkDep, principal: Admin, values: Typed) -> Response:
    pemda = pemda_of(uow, principal)
    try:
        form = read_form(PeriodForm, values)
        period = periods.create_period(
            uow,
            pemda=pemda,
            actor=principal,
            data=periods.PeriodInput(
                year=form.year,
                name=form.name or None,
                opens_at=form.opens_at,
                closes_at=form.closes_at,
                catalogue_code=form.catalogue_code or available_codes()[-1],
            ),
        )
    except AppError as error:
        return failed(uow, error, partial(_periods_page, request, uow, pemda, values=values), PERIOD_FIELDS)
    return pages.redirect(f"/admin/periods/{period.id}", flash="admin.period_created")


def _own_period(uow: UnitOfWork, principal: Principal, period_id: str | uuid.UUID) -> Period:
    wanted = period_id if isinstance(period_id, uuid.UUID) else id_from_path(period_id)
    pemda_of(uow, principal)
    return periods.get_period(uow.session, principal=principal, period_id=wanted)


def _period_page(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    period_id: str | uuid.UUID,
    *,
    form: str = "",
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    period = _own_period(uow, principal, period_id)
    pemda = pemda_of(uow, principal)
    rows = periods.compliance(uow.session, principal=principal, period_id=period.id)
    defaults = {
        "closes_at": local_input(period.closes_at, pemda.timezone),
        "ext_closes_at": local_input(period.closes_at + timedelta(days=7), pemda.timezone),
    }
    return render(
        request,
        "period.html",
        "periods",
        {
            "pemda": pemda,
            "period": period,
            "state": state_of(period, utc_now()),
            "rows": rows,
            "opds": [(r.opd_id, r.name) for r in rows],
            "form": form,
            "values": {**defaults, **(values or {})},
            "errors": errors or {},
        },
        status_code=status_code,
    )


@router.get("/periods/{period_id}")
def period_page(request: Request, period_id: str, uow: UnitOfWorkDep, principal: Admin) -> Response:
    return _period_page(request, uow, principal, period_id)


@router.post("/periods/{period_id}/open")
def open_period(request: Request, period_id: str, uow: UnitOfWorkDep, principal: Admin) -> Response:
    """Open the call now (its opening moment becomes now)."""
    period = _own_period(uow, principal, period_id)
    try:
        if utc_now() >= period.opens_at:
            raise PeriodAlreadyOpen()
        periods.update_period(uow, principal=principal, period_id=period.id, changes={"opens_at": utc_now()})
    except AppError as error:
        return failed(uow, error, partial(_period_page, request, uow, principal, period.id, form="open"), ())
    return pages.redirect(f"/admin/periods/{period.id}", flash="admin.period_opened")


@router.post("/periods/{period_id}/deadline")
def change_deadline(
    request: Request, period_id: str, uow: UnitOfWorkDep, principal: Admin, values: Typed
) -> Response:
    period = _own_period(uow, principal, period_id)
    try:
        form = read_form(DeadlineForm, values)
        periods.update_period(
            uow, principal=principal, period_id=period.id, changes={"closes_at": form.closes_at}
        )
    except AppError as error:
        page = partial(_period_page, request, uow, principal, period.id, form="deadline", values=values)
        return failed(uow, error, page, ("closes_at",))
    return pages.redirect(f"/admin/periods/{period.id}", flash="admin.deadline_changed")


@router.post("/periods/{period_id}/extension")
def extend_for_opd(
    request: Request, period_id: str, uow: UnitOfWorkDep, principal: Admin, values: Typed
) -> Response:
    """A later close for one OPD."""
    period = _own_period(uow, principal, period_id)
    try:
        form = read_form(ExtensionForm, values)
        periods.set_extension(
            uow,
            principal=principal,
            period_id=period.id,
            opd_id=form.opd_id,
            closes_at=form.ext_closes_at,
            reason=form.reason,
        )
    except AppError as error:
        page = partial(_period_page, request, uow, principal, period.id, form="extension", values=values)
        # here the dates refused are the extension's own
        return failed(uow, error, page, EXTENSION_FIELDS, field_of={"period.bad_dates": "ext_closes_at"})
    return pages.redirect(f"/admin/periods/{period.id}", flash="admin.extension_set")
