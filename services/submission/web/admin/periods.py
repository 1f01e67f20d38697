"""Periods: the list and a new period, one period's page, opening it now, its deadline, and a later
close for one OPD."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends
from fastapi.responses import Response
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from services.submission import periods, repository
from services.submission.catalogue import available_codes, load_catalogue
from services.submission.models import Period
from services.submission.web import pages
from services.submission.web.admin.common import (
    AdminCall,
    AdminCallDep,
    AdminForm,
    LocalMoment,
    RequiredChoice,
    RequiredMoment,
    Typed,
    failed,
    id_from_path,
    local_input,
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
    call: AdminCall,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    now, pemda = utc_now(), call.pemda
    rows = [(p, state_of(p, now)) for p in repository.list_periods(call.uow.session, pemda_id=pemda.id)]
    catalogues = [(code, load_catalogue(code).name) for code in available_codes()]
    default_year = str(now.astimezone(ZoneInfo(pemda.timezone)).year + 1)
    return render(
        call.request,
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
def periods_page(call: AdminCallDep) -> Response:
    return _periods_page(call)


@router.post("/periods")
def create_period(call: AdminCallDep, values: Typed) -> Response:
    try:
        form = read_form(PeriodForm, values)
        period = periods.create_period(
            call.uow,
            pemda=call.pemda,
            actor=call.principal,
            data=periods.PeriodInput(
                year=form.year,
                name=form.name or None,
                opens_at=form.opens_at,
                closes_at=form.closes_at,
                catalogue_code=form.catalogue_code or available_codes()[-1],
            ),
        )
    except AppError as error:
        return failed(call.uow, error, partial(_periods_page, call, values=values), PERIOD_FIELDS)
    return pages.redirect(f"/admin/periods/{period.id}", flash="admin.period_created")


def _own_period(call: AdminCall, period_id: str | uuid.UUID) -> Period:
    wanted = period_id if isinstance(period_id, uuid.UUID) else id_from_path(period_id)
    return periods.get_period(call.uow.session, principal=call.principal, period_id=wanted)


def _period_page(
    call: AdminCall,
    period_id: str | uuid.UUID,
    *,
    form: str = "",
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    period, pemda = _own_period(call, period_id), call.pemda
    rows = periods.compliance(call.uow.session, principal=call.principal, period_id=period.id)
    defaults = {
        "closes_at": local_input(period.closes_at, pemda.timezone),
        "ext_closes_at": local_input(period.closes_at + timedelta(days=7), pemda.timezone),
    }
    return render(
        call.request,
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
def period_page(period_id: str, call: AdminCallDep) -> Response:
    return _period_page(call, period_id)


@dataclass(frozen=True)
class PeriodChange:
    """A form on one period's page: the period is changed, else the page again with that form open."""

    call: AdminCall
    period: Period

    @property
    def uow(self) -> UnitOfWork:
        return self.call.uow

    @property
    def principal(self) -> Principal:
        return self.call.principal

    def submit(
        self,
        change: Callable[[], object],
        *,
        form: str,
        done: str,
        values: Mapping[str, str] | None = None,
        fields: tuple[str, ...] = (),
        field_of: Mapping[str, str] | None = None,
    ) -> Response:
        try:
            change()
        except AppError as error:
            page = partial(_period_page, self.call, self.period.id, form=form, values=values)
            return failed(self.uow, error, page, fields, field_of=field_of)
        return pages.redirect(f"/admin/periods/{self.period.id}", flash=done)


def period_change(period_id: str, call: AdminCallDep) -> PeriodChange:
    return PeriodChange(call, _own_period(call, period_id))


PeriodChangeDep = Annotated[PeriodChange, Depends(period_change)]


@router.post("/periods/{period_id}/open")
def open_period(change: PeriodChangeDep) -> Response:
    """Open the call now (its opening moment becomes now)."""
    period = change.period

    def open_now() -> None:
        if utc_now() >= period.opens_at:
            raise PeriodAlreadyOpen()
        periods.update_period(
            change.uow, principal=change.principal, period_id=period.id, changes={"opens_at": utc_now()}
        )

    return change.submit(open_now, form="open", done="admin.period_opened")


@router.post("/periods/{period_id}/deadline")
def change_deadline(change: PeriodChangeDep, values: Typed) -> Response:
    def move_deadline() -> None:
        form = read_form(DeadlineForm, values)
        changes = {"closes_at": form.closes_at}
        periods.update_period(
            change.uow, principal=change.principal, period_id=change.period.id, changes=changes
        )

    return change.submit(
        move_deadline, form="deadline", done="admin.deadline_changed", values=values, fields=("closes_at",)
    )


@router.post("/periods/{period_id}/extension")
def extend_for_opd(change: PeriodChangeDep, values: Typed) -> Response:
    """A later close for one OPD."""

    def extend() -> None:
        form = read_form(ExtensionForm, values)
        periods.set_extension(
            change.uow,
            principal=change.principal,
            period_id=change.period.id,
            opd_id=form.opd_id,
            closes_at=form.ext_closes_at,
            reason=form.reason,
        )

    # here the dates refused are the extension's own
    field_of = {"period.bad_dates": "ext_closes_at"}
    return change.submit(
        extend,
        form="extension",
        done="admin.extension_set",
        values=values,
        fields=EXTENSION_FIELDS,
        field_of=field_of,
    )
