"""Admin: OPDs, accounts (by invitation), imports from CSV/XLSX, and the audit log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile, status
from pydantic import BaseModel, ConfigDict, Field

from services.submission import accounts, repository
from services.submission.deps import CurrentUser, GuardDep, PolicyDep, SessionsDep, UnitOfWorkDep
from shared.auth import Role
from shared.schemas import Offset, PlainName
from shared.storage import UploadTooLarge

router = APIRouter(tags=["accounts"])
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class OpdCreate(BaseModel):
    name: PlainName = Field(min_length=2, max_length=200)
    kind: str = Field(
        description="dinas, badan, bagian, kecamatan, kelurahan, desa, puskesmas, sekolah, bumd..."
    )
    parent_id: uuid.UUID | None = None


class OpdRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    kind: str
    parent_id: uuid.UUID | None


class AccountCreate(BaseModel):
    email: PlainName = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    name: PlainName = Field(min_length=2, max_length=200)
    role: Role
    opd_id: uuid.UUID | None = None
    whatsapp: str | None = None
    whatsapp_opt_in: bool = False
    language: str = Field(default="id", pattern="^(id|en)$")


class AccountUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PlainName | None = Field(default=None, min_length=2, max_length=200)
    role: Role | None = None
    opd_id: uuid.UUID | None = None
    whatsapp: str | None = None
    whatsapp_opt_in: bool | None = None
    language: str | None = Field(default=None, pattern="^(id|en)$")
    is_active: bool | None = None


class AccountRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    role: Role
    pemda_id: uuid.UUID | None
    opd_id: uuid.UUID | None
    whatsapp: str | None
    whatsapp_opt_in: bool
    language: str
    is_active: bool


class RowReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    row: int
    ok: bool
    errors: list[str]


class ImportReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    imported: int
    refused: int
    rows: list[RowReportRead]


class AuditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor_id: uuid.UUID | None
    actor_name: str
    entity: str
    entity_id: uuid.UUID
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@router.get("/opds", response_model=list[OpdRead])
def list_opds(uow: UnitOfWorkDep, principal: CurrentUser) -> list[OpdRead]:
    """The OPDs of the caller's pemda."""
    if principal.pemda_id is None:
        return []
    return [OpdRead.model_validate(o) for o in repository.list_opds(uow.session, pemda_id=principal.pemda_id)]


@router.post("/opds", response_model=OpdRead, status_code=status.HTTP_201_CREATED)
def create_opd(data: OpdCreate, uow: UnitOfWorkDep, principal: CurrentUser) -> OpdRead:
    """Add an OPD (admin)."""
    pemda_id = accounts.require_admin(principal)
    pemda = repository.get_pemda(uow.session, pemda_id)
    assert pemda is not None
    parent = repository.get_opd(uow.session, data.parent_id) if data.parent_id else None
    if data.parent_id and (parent is None or parent.pemda_id != pemda_id):
        raise accounts.OpdParentUnknown(parent=str(data.parent_id))
    opd = accounts.create_opd(
        uow, pemda=pemda, name=data.name, kind=data.kind, parent=parent, actor=principal
    )
    return OpdRead.model_validate(opd)


@router.get("/users", response_model=list[AccountRead])
def list_users(uow: UnitOfWorkDep, principal: CurrentUser) -> list[AccountRead]:
    """The accounts of the pemda (admin)."""
    pemda_id = accounts.require_admin(principal)
    return [AccountRead.model_validate(u) for u in repository.list_users(uow.session, pemda_id=pemda_id)]


@router.post("/users", response_model=AccountRead, status_code=status.HTTP_201_CREATED)
def invite_user(
    data: AccountCreate, uow: UnitOfWorkDep, principal: CurrentUser, policy: PolicyDep
) -> AccountRead:
    """Add a person (admin); they receive a one-time link to set their password."""
    user = accounts.invite_account(
        uow,
        principal=principal,
        policy=policy,
        data=accounts.AccountInput.of(data),
    )
    return AccountRead.model_validate(user)


@router.patch("/users/{user_id}", response_model=AccountRead)
def update_user(
    user_id: uuid.UUID, data: AccountUpdate, uow: UnitOfWorkDep, principal: CurrentUser, sessions: SessionsDep
) -> AccountRead:
    """Change a person's role, OPD, contacts, language, or deactivate them (admin); a change of access ends
    the person's sessions."""
    changes = {name: getattr(data, name) for name in data.model_fields_set}
    user = accounts.update_account(
        uow, principal=principal, user_id=user_id, changes=changes, sessions=sessions
    )
    return AccountRead.model_validate(user)


@router.delete("/users/{user_id}/sessions", status_code=status.HTTP_204_NO_CONTENT)
def end_user_sessions(
    user_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser, sessions: SessionsDep
) -> None:
    """Log a person out everywhere: every browser and API client of theirs must log in again (admin)."""
    accounts.end_sessions(uow, principal=principal, user_id=user_id, sessions=sessions)


class LoginBlockRead(BaseModel):
    address: str
    retry_after: int = Field(description="seconds until the block ends by itself")


@router.get("/users/{user_id}/login-blocks", response_model=list[LoginBlockRead])
def list_login_blocks(
    user_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser, guard: GuardDep
) -> list[LoginBlockRead]:
    """The addresses a person is blocked from logging in from after too many wrong passwords (admin)."""
    blocks = accounts.login_blocks(uow, principal=principal, user_id=user_id, guard=guard)
    return [LoginBlockRead(address=block.subject, retry_after=block.retry_after) for block in blocks]


@router.delete("/users/{user_id}/login-blocks", status_code=status.HTTP_204_NO_CONTENT)
def unlock_login(user_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser, guard: GuardDep) -> None:
    """Lift every login block of a person at once (admin)."""
    accounts.unlock_login(uow, principal=principal, user_id=user_id, guard=guard)


async def _read_limited(file: UploadFile) -> bytes:
    content = await file.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise UploadTooLarge(limit_mb=MAX_IMPORT_BYTES // 2**20)
    return content


@router.post("/imports/opds", response_model=ImportReportRead)
async def import_opds(
    uow: UnitOfWorkDep, principal: CurrentUser, file: Annotated[UploadFile, File(description="CSV or XLSX")]
) -> ImportReportRead:
    """Import OPDs (name, kind, parent): all rows or none, with a report per row (422 lists refusals)."""
    content = await _read_limited(file)
    report = accounts.import_opds(uow, principal=principal, content=content, filename=file.filename or "")
    return ImportReportRead.model_validate(report)


@router.post("/imports/users", response_model=ImportReportRead)
async def import_users(
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    policy: PolicyDep,
    file: Annotated[UploadFile, File(description="CSV or XLSX")],
) -> ImportReportRead:
    """Import people (email, name, role, opd, whatsapp, whatsapp_opt_in, language): all or none."""
    content = await _read_limited(file)
    report = accounts.import_users(
        uow, principal=principal, content=content, filename=file.filename or "", policy=policy
    )
    return ImportReportRead.model_validate(report)


@router.get("/audit", response_model=list[AuditRead])
def list_audit(
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    entity_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[AuditRead]:
    """Every change in the pemda, newest first: who, when, what, before and after (admin)."""
    pemda_id = accounts.require_admin(principal)
    rows = repository.list_audit(
        uow.session, pemda_id=pemda_id, entity_id=entity_id, limit=limit, offset=offset
    )
    return [AuditRead.model_validate(r) for r in rows]
