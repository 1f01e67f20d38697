"""Opening, withdrawing and listing review cases (from submission's messages and for the pages)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy.orm import Session

from services.review import repository
from services.review.assignment import assign, auto_assign, ineligibility
from services.review.case_review import period_settings, rescore
from services.review.models import CaseStatus, ReviewCase, ReviewRound
from shared.auth import Principal, Role
from shared.contracts import urusan as urusan_list
from shared.contracts.review import OpenReviewCase, WithdrawReviewCase
from shared.errors import TransientError
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)


class UnknownVersion(TransientError):
    """A message names a version review has not seen (its open_case may still be on its way)."""


def _profile_columns(message: OpenReviewCase) -> dict[str, Any]:
    profile = message.profile
    urusan = profile.get("urusan_utama") or profile.get("urusan") or ""
    return {
        "nama": message.snapshot.nama,
        "tahapan": message.snapshot.tahapan,
        "jenis": message.snapshot.jenis,
        "bentuk": str(profile.get("bentuk") or "")[:200],
        "urusan": (urusan_list.normalise(str(urusan)) or str(urusan))[:200],  # free text kept if unknown
        "opd_name": message.opd_name[:300],
    }


def snapshot_of(message: OpenReviewCase) -> dict[str, Any]:
    """What a round keeps of the message: profile, answers, evidence (keys and hashes), flags."""
    return message.model_dump(
        mode="json", include={"snapshot", "evidence", "profile", "answers", "flags", "opd_name"}
    )


def open_case(uow: UnitOfWork, *, message: OpenReviewCase) -> ReviewCase:
    """Open the innovation's case, or the next round of it for a resubmission (no-op if already open)."""
    session = uow.session
    first_time = uow.claim(message)
    if not first_time:
        log.info("review.open_case.duplicate", extra={"message_id": str(message.message_id)})
    columns = _profile_columns(message)
    inserted = first_time and repository.add_case_if_absent(
        session,
        innovation_id=message.innovation_id,
        version=message.version,
        round=1,
        pemda_id=message.pemda_id,
        opd_id=message.opd_id,
        period_id=message.period_id,
        submitted_at=message.submitted_at,
        snapshot=snapshot_of(message),
        claimed_score=0.0,
        verified_score=0.0,
        **columns,
    )
    case = repository.get_case_of_innovation(session, message.innovation_id, for_update=True)
    assert case is not None  # inserted above, or committed by whoever inserted it first
    if not first_time:
        return case
    if inserted:
        session.add(
            ReviewRound(
                case_id=case.id,
                round=1,
                version=message.version,
                submitted_at=message.submitted_at,
                snapshot=snapshot_of(message),
                reopened_indicators=[],
                sent_back_indicators=[],
            )
        )
        session.flush()
        log.info(
            "review.open_case.opened",
            extra={"innovation_id": str(message.innovation_id), "version": message.version},
        )
    elif repository.get_round(session, case_id=case.id, version=message.version) is not None:
        log.info(
            "review.open_case.already_open",
            extra={"innovation_id": str(message.innovation_id), "version": message.version},
        )
        return case
    elif message.version < case.version:
        log.warning(
            "review.open_case.stale_version",
            extra={"innovation_id": str(message.innovation_id), "version": message.version},
        )
        return case
    else:
        _open_next_round(uow, case=case, message=message, columns=columns)
    settings = period_settings(session, case.period_id)
    rescore(session, case=case, settings=settings)
    auto_assign(uow, case=case, settings=settings)
    return case


def _open_next_round(
    uow: UnitOfWork, *, case: ReviewCase, message: OpenReviewCase, columns: dict[str, Any]
) -> None:
    """A resubmission: the next round reassesses only the reopened indicators, by the same reviewers."""
    session = uow.session
    previous = repository.current_round(session, case)
    # Changing an evidence item or a claimed parameter resets that indicator's verification, even
    # where the reviewers did not send it back.
    reopened = sorted(
        set(message.reopened_indicators)
        | set(previous.sent_back_indicators)
        | _changed_indicators(previous.snapshot, snapshot_of(message))
    )
    case.round += 1
    case.version = message.version
    case.submitted_at = message.submitted_at
    case.snapshot = snapshot_of(message)
    for key, value in columns.items():
        setattr(case, key, value)
    case.status, case.started_at = CaseStatus.open, None
    case.decision = case.decision_note = case.decided_by = case.decided_at = None
    case.revision_deadline = None
    session.add(
        ReviewRound(
            case_id=case.id,
            round=case.round,
            version=message.version,
            submitted_at=message.submitted_at,
            snapshot=snapshot_of(message),
            reopened_indicators=reopened,
            sent_back_indicators=[],
        )
    )
    session.flush()
    settings = period_settings(session, case.period_id)
    for earlier in repository.assignments_of(session, case.id, round_no=previous.round):
        reviewer = repository.get_account(session, earlier.reviewer_id)
        if earlier.active and reviewer is not None and ineligibility(reviewer, case) is None:
            assign(uow, case=case, reviewer=reviewer, by=None, settings=settings)
    log.info(
        "review.open_case.next_round",
        extra={"innovation_id": str(case.innovation_id), "version": case.version, "round": case.round},
    )


def _changed_indicators(before: dict[str, Any], after: dict[str, Any]) -> set[int]:
    """Indicators whose evidence (by hash or link) or claimed parameter differs between two snapshots."""

    def evidence(snapshot: dict[str, Any]) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        for item in snapshot.get("evidence", []):
            found.setdefault(item["indicator_no"], set()).add(
                item.get("sha256") or item.get("link_url") or ""
            )
        return found

    def claimed(snapshot: dict[str, Any]) -> dict[int, int]:
        return {a["indicator_no"]: a["claimed_parameter"] for a in snapshot.get("answers", [])}

    old_files, new_files = evidence(before), evidence(after)
    old_claims, new_claims = claimed(before), claimed(after)
    changed = {no for no in old_files.keys() | new_files.keys() if old_files.get(no) != new_files.get(no)}
    changed |= {
        no for no in old_claims.keys() | new_claims.keys() if old_claims.get(no, 0) != new_claims.get(no, 0)
    }
    return {no for no in changed if no >= 1}


def withdraw_case(uow: UnitOfWork, *, message: WithdrawReviewCase) -> None:
    """Close the version's round if review has not started; unknown versions are retried."""
    if not uow.claim(message):
        return
    case = repository.get_case_of_innovation(uow.session, message.innovation_id, for_update=True)
    if case is None or repository.get_round(uow.session, case_id=case.id, version=message.version) is None:
        raise UnknownVersion(
            f"no review case for innovation {message.innovation_id} version {message.version}"
        )
    if case.version != message.version or case.status is not CaseStatus.open:
        log.warning(
            "review.withdraw_case.too_late",
            extra={"case_id": str(case.id), "version": message.version, "status": case.status.value},
        )
        return
    case.status = CaseStatus.withdrawn
    for assignment in repository.assignments_of(uow.session, case.id, round_no=case.round):
        assignment.active = False
    uow.session.flush()
    log.info("review.withdraw_case.withdrawn", extra={"case_id": str(case.id)})


def list_cases(
    session: Session,
    *,
    principal: Principal,
    status: CaseStatus | None,
    limit: int,
    offset: int,
    mine: bool = False,
    period_id: uuid.UUID | None = None,
) -> list[ReviewCase]:
    """The cases of the caller's pemda, newest submission first (`mine`: assigned to the caller).

    A reviewer only ever gets their own: assigned on the current round, none of their own OPD.
    """
    reviewer = principal.role not in (Role.admin, Role.superadmin)
    if principal.role is Role.superadmin:
        pemda_id = None
    elif principal.pemda_id is None:
        return []
    else:
        pemda_id = principal.pemda_id
    return repository.list_cases(
        session,
        pemda_id=pemda_id,
        status=status,
        limit=limit,
        offset=offset,
        reviewer_id=principal.user_id if mine or reviewer else None,
        period_id=period_id,
        exclude_opd_id=principal.opd_id if reviewer else None,
    )
