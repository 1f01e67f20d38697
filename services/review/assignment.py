"""Who reviews a case: the automatic assignment, by-hand changes and the conflict rules."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from services.review import repository
from services.review.case_review import UNDER_REVIEW, case_for_change, period_settings, require_admin, rescore
from services.review.config import ReviewSettings
from services.review.models import Assignment, DirectoryAccount, ReviewCase
from shared.auth import Principal, Role
from shared.contracts.notification import Notify, Recipient
from shared.contracts.review import PeriodSettings
from shared.db import utc_now
from shared.errors import Conflict, NotFound
from shared.i18n import translate
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)


class ReviewerNotFound(NotFound, code="review.reviewer_not_found"): ...


class ReviewerIneligible(Conflict, code="review.reviewer_ineligible"): ...


def ineligibility(reviewer: DirectoryAccount, case: ReviewCase) -> str | None:
    """Why this reviewer may not review this case (a translation key), or None."""
    if reviewer.role != Role.reviewer.value or not reviewer.is_active or reviewer.pemda_id != case.pemda_id:
        return "review.reason.not_reviewer"
    if reviewer.opd_id is not None and reviewer.opd_id == case.opd_id:
        return "review.reason.own_opd"
    if (
        str(case.opd_id) in reviewer.conflict_opd_ids
        or str(case.innovation_id) in reviewer.conflict_innovation_ids
    ):
        return "review.reason.conflict"
    return None


def _due_at(settings: PeriodSettings | None) -> datetime:
    return utc_now() + timedelta(days=settings.review_due_days if settings else 7)


def recipient(account: DirectoryAccount) -> Recipient:
    """A directory account as the notification service addresses it."""
    assert account.pemda_id is not None
    return Recipient.of(
        account, user_id=account.user_id, pemda_id=account.pemda_id, timezone=account.timezone
    )


def case_data(case: ReviewCase, settings: PeriodSettings | None) -> dict[str, Any]:
    """What a notification about the case tells: its innovation, OPD, version, pemda and time zone."""
    return {
        "case_id": str(case.id),
        "innovation_id": str(case.innovation_id),
        "nama": case.nama,
        "opd": case.opd_name,
        "version": case.version,
        "pemda": settings.pemda_name if settings else "",
        "timezone": settings.timezone if settings else "Asia/Jakarta",
    }


def assign(
    uow: UnitOfWork,
    *,
    case: ReviewCase,
    reviewer: DirectoryAccount,
    by: uuid.UUID | None,
    settings: PeriodSettings | None,
) -> Assignment:
    """Put the reviewer on the case's current round (again, if they were taken off) and tell them."""
    existing = repository.get_assignment(
        uow.session, case_id=case.id, round_no=case.round, reviewer_id=reviewer.user_id
    )
    if existing is not None:  # a reviewer removed earlier and put back
        existing.active, existing.assigned_by, existing.assigned_at = True, by, utc_now()
        existing.due_at = _due_at(settings)
        assignment = existing
    else:
        assignment = Assignment(
            case_id=case.id,
            round=case.round,
            reviewer_id=reviewer.user_id,
            assigned_by=by,
            assigned_at=utc_now(),
            due_at=_due_at(settings),
            active=True,
        )
        uow.session.add(assignment)
    uow.session.flush()
    uow.publish(
        Notify(
            event_type="reviewer.assigned",
            recipients=(recipient(reviewer),),
            data={**case_data(case, settings), "due_at": assignment.due_at.isoformat()},
        )
    )
    log.info(
        "review.assignment.assigned",
        extra={"case_id": str(case.id), "reviewer_id": str(reviewer.user_id), "manual": by is not None},
    )
    return assignment


@cache
def configured_cap() -> int:
    """REVIEW_MAX_OPEN_CASES_PER_REVIEWER, read once."""
    return ReviewSettings().max_open_cases_per_reviewer


def auto_assign(
    uow: UnitOfWork, *, case: ReviewCase, settings: PeriodSettings | None, cap: int | None = None
) -> list[Assignment]:
    """Top the case up to N reviewers: least open load first, urusan expertise preferred on a tie,
    never the innovation's own OPD nor a declared conflict, never an invitation not yet accepted, and
    nobody past `cap` open cases (default: the configured maximum); short of reviewers, it waits."""
    if case.status not in UNDER_REVIEW:
        return []
    limit = configured_cap() if cap is None else cap
    wanted = settings.reviewers_per_case if settings else 2
    current = [a for a in repository.assignments_of(uow.session, case.id, round_no=case.round) if a.active]
    taken = {a.reviewer_id for a in current}
    eligible = [
        r
        for r in repository.accounts_of_pemda(uow.session, case.pemda_id, role=Role.reviewer.value)
        if r.user_id not in taken and not r.invitation_pending and ineligibility(r, case) is None
    ]
    load = repository.open_load(uow.session, [r.user_id for r in eligible])
    candidates = [r for r in eligible if load.get(r.user_id, 0) < limit]
    urusan = case.urusan.strip().lower()

    def preference(reviewer: DirectoryAccount) -> tuple[int, int, str, str]:
        expert = bool(urusan) and urusan in {u.lower() for u in reviewer.expertise_urusan}
        return (load.get(reviewer.user_id, 0), 0 if expert else 1, reviewer.name, str(reviewer.user_id))

    chosen = sorted(candidates, key=preference)[: max(wanted - len(current), 0)]
    return [assign(uow, case=case, reviewer=r, by=None, settings=settings) for r in chosen]


def staff_open_cases(uow: UnitOfWork, *, pemda_id: uuid.UUID) -> None:
    """Give understaffed cases of the pemda their reviewers (a reviewer joined or became active)."""
    for case in repository.open_cases_of_pemda(uow.session, pemda_id):
        auto_assign(uow, case=case, settings=period_settings(uow.session, case.period_id))


def assign_reviewer(
    uow: UnitOfWork, *, principal: Principal, case_id: uuid.UUID, reviewer_id: uuid.UUID
) -> Assignment:
    """Assign a reviewer by hand (admin); the same conflict rules as the automatic assignment."""
    require_admin(principal)
    case = case_for_change(uow.session, principal, case_id)
    reviewer = repository.get_account(uow.session, reviewer_id)
    if reviewer is None or reviewer.pemda_id != case.pemda_id:
        raise ReviewerNotFound()
    reason = ineligibility(reviewer, case)
    existing = repository.get_assignment(
        uow.session, case_id=case.id, round_no=case.round, reviewer_id=reviewer_id
    )
    if reason is None and existing is not None and existing.active:
        reason = "review.reason.already_assigned"
    if reason is not None:
        raise ReviewerIneligible(name=reviewer.name, reason=translate(reason))
    return assign(
        uow,
        case=case,
        reviewer=reviewer,
        by=principal.user_id,
        settings=period_settings(uow.session, case.period_id),
    )


def unassign_reviewer(
    uow: UnitOfWork, *, principal: Principal, case_id: uuid.UUID, reviewer_id: uuid.UUID
) -> None:
    """Take a reviewer off the case's current round (admin); their verdicts stop counting."""
    require_admin(principal)
    case = case_for_change(uow.session, principal, case_id)
    assignment = repository.get_assignment(
        uow.session, case_id=case.id, round_no=case.round, reviewer_id=reviewer_id, for_update=True
    )
    if assignment is None or not assignment.active:
        raise ReviewerNotFound()
    assignment.active = False
    uow.session.flush()
    rescore(uow.session, case=case)
