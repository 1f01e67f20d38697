"""Pemdas (the tenants): the superadmin creates and renames them; everyone else sees their own."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from services.submission import pemdas
from services.submission.deps import CurrentUser, UnitOfWorkDep
from services.submission.schemas import PemdaCreate, PemdaRead, PemdaUpdate

router = APIRouter(tags=["pemda"])


@router.get("/pemda", response_model=list[PemdaRead])
def list_pemdas(uow: UnitOfWorkDep, principal: CurrentUser) -> list[PemdaRead]:
    """Every pemda for the superadmin; the caller's own for anyone else."""
    return [PemdaRead.model_validate(p) for p in pemdas.list_pemdas(uow.session, principal=principal)]


@router.post("/pemda", response_model=PemdaRead, status_code=status.HTTP_201_CREATED)
def create_pemda(data: PemdaCreate, uow: UnitOfWorkDep, principal: CurrentUser) -> PemdaRead:
    """Create a pemda (superadmin); its slug must be unused, its zone WIB, WITA or WIT."""
    pemda = pemdas.create_pemda(
        uow.session,
        slug=data.slug,
        name=data.name,
        kind=data.kind,
        timezone=data.timezone,
        actor=principal,
    )
    return PemdaRead.model_validate(pemda)


@router.patch("/pemda/{pemda_id}", response_model=PemdaRead)
def update_pemda(
    pemda_id: uuid.UUID, data: PemdaUpdate, uow: UnitOfWorkDep, principal: CurrentUser
) -> PemdaRead:
    """Rename a pemda (superadmin)."""
    pemda = pemdas.update_pemda(uow.session, principal=principal, pemda_id=pemda_id, name=data.name)
    return PemdaRead.model_validate(pemda)
