"""Evidence arriving over HTTP (the API's and the pages' uploads): streamed to a spool with a size limit,
then handed to the service, which checks its kind, hashes it and stores it in S3."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

from fastapi import UploadFile
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool

from services.submission.deps import CurrentUser, RuntimeDep, UnitOfWorkDep
from services.submission.innovations import core
from services.submission.innovations import evidence as evidence_rules
from services.submission.models import EvidenceItem
from services.submission.schemas import EvidenceRead
from shared.i18n import translate
from shared.schemas import has_bidi_control
from shared.storage import CHUNK, spool_upload


async def chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    """The upload, piece by piece, never all of it in memory."""
    while chunk := await upload.read(CHUNK):
        yield chunk


async def receive_evidence(
    uow: UnitOfWorkDep,
    principal: CurrentUser,
    runtime: RuntimeDep,
    innovation_id: uuid.UUID,
    file: UploadFile,
    meta: core.EvidenceMeta,
    replaces: uuid.UUID | None,
) -> EvidenceRead:
    """Spool the file within the indicator's (and the service's) size limit, then add it as evidence."""
    target = await run_in_threadpool(
        evidence_rules.evidence_target,
        uow.session,
        principal=principal,
        innovation_id=innovation_id,
        indicator_no=meta.indicator_no,
        slot=meta.slot,
    )
    limit = min(runtime.settings.max_upload_mb * 1024 * 1024, target.limit_bytes)
    upload = await spool_upload(chunks(file), limit_bytes=limit)
    try:
        item = await run_in_threadpool(
            evidence_rules.add_evidence,
            uow,
            store=runtime.store,
            principal=principal,
            innovation_id=innovation_id,
            upload=upload,
            meta=meta,
            replaces=replaces,
        )
    finally:
        upload.file.close()
    return evidence_read(item)


def evidence_read(item: EvidenceItem) -> EvidenceRead:
    """An evidence item as the API shows it, with what the OPD is told while it is checked or if refused."""
    read = EvidenceRead.model_validate(item)
    return read.model_copy(update={"notice": evidence_rules.scan_notice(item)})


def base_name(name: str, *, field: str = "filename") -> str:
    """A file's own name, without any folder (Windows or not) the browser or the client sent with it;
    a name that climbs out of a folder (`..`) is a 422: no honest client sends one."""
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        _refuse_name("error.path_in_file_name", field)
    return parts[-1]


def filename_of(file: UploadFile, *, field: str = "file") -> str:
    """The uploaded file's own name, at most 255 characters (a 422 if it holds a bidi override)."""
    name = base_name(file.filename or "berkas", field=field)[:255]
    if has_bidi_control(name):
        _refuse_name("error.bidi_character", field)
    return name


def _refuse_name(code: str, field: str) -> None:
    raise RequestValidationError([{"type": code, "loc": ("body", field), "msg": translate(code)}])
