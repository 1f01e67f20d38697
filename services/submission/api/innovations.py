"""Innovations of an OPD: the profile, self-assessment, evidence, the workflow and versions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile, status
from pydantic import BaseModel, Field

from services.submission.deps import CurrentUser, RuntimeDep, UnitOfWorkDep
from services.submission.innovations import assessment as assessment_rules
from services.submission.innovations import core, direct_upload
from services.submission.innovations import evidence as evidence_rules
from services.submission.innovations import profile as profile_rules
from services.submission.innovations import versions as versions_rules
from services.submission.innovations import workflow as workflow_rules
from services.submission.models import Innovation, InnovationStatus
from services.submission.schemas import (
    AnswerRead,
    AnswerWrite,
    AssessmentRead,
    EvidenceRead,
    HeadReturn,
    InnovationCreate,
    InnovationRead,
    InnovationUpdate,
    LinkCreate,
    VersionRead,
    WarningRead,
)
from services.submission.uploads import base_name, evidence_read, filename_of, receive_evidence
from shared.schemas import Offset, PlainName
from shared.web import CONFLICT

router = APIRouter(prefix="/innovations", tags=["innovations"])


def innovation_read(
    innovation: Innovation, warnings: Sequence[profile_rules.TitleWarning] = ()
) -> InnovationRead:
    """The innovation as the API shows it: current evidence, word count and any warnings."""
    read = InnovationRead.model_validate(innovation)
    return read.model_copy(
        update={
            "evidence": [evidence_read(e) for e in innovation.current_evidence],
            "refused_evidence": [evidence_read(e) for e in innovation.refused_evidence],
            "rancang_bangun_words": core.word_count(innovation.rancang_bangun or ""),
            "warnings": [
                WarningRead(code=w.code, message=w.message, similar_to=list(w.similar_to)) for w in warnings
            ],
        }
    )


@router.get("", response_model=list[InnovationRead])
def list_innovations(
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Offset = 0,
    period_id: uuid.UUID | None = None,
    status: InnovationStatus | None = None,
) -> list[InnovationRead]:
    """Innovations the caller may see: their OPD's; the pemda's for admins (reviewers: no drafts)."""
    items = core.list_innovations(
        uow.session, principal=principal, limit=limit, offset=offset, period_id=period_id, status=status
    )
    return [innovation_read(item) for item in items]


@router.post("", response_model=InnovationRead, status_code=status.HTTP_201_CREATED)
def create_innovation(data: InnovationCreate, uow: UnitOfWorkDep, principal: CurrentUser) -> InnovationRead:
    """Start a draft in the pemda's open period (a similar title of the pemda gives a warning)."""
    innovation, warnings = profile_rules.create_innovation(uow, principal=principal, data=data)
    return innovation_read(innovation, warnings)


@router.get("/{innovation_id}", response_model=InnovationRead)
def read_innovation(innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> InnovationRead:
    """One innovation with its profile, answers and current evidence."""
    innovation = core.get_innovation(uow.session, principal=principal, innovation_id=innovation_id)
    return innovation_read(innovation)


@router.patch("/{innovation_id}", response_model=InnovationRead)
def update_innovation(
    innovation_id: uuid.UUID, data: InnovationUpdate, uow: UnitOfWorkDep, principal: CurrentUser
) -> InnovationRead:
    """Change profile fields of a draft (only those sent); the response has the rancang bangun word count."""
    innovation, warnings = profile_rules.update_innovation(
        uow, principal=principal, innovation_id=innovation_id, data=data
    )
    return innovation_read(innovation, warnings)


@router.put("/{innovation_id}/answers/{indicator_no}", response_model=AnswerRead)
def set_answer(
    innovation_id: uuid.UUID, indicator_no: int, data: AnswerWrite, uow: UnitOfWorkDep, principal: CurrentUser
) -> AnswerRead:
    """Claim a parameter for an indicator (and the kemanfaatan basis for indicator 18)."""
    answer = assessment_rules.set_answer(
        uow,
        principal=principal,
        innovation_id=innovation_id,
        indicator_no=indicator_no,
        parameter=data.parameter,
        kemanfaatan_basis=data.kemanfaatan_basis,
    )
    return AnswerRead.model_validate(answer)


@router.get("/{innovation_id}/assessment", response_model=AssessmentRead)
def read_assessment(innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> AssessmentRead:
    """Self-assessment: claimed score per indicator and in total, and what is still missing."""
    result = assessment_rules.assessment(uow.session, principal=principal, innovation_id=innovation_id)
    return AssessmentRead.model_validate(result)


@router.post("/{innovation_id}/evidence", response_model=EvidenceRead, status_code=status.HTTP_201_CREATED)
async def upload_evidence(
    innovation_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    runtime: RuntimeDep,
    file: Annotated[UploadFile, File(description="checked by its content against the indicator's kind")],
    indicator_no: Annotated[int, Form(ge=1, le=99)],
    nomor_surat: Annotated[str | None, Form(max_length=100)] = None,
    tanggal_surat: Annotated[date | None, Form()] = None,
    tentang: Annotated[str | None, Form(max_length=500)] = None,
    replaces: Annotated[uuid.UUID | None, Form(description="the item this one replaces (kept)")] = None,
) -> EvidenceRead:
    """Upload one evidence file for an indicator: kind and size of the indicator, hashed, stored in S3."""
    meta = core.EvidenceMeta(
        indicator_no=indicator_no,
        filename=filename_of(file),
        nomor_surat=nomor_surat,
        tanggal_surat=tanggal_surat,
        tentang=tentang,
    )
    return await receive_evidence(uow, principal, runtime, innovation_id, file, meta, replaces)


@router.post(
    "/{innovation_id}/files/{slot}", response_model=EvidenceRead, status_code=status.HTTP_201_CREATED
)
async def upload_profile_file(
    innovation_id: uuid.UUID,
    slot: str,
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    runtime: RuntimeDep,
    file: Annotated[UploadFile, File()],
    replaces: Annotated[uuid.UUID | None, Form()] = None,
) -> EvidenceRead:
    """Upload a profile file: `anggaran` (PDF), `profil_bisnis`, `haki`, `penghargaan` (PDF or image)."""
    meta = core.EvidenceMeta(indicator_no=0, filename=filename_of(file), slot=slot)
    return await receive_evidence(uow, principal, runtime, innovation_id, file, meta, replaces)


@router.post(
    "/{innovation_id}/evidence/link", response_model=EvidenceRead, status_code=status.HTTP_201_CREATED
)
def add_link(
    innovation_id: uuid.UUID, data: LinkCreate, uow: UnitOfWorkDep, principal: CurrentUser
) -> EvidenceRead:
    """Record a link as evidence (for example the video of indicator 20 on a public platform)."""
    meta = core.EvidenceMeta(
        indicator_no=data.indicator_no,
        filename=data.title,
        nomor_surat=data.nomor_surat,
        tanggal_surat=data.tanggal_surat,
        tentang=data.tentang,
    )
    item = evidence_rules.add_link(
        uow, principal=principal, innovation_id=innovation_id, url=data.url, meta=meta, replaces=data.replaces
    )
    return evidence_read(item)


@router.delete("/{innovation_id}/evidence/{evidence_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_evidence(
    innovation_id: uuid.UUID, evidence_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser
) -> None:
    """Take an item out of the draft (it stays in any version it was submitted with)."""
    evidence_rules.remove_evidence(
        uow, principal=principal, innovation_id=innovation_id, evidence_id=evidence_id
    )


@router.get("/{innovation_id}/evidence/{evidence_id}/download", responses=CONFLICT)
def download_evidence(
    innovation_id: uuid.UUID,
    evidence_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    runtime: RuntimeDep,
) -> dict[str, str]:
    """A short-lived presigned URL to the file, for people who may see the innovation (409 while the
    malware scan is pending, or once the file was refused and deleted)."""
    url = evidence_rules.evidence_download_url(
        uow.session,
        store=runtime.store,
        principal=principal,
        innovation_id=innovation_id,
        evidence_id=evidence_id,
    )
    return {"url": url}


@router.post("/{innovation_id}/submit", response_model=InnovationRead)
def submit_innovation(innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> InnovationRead:
    """The next step out of the OPD: the operator sends it to the head, the head sends it to the pemda."""
    return innovation_read(workflow_rules.submit(uow, principal=principal, innovation_id=innovation_id))


@router.post("/{innovation_id}/send-to-head", response_model=InnovationRead)
def send_to_head(innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> InnovationRead:
    """The operator sends a complete dossier to the OPD head (422 lists what is missing)."""
    return innovation_read(workflow_rules.send_to_head(uow, principal=principal, innovation_id=innovation_id))


@router.post("/{innovation_id}/approve", response_model=InnovationRead)
def approve_innovation(
    innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser
) -> InnovationRead:
    """The OPD head approves: the version is frozen and goes to the pemda's review team."""
    return innovation_read(workflow_rules.approve(uow, principal=principal, innovation_id=innovation_id))


@router.post("/{innovation_id}/return", response_model=InnovationRead)
def return_innovation(
    innovation_id: uuid.UUID, data: HeadReturn, uow: UnitOfWorkDep, principal: CurrentUser
) -> InnovationRead:
    """The OPD head returns it to the operator with a note."""
    innovation = workflow_rules.return_to_operator(
        uow, principal=principal, innovation_id=innovation_id, note=data.note
    )
    return innovation_read(innovation)


@router.post("/{innovation_id}/withdraw", response_model=InnovationRead)
def withdraw_innovation(
    innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser
) -> InnovationRead:
    """Take it back before review starts."""
    return innovation_read(workflow_rules.withdraw(uow, principal=principal, innovation_id=innovation_id))


@router.get("/{innovation_id}/versions", response_model=list[VersionRead])
def list_versions(innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentUser) -> list[VersionRead]:
    """The submitted versions."""
    rows = versions_rules.list_versions(uow.session, principal=principal, innovation_id=innovation_id)
    return [VersionRead.model_validate(row) for row in rows]


@router.get("/{innovation_id}/versions/{version}")
def read_version(
    innovation_id: uuid.UUID, version: str, uow: UnitOfWorkDep, principal: CurrentUser
) -> dict[str, Any]:
    """One submitted version as it was frozen (`current` for the working copy)."""
    return versions_rules.get_version(
        uow.session, principal=principal, innovation_id=innovation_id, version=version
    )


@router.get("/{innovation_id}/compare")
def compare_versions(
    innovation_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    base: Annotated[str, Query(alias="from", description="a version number")],
    other: Annotated[str, Query(alias="to", description="a version number or `current`")] = "current",
) -> dict[str, Any]:
    """What changed between two versions: field by field and indicator by indicator."""
    return versions_rules.compare_versions(
        uow.session, principal=principal, innovation_id=innovation_id, base=base, other=other
    )


class DirectUploadCreate(BaseModel):
    indicator_no: int = Field(ge=1, le=99)
    filename: PlainName = Field(min_length=1, max_length=255)
    nomor_surat: str | None = Field(default=None, max_length=100)
    tanggal_surat: date | None = None
    tentang: str | None = Field(default=None, max_length=500)
    replaces: uuid.UUID | None = None


def _direct_meta(data: DirectUploadCreate) -> core.EvidenceMeta:
    """The details of a file about to go straight to S3, as the feature takes them."""
    return core.EvidenceMeta(
        indicator_no=data.indicator_no,
        filename=base_name(data.filename),
        nomor_surat=data.nomor_surat,
        tanggal_surat=data.tanggal_surat,
        tentang=data.tentang,
    )


class DirectUploadRead(BaseModel):
    upload_id: uuid.UUID
    url: str = Field(description="POST the form fields, then the file as `file`, here")
    fields: dict[str, str]
    max_bytes: int
    expires_at: datetime


@router.post(
    "/{innovation_id}/evidence/uploads", response_model=DirectUploadRead, status_code=status.HTTP_201_CREATED
)
def start_direct_upload(
    innovation_id: uuid.UUID,
    data: DirectUploadCreate,
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    runtime: RuntimeDep,
) -> DirectUploadRead:
    """Large files (video): a presigned POST straight to S3, size-capped by its policy; confirm afterwards."""
    upload = direct_upload.start_direct_upload(
        uow,
        store=runtime.store,
        principal=principal,
        innovation_id=innovation_id,
        meta=_direct_meta(data),
        replaces=data.replaces,
    )
    return DirectUploadRead.model_validate(upload, from_attributes=True)


@router.post(
    "/{innovation_id}/evidence/uploads/{upload_id}/confirm",
    response_model=EvidenceRead,
    status_code=status.HTTP_201_CREATED,
)
def confirm_direct_upload(
    innovation_id: uuid.UUID,
    upload_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    runtime: RuntimeDep,
) -> EvidenceRead:
    """Check what arrived in S3 (size, type, SHA-256, video length) and record it as evidence."""
    item = direct_upload.confirm_direct_upload(
        uow, store=runtime.store, principal=principal, innovation_id=innovation_id, upload_id=upload_id
    )
    return evidence_read(item)


class MultipartCreate(DirectUploadCreate):
    size: int = Field(ge=1, description="the file's size in bytes")


class MultipartRead(BaseModel):
    upload_id: uuid.UUID
    part_size: int
    part_count: int
    received: dict[int, int] = Field(description="part number -> bytes S3 already holds")
    part_urls: dict[int, str] = Field(description="a presigned PUT for each part still missing")
    expires_at: datetime


@router.post(
    "/{innovation_id}/evidence/multipart", response_model=MultipartRead, status_code=status.HTTP_201_CREATED
)
def start_multipart_upload(
    innovation_id: uuid.UUID,
    data: MultipartCreate,
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    runtime: RuntimeDep,
) -> MultipartRead:
    """A resumable upload straight to S3: PUT each part to its URL, then complete."""
    state = direct_upload.start_multipart_upload(
        uow,
        store=runtime.store,
        principal=principal,
        innovation_id=innovation_id,
        size=data.size,
        meta=_direct_meta(data),
        replaces=data.replaces,
    )
    return MultipartRead.model_validate(state, from_attributes=True)


@router.get("/{innovation_id}/evidence/multipart/{upload_id}", response_model=MultipartRead)
def read_multipart_upload(
    innovation_id: uuid.UUID,
    upload_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    runtime: RuntimeDep,
) -> MultipartRead:
    """Resume after a dropped connection: the parts S3 holds, and fresh URLs for the missing ones."""
    state = direct_upload.multipart_status(
        uow.session,
        store=runtime.store,
        principal=principal,
        innovation_id=innovation_id,
        upload_id=upload_id,
    )
    return MultipartRead.model_validate(state, from_attributes=True)


@router.post(
    "/{innovation_id}/evidence/multipart/{upload_id}/complete",
    response_model=EvidenceRead,
    status_code=status.HTTP_201_CREATED,
    responses=CONFLICT,
)
def complete_multipart_upload(
    innovation_id: uuid.UUID,
    upload_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    runtime: RuntimeDep,
) -> EvidenceRead:
    """Join the parts and check the file like any upload (409 lists the parts still missing)."""
    item = direct_upload.complete_multipart_upload(
        uow, store=runtime.store, principal=principal, innovation_id=innovation_id, upload_id=upload_id
    )
    return evidence_read(item)
