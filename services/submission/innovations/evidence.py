"""Evidence of an innovation: files stored in S3 under their SHA-256, links, replacements and removals."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.submission import audit, repository
from services.submission.innovations.core import (
    EvidenceMeta,
    audit_innovation,
    catalogue_for,
    for_change,
    get_innovation,
    indicator_of,
)
from services.submission.innovations.files import REFUSED_PDF_FLAGS, check_evidence_file, pdf_flags
from services.submission.messages import InspectEvidence
from services.submission.models import (
    EvidenceItem,
    Innovation,
    ScanStatus,
)
from shared import filetypes
from shared.auth import Principal
from shared.contracts.catalogue import EvidenceKind
from shared.db import utc_now
from shared.errors import Conflict, InvalidInput, NotFound
from shared.i18n import translate
from shared.malware import Scanner
from shared.messaging.outbox import UnitOfWork
from shared.storage import EvidenceStore, SpooledUpload, StorageUnavailable, UploadTooLarge, sha256_of

FILE_SLOTS: dict[str, EvidenceKind] = {
    "anggaran": "pdf",
    "profil_bisnis": "pdf_or_image",
    "haki": "pdf_or_image",
    "penghargaan": "pdf_or_image",
}


SLOT_MAX_MB = 10


class UnknownSlot(InvalidInput, code="evidence.bad_slot"): ...


class BadIndicatorNumber(InvalidInput, code="evidence.bad_indicator"): ...


class BadLink(InvalidInput, code="evidence.bad_link"): ...


class StillScanning(Conflict, code="evidence.scan_pending"): ...


class EvidenceRefused(Conflict):
    """A file refused after it was stored (its object is deleted): why, in the OPD's words."""


class MalwareFound(EvidenceRefused, code="evidence.infected"): ...


class ActivePdf(EvidenceRefused, code="evidence.pdf_active"): ...


class UnreadablePdf(EvidenceRefused, code="evidence.pdf_unparseable"): ...


def refusal_of(item: EvidenceItem) -> EvidenceRefused | None:
    """Why the file was refused (the error its re-upload or download gets), or None if it was not."""
    detail = item.scan_detail or ""
    if item.scan_status is ScanStatus.infected:
        return MalwareFound(filename=item.filename, signature=detail)
    if item.scan_status is ScanStatus.refused:
        if detail == "pdf_unparseable":
            return UnreadablePdf(filename=item.filename)
        return ActivePdf(filename=item.filename, what=translate(f"evidence.flag.{detail}"))
    return None


def refusal_message(item: EvidenceItem) -> str | None:
    """The sentence the OPD reads about a refused file, in the current language."""
    error = refusal_of(item)
    return error.message() if error is not None else None


def scan_notice(item: EvidenceItem) -> str | None:
    """What the OPD is told about a file that is not (yet) usable: still being checked, or refused."""
    if item.scan_status is ScanStatus.pending:
        return StillScanning(filename=item.filename).message()
    return refusal_message(item)


@dataclass(frozen=True)
class EvidenceTarget:
    kind: EvidenceKind
    limit_bytes: int


def evidence_target(
    session: Session, *, principal: Principal, innovation_id: uuid.UUID, indicator_no: int, slot: str | None
) -> EvidenceTarget:
    """What an upload to this indicator (or profile slot) may be: its kind and size limit."""
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    if slot is not None:
        if slot not in FILE_SLOTS:
            raise UnknownSlot(slot=slot, choices=", ".join(FILE_SLOTS))
        return EvidenceTarget(kind=FILE_SLOTS[slot], limit_bytes=SLOT_MAX_MB * 1024 * 1024)
    definition = indicator_of(catalogue_for(session, innovation), indicator_no)
    return EvidenceTarget(kind=definition.evidence_kind, limit_bytes=definition.max_size_mb * 1024 * 1024)


def evidence_key(innovation: Innovation, indicator_no: int, sha256: str) -> str:
    """Content-addressed and immutable: `{pemda}/{period}/{innovation}/{indicator}/{sha256}`."""
    return f"{innovation.pemda_id}/{innovation.period_id}/{innovation.id}/{indicator_no:02d}/{sha256}"


def _duplicate_flag(session: Session, innovation: Innovation, sha256: str) -> list[str]:
    others = repository.evidence_with_sha_elsewhere(
        session, pemda_id=innovation.pemda_id, sha256=sha256, exclude_innovation=innovation.id
    )
    return ["duplicate_in_pemda"] if others else []


def _revive_or_none(
    uow: UnitOfWork, innovation: Innovation, meta: EvidenceMeta, sha256: str
) -> EvidenceItem | None:
    """The same file again on the same indicator: its one record (back in place if it was removed)."""
    existing = repository.find_evidence(
        uow.session, innovation_id=innovation.id, indicator_no=meta.indicator_no, sha256=sha256
    )
    if existing is None:
        return None
    refused = refusal_of(existing)
    if refused is not None:  # the very file that was refused: refused again, at once
        raise refused
    if existing.removed_at is not None or existing.replaced_by_id is not None:
        existing.removed_at, existing.replaced_by_id = None, None
        uow.session.flush()
    return existing


def add_evidence(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    upload: SpooledUpload,
    meta: EvidenceMeta,
    replaces: uuid.UUID | None = None,
) -> EvidenceItem:
    """Store the file in S3 first, then record it; a file already there is returned as is."""
    if meta.slot is None and meta.indicator_no < 1:
        raise BadIndicatorNumber()
    innovation = for_change(
        uow.session, principal, innovation_id, indicator_no=None if meta.slot else meta.indicator_no
    )
    target = evidence_target(
        uow.session,
        principal=principal,
        innovation_id=innovation.id,
        indicator_no=meta.indicator_no,
        slot=meta.slot,
    )
    if upload.size > target.limit_bytes:
        raise UploadTooLarge(limit_mb=target.limit_bytes // (1024 * 1024))
    media_type = check_evidence_file(upload, meta=meta, kind=target.kind)
    old = replaced_item(innovation, replaces, meta)
    existing = _revive_or_none(uow, innovation, meta, upload.sha256)
    if existing is not None:  # the same file again (a double click, a retry): one record
        if old is not None and old.id != existing.id:
            old.replaced_by_id = existing.id
            uow.session.flush()
        return existing
    flags = _duplicate_flag(uow.session, innovation, upload.sha256)
    key = evidence_key(innovation, meta.indicator_no, upload.sha256)
    try:
        stored = store.put(
            key, upload.file, length=upload.size, content_type=media_type, sha256=upload.sha256
        )
    except StorageUnavailable:
        # S3 may have stored the object and answered too late: the person is told it was not saved,
        # so it must not stay (if this delete fails too, the orphan sweeper removes it later).
        store.discard(key)
        raise
    try:
        item = _record_evidence(
            uow,
            innovation,
            meta,
            principal,
            object_key=key,
            sha256=upload.sha256,
            size=stored.size,
            content_type=media_type,
            flags=flags,
            old=old,
        )
    except IntegrityError:
        # A concurrent upload of the same file recorded this very key first: the object is theirs.
        raise
    except Exception:
        store.discard(key)  # no row will point to it
        raise
    uow.publish(InspectEvidence(evidence_id=item.id))  # pending until the worker scanned it
    return item


def inspect_evidence(
    uow: UnitOfWork, *, store: EvidenceStore, scanner: Scanner | None, message: InspectEvidence
) -> EvidenceItem | None:
    """In the worker: scan a stored file for malware and parse a PDF; refuse (and delete) what is
    infected, scripted, launching or unreadable, else mark it clean with the PDF's flags for reviewers.

    A scanner that does not answer raises `ScannerUnavailable` (transient): the file stays pending and
    the task is retried; nothing of this attempt is kept, the inbox claim included.
    """
    if not uow.claim(message):
        return None
    item = repository.get_evidence(uow.session, message.evidence_id)
    if item is None:
        raise LookupError(f"evidence {message.evidence_id} not found")
    return scan_item(uow, store=store, scanner=scanner, item=item)


def scan_item(
    uow: UnitOfWork, *, store: EvidenceStore, scanner: Scanner | None, item: EvidenceItem
) -> EvidenceItem:
    """Scan one stored file now (the worker's task, or the demo seed that must submit at once)."""
    if item.scan_status is not ScanStatus.pending:  # a sweep's repeat of a file already scanned
        return item
    if scanner is not None:
        result = scanner.scan(store.stream(item.object_key))
        if result.infected:
            return _refuse(uow, store=store, item=item, status=ScanStatus.infected, detail=result.signature)
    found = pdf_flags(store.get(item.object_key)) if item.content_type == filetypes.PDF else set()
    refusing = sorted(found & REFUSED_PDF_FLAGS)
    if refusing:
        return _refuse(uow, store=store, item=item, status=ScanStatus.refused, detail=refusing[0])
    item.scan_status, item.scanned_at = ScanStatus.clean, utc_now()
    flags = sorted(set(item.flags or []) | found)
    if flags != sorted(item.flags or []):
        innovation = repository.get_innovation(uow.session, item.innovation_id)
        audit.record(
            uow.session,
            actor=None,
            pemda_id=innovation.pemda_id if innovation else None,
            entity="evidence_item",
            entity_id=item.id,
            action="inspect",
            before={"flags": list(item.flags or [])},
            after={"flags": flags},
        )
        item.flags = flags
    uow.session.flush()
    return item


def _refuse(
    uow: UnitOfWork, *, store: EvidenceStore, item: EvidenceItem, status: ScanStatus, detail: str | None
) -> EvidenceItem:
    """Delete the object, take the item out of the dossier (the file it replaced comes back), audit it."""
    store.delete(item.object_key)
    now = utc_now()
    item.scan_status, item.scan_detail, item.scanned_at = status, (detail or "")[:200], now
    if item.removed_at is None:
        item.removed_at = now
    innovation = repository.get_innovation(uow.session, item.innovation_id)
    if innovation is not None:
        for other in innovation.evidence:
            if other.replaced_by_id == item.id:
                other.replaced_by_id = None
    audit.record(
        uow.session,
        actor=None,
        pemda_id=innovation.pemda_id if innovation else None,
        entity="evidence_item",
        entity_id=item.id,
        action="evidence.refuse",
        before={"scan_status": ScanStatus.pending.value},
        after={
            "scan_status": status.value,
            "detail": item.scan_detail,
            "filename": item.filename,
            "sha256": item.sha256,
            "object_deleted": True,
        },
    )
    uow.session.flush()
    return item


SCAN_SWEEP_AFTER = timedelta(minutes=5)
SCAN_SWEEP_BATCH = 500


def requeue_pending_scans(uow: UnitOfWork, *, older_than: timedelta = SCAN_SWEEP_AFTER) -> int:
    """Queue another scan of every file still pending after `older_than` (the scanner was away)."""
    items = repository.evidence_pending_scan(
        uow.session, created_before=utc_now() - older_than, limit=SCAN_SWEEP_BATCH
    )
    for item in items:
        uow.publish(InspectEvidence(evidence_id=item.id))
    return len(items)


def replaced_item(
    innovation: Innovation, replaces: uuid.UUID | None, meta: EvidenceMeta
) -> EvidenceItem | None:
    if replaces is None:
        return None
    old = next((e for e in innovation.current_evidence if e.id == replaces), None)
    if old is None or old.indicator_no != meta.indicator_no or old.slot != meta.slot:
        raise NotFound()
    return old


def _record_evidence(
    uow: UnitOfWork,
    innovation: Innovation,
    meta: EvidenceMeta,
    principal: Principal,
    *,
    object_key: str,
    sha256: str,
    size: int,
    content_type: str,
    flags: list[str],
    old: EvidenceItem | None,
    link_url: str | None = None,
) -> EvidenceItem:
    item = EvidenceItem(
        innovation_id=innovation.id,
        slot=meta.slot,
        link_url=link_url,
        flags=flags,
        scan_status=ScanStatus.clean if link_url else ScanStatus.pending,
        object_key=object_key,
        sha256=sha256,
        size=size,
        content_type=content_type,
        uploaded_by=principal.user_id,
        **meta.columns(),
    )
    innovation.evidence.append(item)
    uow.session.flush()
    if old is not None:
        old.replaced_by_id = item.id
        uow.session.flush()
    audit_innovation(
        uow,
        principal,
        innovation,
        "evidence.replace" if old else "evidence.add",
        before={"evidence_id": old.id, "sha256": old.sha256} if old else None,
        after={
            "evidence_id": item.id,
            "indicator_no": item.indicator_no,
            "sha256": sha256,
            "link_url": link_url,
        },
    )
    return item


def add_link(
    uow: UnitOfWork,
    *,
    principal: Principal,
    innovation_id: uuid.UUID,
    url: str,
    meta: EvidenceMeta,
    replaces: uuid.UUID | None = None,
) -> EvidenceItem:
    """Record a link as evidence (a video on a public platform, a document online)."""
    if not url.startswith(("https://", "http://")):
        raise BadLink()
    innovation = for_change(uow.session, principal, innovation_id, indicator_no=meta.indicator_no)
    indicator_of(catalogue_for(uow.session, innovation), meta.indicator_no)
    digest = sha256_of(url.encode())
    old = replaced_item(innovation, replaces, meta)
    existing = _revive_or_none(uow, innovation, meta, digest)
    if existing is not None:
        return existing
    return _record_evidence(
        uow,
        innovation,
        meta,
        principal,
        object_key="",
        sha256=digest,
        size=0,
        content_type="text/uri-list",
        flags=[],
        old=old,
        link_url=url,
    )


def remove_evidence(
    uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID, evidence_id: uuid.UUID
) -> None:
    """Take an item out of the current dossier (it stays in any version it was submitted with)."""
    item = repository.get_evidence(uow.session, evidence_id)
    if item is None or item.innovation_id != innovation_id:
        raise NotFound()
    innovation = for_change(
        uow.session, principal, innovation_id, indicator_no=None if item.slot else item.indicator_no
    )
    if item.removed_at is None and item.replaced_by_id is None:
        item.removed_at = utc_now()
        uow.session.flush()
        audit_innovation(
            uow,
            principal,
            innovation,
            "evidence.remove",
            before={"evidence_id": item.id, "sha256": item.sha256},
        )


def evidence_download_url(
    session: Session,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    evidence_id: uuid.UUID,
) -> str:
    """A short-lived URL to the file (or the link itself), for people who may see the innovation."""
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    item = repository.get_evidence(session, evidence_id)
    if item is None or item.innovation_id != innovation.id:
        raise NotFound()
    if item.link_url:
        return item.link_url
    refused = refusal_of(item)
    if refused is not None:
        raise refused
    if item.scan_status is not ScanStatus.clean:
        raise StillScanning(filename=item.filename)
    return store.presigned_get(item.object_key, filename=item.filename)
