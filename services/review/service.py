"""Rules of the review service. Functions flush; the request or task commits."""

from __future__ import annotations

import logging
import unicodedata
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from services.review import repository
from services.review.models import CaseStatus, Decision, ReviewCase
from shared.auth import Principal, Role
from shared.contracts.review import EvidenceRef, OpenReviewCase
from shared.contracts.submission import ApplyReviewResult
from shared.db import utc_now
from shared.errors import AppError, Conflict, NotFound
from shared.i18n import register, translate
from shared.messaging.outbox import UnitOfWork
from shared.storage import EvidenceStore

log = logging.getLogger(__name__)

register(
    {
        "review.case_not_found": {
            "id": "Kasus review tidak ditemukan.",
            "en": "Review case not found.",
        },
        "review.evidence_not_found": {
            "id": "Data dukung tidak ditemukan pada kasus review ini.",
            "en": "This evidence file is not part of the review case.",
        },
        "review.case_already_decided": {
            "id": "Kasus review ini sudah diputuskan ({decision}). Keputusan tidak dapat diubah lagi.",
            "en": "This review case has already been decided ({decision}). The decision cannot be changed.",
        },
        "review.note_required": {
            "id": "Catatan wajib diisi untuk keputusan '{decision}': tuliskan apa yang harus diperbaiki "
            "atau alasan penolakannya.",
            "en": "A note is required for the decision '{decision}': say what must be fixed "
            "or why it is rejected.",
        },
        "review.decision.accepted": {"id": "diterima", "en": "accepted"},
        "review.decision.revision_requested": {"id": "perlu perbaikan", "en": "revision requested"},
        "review.decision.rejected": {"id": "ditolak", "en": "rejected"},
    }
)


class CaseAlreadyDecided(Conflict):
    code = "review.case_already_decided"


class NoteRequired(AppError):
    status_code = 422
    code = "review.note_required"


def _decision_label(decision: Decision) -> str:
    return translate(f"review.decision.{decision.value}")


# ---- opening cases (from submission's message) ----


def snapshot_of(message: OpenReviewCase) -> dict[str, object]:
    """What the case keeps of the message: the profile and the evidence list (keys and hashes)."""
    return message.model_dump(mode="json", include={"snapshot", "evidence"})


def open_case(uow: UnitOfWork, *, message: OpenReviewCase) -> ReviewCase:
    """Open the review case for a submitted version (no-op if it is already open)."""
    if not uow.claim(message):
        log.info("review.open_case.duplicate", extra={"message_id": str(message.message_id)})
    elif not repository.add_case_if_absent(
        uow.session,
        innovation_id=message.innovation_id,
        version=message.version,
        pemda_id=message.pemda_id,
        opd_id=message.opd_id,
        period_id=message.period_id,
        submitted_at=message.submitted_at,
        snapshot=snapshot_of(message),
    ):
        log.info(
            "review.open_case.already_open",
            extra={"innovation_id": str(message.innovation_id), "version": message.version},
        )
    else:
        log.info(
            "review.open_case.opened",
            extra={"innovation_id": str(message.innovation_id), "version": message.version},
        )
    case = repository.get_case_of_version(
        uow.session, innovation_id=message.innovation_id, version=message.version
    )
    assert case is not None  # inserted above, or committed by whoever inserted it first
    return case


# ---- reading cases (reviewers of the case's pemda) ----


def _visible(case: ReviewCase | None, principal: Principal) -> ReviewCase:
    """The case if the caller reviews for its pemda (superadmin: any), else 404 (no hint it exists)."""
    if case is None or (principal.role is not Role.superadmin and case.pemda_id != principal.pemda_id):
        raise NotFound("review.case_not_found")
    return case


def get_case(session: Session, *, principal: Principal, case_id: uuid.UUID) -> ReviewCase:
    return _visible(repository.get_case(session, case_id), principal)


def list_cases(
    session: Session, *, principal: Principal, status: CaseStatus | None, limit: int, offset: int
) -> list[ReviewCase]:
    """The cases of the caller's pemda, newest submission first."""
    if principal.role is Role.superadmin:
        pemda_id = None
    elif principal.pemda_id is None:
        return []
    else:
        pemda_id = principal.pemda_id
    return repository.list_cases(session, pemda_id=pemda_id, status=status, limit=limit, offset=offset)


def evidence_of(case: ReviewCase, evidence_id: uuid.UUID) -> EvidenceRef:
    """One evidence file of the case's snapshot, else 404."""
    for item in case.snapshot.get("evidence", []):
        ref = EvidenceRef.model_validate(item)
        if ref.evidence_id == evidence_id:
            return ref
    raise NotFound("review.evidence_not_found")


@dataclass(frozen=True)
class EvidenceLink:
    url: str
    expires_in: int
    sha256: str
    filename: str


def header_safe_filename(filename: str) -> str:
    """The filename as plain ASCII without quotes: it goes into a Content-Disposition header
    that the S3 server writes back verbatim, where a quote or non-Latin-1 byte breaks the header."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    cleaned = "".join("_" if ch in '"\\;' or not ch.isprintable() else ch for ch in ascii_name).strip()
    return cleaned or "berkas"


def evidence_link(
    session: Session,
    *,
    store: EvidenceStore,
    principal: Principal,
    case_id: uuid.UUID,
    evidence_id: uuid.UUID,
) -> EvidenceLink:
    """A short-lived download URL for one evidence file of a case the caller may see."""
    ref = evidence_of(get_case(session, principal=principal, case_id=case_id), evidence_id)
    url = store.presigned_get(ref.object_key, filename=header_safe_filename(ref.filename))
    return EvidenceLink(
        url=url, expires_in=store.settings.presign_seconds, sha256=ref.sha256, filename=ref.filename
    )


# ---- deciding ----


def decide(
    uow: UnitOfWork, *, principal: Principal, case_id: uuid.UUID, decision: Decision, note: str
) -> ReviewCase:
    """Record the decision once and tell submission through the outbox (same transaction)."""
    case = _visible(repository.get_case(uow.session, case_id, for_update=True), principal)
    if case.status is CaseStatus.decided:
        assert case.decision is not None
        raise CaseAlreadyDecided(decision=_decision_label(case.decision))
    note = note.strip()
    if decision is not Decision.accepted and not note:
        raise NoteRequired(decision=_decision_label(decision))
    case.status = CaseStatus.decided
    case.decision = decision
    case.decision_note = note or None
    case.decided_by = principal.user_id
    case.decided_at = utc_now()
    uow.session.flush()
    uow.publish(
        ApplyReviewResult(
            case_id=case.id,
            innovation_id=case.innovation_id,
            version=case.version,
            decision=decision.value,
            note=note,
            decided_at=case.decided_at,
        )
    )
    log.info("review.decide.decided", extra={"case_id": str(case.id), "decision": decision.value})
    return case
