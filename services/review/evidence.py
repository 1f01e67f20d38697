"""Evidence files of a case: short-lived links with their SHA-256 re-checked, and an indicator's files."""

from __future__ import annotations

import hashlib
import logging
import unicodedata
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from services.review.case_review import get_case
from services.review.models import ReviewCase
from shared.auth import Principal
from shared.contracts.review import EvidenceRef
from shared.errors import AppError, NotFound
from shared.i18n import translate
from shared.storage import CHUNK, EvidenceStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EvidenceLink:
    url: str
    expires_in: int
    sha256: str
    filename: str
    integrity: str  # ok / mismatch / missing / link
    actual_sha256: str | None
    warning: str | None


def header_safe_filename(filename: str) -> str:
    """The filename as plain ASCII without quotes: it goes into a Content-Disposition header
    that the S3 server writes back verbatim, where a quote or non-Latin-1 byte breaks the header."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    cleaned = "".join("_" if ch in '"\\;' or not ch.isprintable() else ch for ch in ascii_name).strip()
    return cleaned or "berkas"


def evidence_of(case: ReviewCase, evidence_id: uuid.UUID) -> EvidenceRef:
    """One evidence file of the case's snapshot, else 404."""
    for item in case.snapshot.get("evidence", []):
        ref = EvidenceRef.model_validate(item)
        if ref.evidence_id == evidence_id:
            return ref
    raise NotFound("review.evidence_not_found")


def stored_sha256(store: EvidenceStore, key: str) -> str | None:
    """SHA-256 of the stored object's bytes, streamed; None if there is no such object."""
    if store.stat(key) is None:
        return None
    digest = hashlib.sha256()
    for chunk in store.stream(key, chunk_size=CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def evidence_link(
    session: Session,
    *,
    store: EvidenceStore,
    principal: Principal,
    case_id: uuid.UUID,
    evidence_id: uuid.UUID,
) -> EvidenceLink:
    """A short-lived download URL for one evidence file, with its SHA-256 re-checked against the snapshot."""
    case = get_case(session, principal=principal, case_id=case_id)
    ref = evidence_of(case, evidence_id)
    if not ref.object_key and ref.link_url:  # a video link: nothing stored to re-hash
        return EvidenceLink(
            url=ref.link_url,
            expires_in=0,
            sha256="",
            filename=ref.filename,
            integrity="link",
            actual_sha256=None,
            warning=None,
        )
    actual = stored_sha256(store, ref.object_key) if ref.object_key else None
    integrity = "missing" if actual is None else ("ok" if actual == ref.sha256 else "mismatch")
    if integrity != "ok":
        log.warning(
            "review.evidence.integrity_failed",
            extra={"case_id": str(case.id), "evidence_id": str(evidence_id), "integrity": integrity},
        )
    url = store.presigned_get(ref.object_key, filename=header_safe_filename(ref.filename))
    return EvidenceLink(
        url=url,
        expires_in=store.settings.presign_seconds,
        sha256=ref.sha256,
        filename=ref.filename,
        integrity=integrity,
        actual_sha256=actual,
        warning=None if integrity == "ok" else translate(f"review.integrity.{integrity}"),
    )


@dataclass(frozen=True)
class EvidenceView:
    """One evidence file or link of an indicator, ready to show: where to open it and what to watch for."""

    evidence_id: uuid.UUID
    filename: str
    kind: str  # pdf / image / video / link / file
    url: str | None  # a short-lived presigned URL, or the OPD's http(s) link; None if unusable
    content_type: str
    size: int
    flags: tuple[str, ...]
    integrity: str  # ok / mismatch / missing / link / unchecked (too big to re-hash on a page) / unavailable
    warning: str | None
    nomor_surat: str | None
    tanggal_surat: str | None
    tentang: str | None


# Files up to this size are re-hashed when their indicator's page is shown; bigger ones (videos) are not.
PAGE_HASH_LIMIT = 25 * 1024 * 1024


def _kind_of(ref: EvidenceRef) -> str:
    if not ref.object_key:
        return "link"
    if ref.content_type == "application/pdf":
        return "pdf"
    if ref.content_type.startswith("image/"):
        return "image"
    if ref.content_type.startswith("video/"):
        return "video"
    return "file"


def indicator_evidence(
    session: Session, *, store: EvidenceStore, principal: Principal, case_id: uuid.UUID, indicator_no: int
) -> list[EvidenceView]:
    """The evidence of one indicator of the case's current version, each with a short-lived URL; files
    small enough are re-hashed against the submitted SHA-256 (storage down: shown as unavailable)."""
    case = get_case(session, principal=principal, case_id=case_id)
    views = []
    for item in case.snapshot.get("evidence", []):
        ref = EvidenceRef.model_validate(item)
        if ref.indicator_no != indicator_no:
            continue
        kind = _kind_of(ref)
        url: str | None = None
        integrity, warning = "link", None
        if kind == "link":
            link = (ref.link_url or "").strip()
            url = link if link.lower().startswith(("https://", "http://")) else None
        else:
            url = store.presigned_get(ref.object_key, filename=header_safe_filename(ref.filename))
            integrity = "unchecked"
            if ref.size <= PAGE_HASH_LIMIT:
                try:
                    actual = stored_sha256(store, ref.object_key)
                except AppError as exc:  # the storage did not answer (503): the page still shows
                    if exc.status_code != 503:
                        raise
                    integrity = "unavailable"
                else:
                    integrity = (
                        "missing" if actual is None else ("ok" if actual == ref.sha256 else "mismatch")
                    )
                if integrity in ("missing", "mismatch"):
                    warning = translate(f"review.integrity.{integrity}")
                    log.warning(
                        "review.evidence.integrity_failed",
                        extra={"case_id": str(case.id), "evidence_id": str(ref.evidence_id)},
                    )
        views.append(
            EvidenceView(
                evidence_id=ref.evidence_id,
                filename=ref.filename or (ref.link_url or ""),
                kind=kind,
                url=url,
                content_type=ref.content_type,
                size=ref.size,
                flags=ref.flags,
                integrity=integrity,
                warning=warning,
                nomor_surat=ref.nomor_surat,
                tanggal_surat=ref.tanggal_surat.isoformat() if ref.tanggal_surat else None,
                tentang=ref.tentang,
            )
        )
    return views
