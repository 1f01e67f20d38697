"""The way out of the OPD and back: operator -> OPD head -> review, review's decisions, notifications."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from services.submission import audit, periods, principals, repository
from services.submission.innovations.assessment import assess
from services.submission.innovations.core import (
    EDITABLE,
    OPD_ROLES,
    audit_innovation,
    catalogue_for,
    ensure_deadline,
    innovation_period,
    pemda_of,
    snapshot_of,
    visible,
)
from services.submission.models import (
    Innovation,
    InnovationStatus,
    InnovationVersion,
    ScanStatus,
)
from shared.auth import Principal, Role
from shared.contracts.catalogue import Catalogue
from shared.contracts.notification import Notify, Recipient
from shared.contracts.review import (
    PROFILE_FIELDS,
    CaseFlag,
    EvidenceRef,
    InnovationSnapshot,
    OpenReviewCase,
    WithdrawReviewCase,
)
from shared.contracts.review import IndicatorAnswer as ContractAnswer
from shared.contracts.submission import ApplyReviewResult, MarkInReview
from shared.db import utc_now
from shared.errors import Conflict, Forbidden, InvalidInput
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)


class NotSubmittable(Conflict, code="innovation.not_submittable"): ...


class Incomplete(InvalidInput, code="innovation.incomplete"): ...


class NoHead(Conflict, code="innovation.no_head"): ...


class EvidenceBeingScanned(Conflict, code="innovation.evidence_pending"): ...


class NotAwaitingHead(Conflict, code="innovation.not_awaiting_head"): ...


class NotWithdrawable(Conflict, code="innovation.not_withdrawable"): ...


def _recipients(session: Session, innovation: Innovation, roles: tuple[Role, ...]) -> tuple[Recipient, ...]:
    pemda = pemda_of(session, innovation)
    users = repository.list_opd_users(session, opd_id=innovation.opd_id, roles=roles)
    return tuple(principals.recipient_of(user, pemda) for user in users)


BEFORE_SUBMISSION = ("innovation.sent_to_head", "innovation.returned_by_head")


def _notify(
    uow: UnitOfWork,
    innovation: Innovation,
    event: str,
    *,
    roles: tuple[Role, ...],
    extra: dict[str, Any] | None = None,
) -> None:
    """Tell the innovation's OPD people (with their contacts: notification keeps what it is sent)."""
    pemda = pemda_of(uow.session, innovation)
    recipients = _recipients(uow.session, innovation, roles)
    if not recipients:
        log.warning("submission.notify.no_recipients", extra={"innovation_id": str(innovation.id)})
        return
    opd = repository.get_opd(uow.session, innovation.opd_id)
    uow.publish(
        Notify(
            event_type=event,
            recipients=recipients,
            data={
                "innovation_id": str(innovation.id),
                "nama": innovation.nama,
                "opd": opd.name if opd else "",
                # Before it reaches the pemda the head approves the version about to be sent (1 for a
                # first submission, not the 0 of a draft never sent).
                "version": innovation.version + 1 if event in BEFORE_SUBMISSION else innovation.version,
                "pemda": pemda.name,
                "note": innovation.review_note or "",
                "at": (innovation.decided_at or innovation.submitted_at or utc_now()).isoformat(),
                **(extra or {}),
            },
        )
    )


def _audit_status(
    uow: UnitOfWork,
    principal: Principal | None,
    innovation: Innovation,
    before: str,
    action: str,
    note: str | None = None,
) -> None:
    audit_innovation(
        uow,
        principal,
        innovation,
        action,
        before={"status": before},
        after={
            "status": innovation.status.value,
            "version": innovation.version,
            **({"note": note} if note else {}),
        },
    )


def _ensure_sendable(session: Session, innovation: Innovation) -> None:
    """Refuse to send a dossier after its deadline, or one that is not complete (listing what is missing)."""
    ensure_deadline(session, innovation)
    # Review gets only dossiers whose every file the scanner has passed.
    pending = [e.filename for e in innovation.current_evidence if e.scan_status is not ScanStatus.clean]
    if pending:
        raise EvidenceBeingScanned(count=len(pending), filenames=", ".join(pending))
    result = assess(session, innovation)
    if not result.complete:
        raise Incomplete(missing="; ".join(m.message for m in result.missing))


def send_to_head(uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    """The operator sends a complete dossier to the OPD head for approval."""
    innovation = visible(repository.get_innovation(uow.session, innovation_id, for_update=True), principal)
    if principal.role is not Role.opd_operator:
        raise Forbidden()
    if innovation.status not in EDITABLE:
        raise NotSubmittable(status=innovation.status.value)
    _ensure_sendable(uow.session, innovation)
    if not repository.list_opd_users(uow.session, opd_id=innovation.opd_id, roles=(Role.opd_head,)):
        raise NoHead()
    before = innovation.status
    innovation.head_from_status = before
    innovation.status = InnovationStatus.awaiting_head
    uow.session.flush()
    _audit_status(uow, principal, innovation, before.value, "send_to_head")
    _notify(uow, innovation, "innovation.sent_to_head", roles=(Role.opd_head,))
    return innovation


def _awaiting_head(uow: UnitOfWork, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    innovation = visible(repository.get_innovation(uow.session, innovation_id, for_update=True), principal)
    if principal.role is not Role.opd_head:
        raise Forbidden()
    if innovation.status is not InnovationStatus.awaiting_head:
        raise NotAwaitingHead(status=innovation.status.value)
    return innovation


def return_to_operator(
    uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID, note: str
) -> Innovation:
    """The OPD head sends it back to the operator with a note."""
    innovation = _awaiting_head(uow, principal, innovation_id)
    innovation.status = innovation.head_from_status or InnovationStatus.draft
    innovation.head_note = note
    uow.session.flush()
    _audit_status(uow, principal, innovation, InnovationStatus.awaiting_head.value, "return_by_head", note)
    _notify(uow, innovation, "innovation.returned_by_head", roles=(Role.opd_operator,), extra={"note": note})
    return innovation


def approve(uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    """The OPD head approves: the version is frozen and goes to the pemda's review team."""
    innovation = _awaiting_head(uow, principal, innovation_id)
    from_status = innovation.head_from_status or InnovationStatus.draft
    innovation.status = from_status
    _ensure_sendable(uow.session, innovation)
    resubmission = from_status is InnovationStatus.revision_requested
    innovation.status = InnovationStatus.resubmitted if resubmission else InnovationStatus.submitted
    innovation.submitted_at = utc_now()
    innovation.version += 1
    innovation.head_note = None
    for item in innovation.current_evidence:
        if item.frozen_in_version is None:
            item.frozen_in_version = innovation.version
    snapshot = snapshot_of(uow.session, innovation)
    uow.session.add(
        InnovationVersion(
            innovation_id=innovation.id,
            version=innovation.version,
            submitted_at=innovation.submitted_at,
            snapshot=snapshot,
        )
    )
    uow.session.flush()
    _audit_status(uow, principal, innovation, InnovationStatus.awaiting_head.value, "approve_by_head")
    uow.publish(_open_case_message(uow.session, innovation, resubmission=resubmission))
    _notify(uow, innovation, "innovation.submitted", roles=OPD_ROLES)
    return innovation


def submit(uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    """The next step out of the OPD: the operator sends to the head, the head approves."""
    if principal.role is Role.opd_head:
        return approve(uow, principal=principal, innovation_id=innovation_id)
    return send_to_head(uow, principal=principal, innovation_id=innovation_id)


def withdraw(uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    """Take it back before review starts (from the head's desk, or from the pemda)."""
    innovation = visible(repository.get_innovation(uow.session, innovation_id, for_update=True), principal)
    if principal.role not in OPD_ROLES:
        raise Forbidden()
    before = innovation.status
    if before is InnovationStatus.awaiting_head:
        innovation.status = innovation.head_from_status or InnovationStatus.draft
    elif before in (InnovationStatus.submitted, InnovationStatus.resubmitted):
        innovation.status = InnovationStatus.withdrawn
        uow.publish(WithdrawReviewCase(innovation_id=innovation.id, version=innovation.version))
    else:
        raise NotWithdrawable(status=before.value)
    uow.session.flush()
    _audit_status(uow, principal, innovation, before.value, "withdraw")
    return innovation


def _open_case_message(session: Session, innovation: Innovation, *, resubmission: bool) -> OpenReviewCase:
    assert innovation.submitted_at is not None
    catalogue = catalogue_for(session, innovation)
    answers = {a.indicator_no: a for a in innovation.answers}
    opd = repository.get_opd(session, innovation.opd_id)
    evidence = innovation.current_evidence
    return OpenReviewCase(
        innovation_id=innovation.id,
        version=innovation.version,
        pemda_id=innovation.pemda_id,
        opd_id=innovation.opd_id,
        period_id=innovation.period_id,
        submitted_at=innovation.submitted_at,
        snapshot=InnovationSnapshot(
            nama=innovation.nama, tahapan=innovation.tahapan.value, jenis=innovation.jenis.value
        ),
        evidence=tuple(
            EvidenceRef(
                evidence_id=item.id,
                indicator_no=item.indicator_no,
                object_key=item.object_key,
                sha256=item.sha256,
                size=item.size,
                content_type=item.content_type,
                filename=item.filename,
                link_url=item.link_url,
                nomor_surat=item.nomor_surat,
                tanggal_surat=item.tanggal_surat,
                tentang=item.tentang,
                flags=tuple(item.flags or ()),
            )
            for item in evidence
        ),
        opd_name=opd.name if opd else "",
        profile={
            **audit.fields_of(innovation, PROFILE_FIELDS),
            "files": {e.slot: str(e.id) for e in evidence if e.slot},
        },
        answers=tuple(
            ContractAnswer(
                indicator_no=d.no,
                claimed_parameter=answers[d.no].parameter if d.no in answers else 0,
                kemanfaatan_basis=answers[d.no].kemanfaatan_basis if d.no in answers else None,
            )
            for d in catalogue.indicators
        ),
        flags=tuple(
            CaseFlag(code=flag, indicator_no=item.indicator_no or None, detail=item.filename)
            for item in evidence
            for flag in item.flags or ()
        ),
        reopened_indicators=tuple(innovation.reopened_indicators or ()) if resubmission else (),
    )


def mark_in_review(uow: UnitOfWork, *, message: MarkInReview) -> Innovation | None:
    """Review started on this version: it can no longer be withdrawn (a repeat changes nothing)."""
    if not uow.claim(message):
        return None
    innovation = repository.get_innovation(uow.session, message.innovation_id, for_update=True)
    if innovation is None:
        raise LookupError(f"innovation {message.innovation_id} not found")
    if innovation.version == message.version and innovation.status in (
        InnovationStatus.submitted,
        InnovationStatus.resubmitted,
    ):
        before = innovation.status.value
        innovation.status = InnovationStatus.in_review
        uow.session.flush()
        _audit_status(uow, None, innovation, before, "review_started")
    else:
        log.warning(
            "submission.mark_in_review.stale",
            extra={"innovation_id": str(innovation.id), "version": message.version},
        )
    return innovation


DECISION_STATUS = {
    "accepted": InnovationStatus.accepted,
    "revision_requested": InnovationStatus.revision_requested,
    "rejected": InnovationStatus.rejected,
}


DECIDABLE = (InnovationStatus.submitted, InnovationStatus.resubmitted, InnovationStatus.in_review)


def _reopened_notes(
    message: ApplyReviewResult, reopened: list[int], catalogue: Catalogue
) -> list[dict[str, Any]]:
    """What the revision message lists: only the reopened indicators (the others stay locked), each
    reviewer's note on its own line ("Penilai 1: ..."), never glued together."""
    notes_of = {r.indicator_no: r.notes for r in message.results}
    joined = {n.indicator_no: n.note for n in message.indicator_notes}
    listed = []
    for no in reopened:
        definition = catalogue.indicator(no)
        notes = notes_of.get(no, ())
        listed.append(
            {
                "indicator_no": no,
                "name": definition.name if definition else "",
                "note": joined.get(no, ""),
                "notes": [n.model_dump(mode="json") for n in notes],
            }
        )
    return listed


def apply_review_result(uow: UnitOfWork, *, message: ApplyReviewResult) -> Innovation | None:
    """Record review's decision on the version it reviewed (a repeat or a stale one changes nothing)."""
    if not uow.claim(message):
        log.info("submission.apply_review_result.duplicate", extra={"message_id": str(message.message_id)})
        return None
    innovation = repository.get_innovation(uow.session, message.innovation_id, for_update=True)
    if innovation is None:
        raise LookupError(f"innovation {message.innovation_id} not found")
    if innovation.version != message.version or innovation.status not in DECIDABLE:
        log.warning(
            "submission.apply_review_result.stale",
            extra={"innovation_id": str(innovation.id), "version": message.version},
        )
        return innovation
    before = innovation.status.value
    innovation.status = DECISION_STATUS[message.decision]
    innovation.decided_at = message.decided_at
    innovation.review_note = message.note or None
    innovation.indicator_notes = [n.model_dump(mode="json") for n in message.indicator_notes]
    innovation.review_results = [r.model_dump(mode="json") for r in message.results]
    innovation.reviewed_claimed_score = message.claimed_score
    innovation.verified_score = message.verified_score
    catalogue = catalogue_for(uow.session, innovation)
    extra: dict[str, Any] = {}
    if innovation.status is InnovationStatus.revision_requested:
        reopened = list(message.reopened_indicators) or [
            n.indicator_no for n in message.indicator_notes if n.verdict != "sesuai"
        ]
        # Nothing named: the whole dossier reopens rather than nothing at all.
        innovation.reopened_indicators = sorted(set(reopened)) or [d.no for d in catalogue.indicators]
        innovation.revision_deadline = message.revision_deadline or periods.revision_deadline(
            innovation_period(uow.session, innovation), message.decided_at
        )
        pemda = pemda_of(uow.session, innovation)
        extra = {
            "deadline": innovation.revision_deadline.isoformat(),
            "deadline_local": periods.local(innovation.revision_deadline, pemda.timezone),
            "indicator_notes": _reopened_notes(message, innovation.reopened_indicators, catalogue),
        }
    else:
        innovation.reopened_indicators = []
    uow.session.flush()
    _audit_status(uow, None, innovation, before, f"review.{message.decision}", message.note or None)
    _notify(uow, innovation, f"innovation.{message.decision}", roles=OPD_ROLES, extra=extra)
    return innovation


@dataclass(frozen=True)
class OpdDeadline:
    """The current period's deadline for one OPD (its extension when later)."""

    period_name: str
    deadline: datetime
    extended: bool
    passed: bool


def opd_deadline(session: Session, *, principal: Principal) -> OpdDeadline | None:
    """The deadline of the pemda's latest opened period for the caller's OPD, or None (no OPD, no period)."""
    if principal.pemda_id is None or principal.opd_id is None:
        return None
    now = utc_now()
    opened = [p for p in repository.list_periods(session, pemda_id=principal.pemda_id) if p.opens_at <= now]
    if not opened:
        return None
    period = max(opened, key=lambda p: p.opens_at)
    deadline = periods.deadline_for(session, period=period, opd_id=principal.opd_id)
    return OpdDeadline(
        period_name=period.name,
        deadline=deadline,
        extended=deadline != period.closes_at,
        passed=now >= deadline,
    )
