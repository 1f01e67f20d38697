"""Periods (the yearly calls), their catalogues and per-OPD deadline extensions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict

from services.submission import periods, repository
from services.submission.catalogue import (
    available_codes,
    load_catalogue,
)
from services.submission.deps import CurrentUser, UnitOfWorkDep
from services.submission.models import Period
from services.submission.schemas import ExtensionRead, ExtensionWrite, PeriodCreate, PeriodRead, PeriodUpdate
from shared.contracts.catalogue import Catalogue
from shared.errors import NotFound
from shared.web import CONFLICT

router = APIRouter(tags=["periods"])


def period_read(period: Period, timezone: str) -> PeriodRead:
    read = PeriodRead.model_validate(period)
    return read.model_copy(
        update={
            "opens_at_local": periods.local(period.opens_at, timezone),
            "closes_at_local": periods.local(period.closes_at, timezone),
        }
    )


@router.get("/catalogues")
def list_catalogues() -> list[dict[str, Any]]:
    """The catalogues kept in the repository (code, name, weights)."""
    return [
        {"code": c.code, "name": c.name, "total_bobot": c.total_bobot, "max_score": c.max_score}
        for c in (load_catalogue(code) for code in available_codes())
    ]


@router.get("/catalogues/{code}", response_model=Catalogue)
def read_catalogue(code: str) -> Catalogue:
    """One catalogue: indicators, parameters, evidence kinds, limits, kemanfaatan bases, SPD indicators."""
    try:
        return load_catalogue(code)
    except LookupError as exc:
        raise NotFound() from exc


@router.get("/periods", response_model=list[PeriodRead])
def list_periods(uow: UnitOfWorkDep, principal: CurrentUser) -> list[PeriodRead]:
    """The periods of the caller's pemda, newest first, with times in the pemda's zone."""
    if principal.pemda_id is None:
        return []
    pemda = repository.get_pemda(uow.session, principal.pemda_id)
    assert pemda is not None
    return [period_read(p, pemda.timezone) for p in repository.list_periods(uow.session, pemda_id=pemda.id)]


@router.post("/periods", response_model=PeriodRead, status_code=status.HTTP_201_CREATED)
def create_period(data: PeriodCreate, uow: UnitOfWorkDep, principal: CurrentUser) -> PeriodRead:
    """Open a year's call (admin); review receives the period and its catalogue."""
    pemda_id = periods.require_admin(principal)
    pemda = repository.get_pemda(uow.session, pemda_id)
    assert pemda is not None
    period = periods.create_period(
        uow,
        pemda=pemda,
        actor=principal,
        data=periods.PeriodInput(
            year=data.year,
            name=data.name,
            opens_at=data.opens_at,
            closes_at=data.closes_at,
            catalogue_code=data.catalogue_code,
            revision_days=data.revision_days,
            eligible_from=data.eligible_from,
            eligible_to=data.eligible_to,
            k=data.k,
            predicates=tuple(data.predicates) if data.predicates else None,
            jumlah_inovasi=data.jumlah_inovasi,
            tematik_options=tuple(data.tematik_options) if data.tematik_options else None,
        ),
    )
    return period_read(period, pemda.timezone)


def _timezone(uow: UnitOfWorkDep, period: Period) -> str:
    pemda = repository.get_pemda(uow.session, period.pemda_id)
    assert pemda is not None
    return pemda.timezone


@router.get("/periods/{period_id}", response_model=PeriodRead)
def read_period(period_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> PeriodRead:
    period = periods.get_period(uow.session, principal=principal, period_id=period_id)
    return period_read(period, _timezone(uow, period))


@router.patch("/periods/{period_id}", response_model=PeriodRead)
def update_period(
    period_id: uuid.UUID, data: PeriodUpdate, uow: UnitOfWorkDep, principal: CurrentUser
) -> PeriodRead:
    """Change dates and rules (admin); the catalogue only until the period opens."""
    changes = {name: getattr(data, name) for name in data.model_fields_set}
    period = periods.update_period(uow, principal=principal, period_id=period_id, changes=changes)
    return period_read(period, _timezone(uow, period))


@router.get("/periods/{period_id}/catalogue", response_model=Catalogue)
def read_period_catalogue(period_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> Catalogue:
    """The period's own copy of its catalogue."""
    return periods.catalogue_of(periods.get_period(uow.session, principal=principal, period_id=period_id))


@router.put("/periods/{period_id}/catalogue", response_model=Catalogue, responses=CONFLICT)
def replace_period_catalogue(
    period_id: uuid.UUID, catalogue: Catalogue, uow: UnitOfWorkDep, principal: CurrentUser
) -> Catalogue:
    """Put an edited copy of the catalogue on the period (admin; 409 once the period has opened)."""
    period = periods.replace_catalogue(uow, principal=principal, period_id=period_id, catalogue=catalogue)
    return periods.catalogue_of(period)


@router.put("/periods/{period_id}/extensions/{opd_id}", response_model=ExtensionRead)
def set_extension(
    period_id: uuid.UUID, opd_id: uuid.UUID, data: ExtensionWrite, uow: UnitOfWorkDep, principal: CurrentUser
) -> ExtensionRead:
    """Give one OPD a later close (admin)."""
    extension = periods.set_extension(
        uow,
        principal=principal,
        period_id=period_id,
        opd_id=opd_id,
        closes_at=data.closes_at,
        reason=data.reason,
    )
    return ExtensionRead.model_validate(extension)


class OpdComplianceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    opd_id: uuid.UUID
    name: str
    kind: str
    submitted: int
    drafts: int
    deadline: datetime
    compliant: bool


class ComplianceRead(BaseModel):
    total: int
    compliant: int
    opds: list[OpdComplianceRead]


@router.get("/periods/{period_id}/compliance", response_model=ComplianceRead)
def read_compliance(period_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> ComplianceRead:
    """Which OPDs sent at least one innovation this period ("every OPD one innovation a year")."""
    rows = periods.compliance(uow.session, principal=principal, period_id=period_id)
    return ComplianceRead(
        total=len(rows),
        compliant=sum(1 for r in rows if r.compliant),
        opds=[OpdComplianceRead.model_validate(r) for r in rows],
    )
