"""Innovations of an OPD: drafts, evidence uploads and submission."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile, status
from starlette.concurrency import run_in_threadpool

from services.submission import service
from services.submission.deps import CurrentUser, RuntimeDep, UnitOfWorkDep
from services.submission.schemas import EvidenceRead, InnovationCreate, InnovationRead
from shared.storage import CHUNK, spool_upload

router = APIRouter(prefix="/innovations", tags=["innovations"])


@router.get("", response_model=list[InnovationRead])
def list_innovations(
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[InnovationRead]:
    """Innovations the caller may see: their OPD's, or the whole pemda's for reviewers and admins."""
    items = service.list_innovations(uow.session, principal=principal, limit=limit, offset=offset)
    return [InnovationRead.model_validate(item) for item in items]


@router.post("", response_model=InnovationRead, status_code=status.HTTP_201_CREATED)
def create_innovation(data: InnovationCreate, uow: UnitOfWorkDep, principal: CurrentUser) -> InnovationRead:
    """Start a draft (nama, tahapan, jenis) in the pemda's open period."""
    innovation = service.create_innovation(uow, principal=principal, data=data)
    return InnovationRead.model_validate(innovation)


@router.get("/{innovation_id}", response_model=InnovationRead)
def read_innovation(innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> InnovationRead:
    innovation = service.get_innovation(uow.session, principal=principal, innovation_id=innovation_id)
    return InnovationRead.model_validate(innovation)


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(CHUNK):
        yield chunk


@router.post("/{innovation_id}/evidence", response_model=EvidenceRead, status_code=status.HTTP_201_CREATED)
async def upload_evidence(
    innovation_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    runtime: RuntimeDep,
    file: Annotated[UploadFile, File(description="PDF, PNG or JPEG; checked by its content")],
    indicator_no: Annotated[int, Form(ge=1, le=20)],
    nomor_surat: Annotated[str | None, Form(max_length=100)] = None,
    tanggal_surat: Annotated[date | None, Form()] = None,
    tentang: Annotated[str | None, Form(max_length=500)] = None,
) -> EvidenceRead:
    """Upload one evidence file for an indicator: size-limited, type-checked, hashed, stored in S3."""
    limit = runtime.settings.max_upload_mb * 1024 * 1024
    upload = await spool_upload(_chunks(file), limit_bytes=limit)
    try:
        meta = service.EvidenceMeta(
            indicator_no=indicator_no,
            filename=(file.filename or "berkas").rsplit("/", 1)[-1][:255],
            nomor_surat=nomor_surat,
            tanggal_surat=tanggal_surat,
            tentang=tentang,
        )
        item = await run_in_threadpool(
            service.add_evidence,
            uow,
            store=runtime.store,
            principal=principal,
            innovation_id=innovation_id,
            upload=upload,
            meta=meta,
        )
    finally:
        upload.file.close()
    return EvidenceRead.model_validate(item)


@router.post("/{innovation_id}/submit", response_model=InnovationRead)
def submit_innovation(innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> InnovationRead:
    """Send the innovation to the pemda's review team (it is frozen until they decide)."""
    innovation = service.submit(uow, principal=principal, innovation_id=innovation_id)
    return InnovationRead.model_validate(innovation)
