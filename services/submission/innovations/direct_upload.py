"""Large files straight to S3: a presigned POST or a resumable multipart upload, checked once it arrived."""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from services.submission import repository
from services.submission.innovations.core import EvidenceMeta, for_change
from services.submission.innovations.evidence import add_evidence, evidence_target, replaced_item
from services.submission.models import (
    EvidenceItem,
    PendingUpload,
)
from shared.auth import Principal
from shared.db import utc_now
from shared.errors import AppError, Conflict, NotFound
from shared.messaging.outbox import UnitOfWork
from shared.storage import EvidenceStore, SpooledUpload, UploadTooLarge

DIRECT_UPLOAD_TTL = timedelta(hours=1)


class UploadNotFound(NotFound, code="upload.not_found"): ...


class ObjectMissing(Conflict, code="upload.missing_object"): ...


class PartsMissing(Conflict, code="upload.parts_missing"): ...


@dataclass(frozen=True)
class DirectUpload:
    upload_id: uuid.UUID
    url: str
    fields: dict[str, str]
    max_bytes: int
    expires_at: datetime


def _pending_upload(
    uow: UnitOfWork,
    *,
    principal: Principal,
    innovation_id: uuid.UUID,
    meta: EvidenceMeta,
    replaces: uuid.UUID | None,
    ttl: timedelta,
) -> PendingUpload:
    """The record of a file about to go straight to S3 (not yet added): where, how big at most, until when."""
    innovation = for_change(uow.session, principal, innovation_id, indicator_no=meta.indicator_no)
    target = evidence_target(
        uow.session,
        principal=principal,
        innovation_id=innovation.id,
        indicator_no=meta.indicator_no,
        slot=None,
    )
    replaced_item(innovation, replaces, meta)
    upload_id = uuid.uuid4()
    return PendingUpload(
        id=upload_id,
        innovation_id=innovation.id,
        object_key=f"{innovation.pemda_id}/{innovation.period_id}/{innovation.id}/incoming/{upload_id}",
        max_bytes=target.limit_bytes,
        replaces_id=replaces,
        created_by=principal.user_id,
        expires_at=utc_now() + ttl,
        **meta.columns(),
    )


def start_direct_upload(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    meta: EvidenceMeta,
    replaces: uuid.UUID | None = None,
) -> DirectUpload:
    """A presigned POST the browser sends the file with (size capped by the policy), to confirm after."""
    pending = _pending_upload(
        uow,
        principal=principal,
        innovation_id=innovation_id,
        meta=meta,
        replaces=replaces,
        ttl=DIRECT_UPLOAD_TTL,
    )
    fields = store.presigned_post(pending.object_key, max_bytes=pending.max_bytes, expires=DIRECT_UPLOAD_TTL)
    uow.session.add(pending)
    uow.session.flush()
    return DirectUpload(
        upload_id=pending.id,
        url=store.public_bucket_url,
        fields=fields,
        max_bytes=pending.max_bytes,
        expires_at=pending.expires_at,
    )


def _pending(
    session: Session, principal: Principal, innovation_id: uuid.UUID, upload_id: uuid.UUID
) -> PendingUpload:
    """The caller's own unexpired, unconfirmed upload, else 404."""
    pending = repository.get_pending_upload(session, upload_id)
    if (
        pending is None
        or pending.innovation_id != innovation_id
        or pending.created_by != principal.user_id
        or pending.confirmed_at is not None
        or pending.expires_at <= utc_now()
    ):
        raise UploadNotFound()
    return pending


def confirm_direct_upload(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    upload_id: uuid.UUID,
) -> EvidenceItem:
    """Check what actually arrived (size, type, hash, duration) and record it under its SHA-256."""
    pending = _pending(uow.session, principal, innovation_id, upload_id)
    return _record_arrived(uow, store=store, principal=principal, pending=pending)


def _record_arrived(
    uow: UnitOfWork, *, store: EvidenceStore, principal: Principal, pending: PendingUpload
) -> EvidenceItem:
    """Read the object that arrived in S3, check it like an upload through the API, record it."""
    innovation_id = pending.innovation_id
    arrived = store.stat(pending.object_key)
    if arrived is None:
        raise ObjectMissing()
    spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 - closed below
    try:
        digest, size, head = hashlib.sha256(), 0, b""
        for chunk in store.stream(pending.object_key):
            size += len(chunk)
            if size > pending.max_bytes:
                store.delete(pending.object_key)
                raise UploadTooLarge(limit_mb=pending.max_bytes // (1024 * 1024))
            head += chunk[: max(0, 64 - len(head))]
            digest.update(chunk)
            spool.write(chunk)
        spool.seek(0)
        upload = SpooledUpload(file=spool, size=size, sha256=digest.hexdigest(), head=head)
        try:
            item = add_evidence(
                uow,
                store=store,
                principal=principal,
                innovation_id=innovation_id,
                upload=upload,
                meta=EvidenceMeta.of(pending),
                replaces=pending.replaces_id,
            )
        except AppError:
            store.delete(pending.object_key)  # refused: nothing of it stays
            raise
    finally:
        spool.close()
    pending.confirmed_at = utc_now()
    uow.session.flush()
    store.delete(pending.object_key)  # the content-addressed copy is the one kept
    return item


PART_SIZE = 5 * 1024 * 1024  # the S3 minimum for every part but the last


PART_URL_TTL = timedelta(hours=1)


@dataclass(frozen=True)
class MultipartUpload:
    upload_id: uuid.UUID
    part_size: int
    part_count: int
    received: dict[int, int]  # part number -> size already in S3
    part_urls: dict[int, str]  # presigned PUT for every part still missing
    expires_at: datetime


def start_multipart_upload(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    meta: EvidenceMeta,
    size: int,
    replaces: uuid.UUID | None = None,
) -> MultipartUpload:
    """A resumable upload straight to S3 in 5 MiB parts, each with its own presigned PUT."""
    pending = _pending_upload(
        uow,
        principal=principal,
        innovation_id=innovation_id,
        meta=meta,
        replaces=replaces,
        ttl=timedelta(days=1),
    )
    if size > pending.max_bytes:
        raise UploadTooLarge(limit_mb=pending.max_bytes // (1024 * 1024))
    pending.s3_upload_id = store.create_multipart(pending.object_key)
    pending.part_size, pending.declared_size = PART_SIZE, size
    uow.session.add(pending)
    uow.session.flush()
    return _multipart_state(store, pending)


def _multipart_state(store: EvidenceStore, pending: PendingUpload) -> MultipartUpload:
    assert pending.s3_upload_id is not None
    assert pending.part_size is not None
    assert pending.declared_size is not None
    count = max(1, -(-pending.declared_size // pending.part_size))
    received = {
        number: size
        for number, (size, _etag) in store.multipart_parts(pending.object_key, pending.s3_upload_id).items()
    }
    urls = {
        number: store.presigned_part_put(
            pending.object_key, pending.s3_upload_id, number, expires=PART_URL_TTL
        )
        for number in range(1, count + 1)
        if number not in received
    }
    return MultipartUpload(
        upload_id=pending.id,
        part_size=pending.part_size,
        part_count=count,
        received=received,
        part_urls=urls,
        expires_at=pending.expires_at,
    )


def multipart_status(
    session: Session,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    upload_id: uuid.UUID,
) -> MultipartUpload:
    """After a dropped connection: which parts S3 already has, and fresh URLs for the rest."""
    pending = _pending(session, principal, innovation_id, upload_id)
    if pending.s3_upload_id is None:
        raise UploadNotFound()
    return _multipart_state(store, pending)


def complete_multipart_upload(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    upload_id: uuid.UUID,
) -> EvidenceItem:
    """Join the parts S3 holds (their ETags from S3, not from the client) and record the file."""
    pending = _pending(uow.session, principal, innovation_id, upload_id)
    if pending.s3_upload_id is None:
        raise UploadNotFound()
    state = _multipart_state(store, pending)
    if state.part_urls:
        raise PartsMissing(missing=", ".join(str(n) for n in sorted(state.part_urls)))
    store.complete_multipart(pending.object_key, pending.s3_upload_id)
    return _record_arrived(uow, store=store, principal=principal, pending=pending)
