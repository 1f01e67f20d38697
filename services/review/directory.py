"""The reviewer directory (a replica of submission's accounts) and the periods' settings."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from services.review import repository
from services.review.assignment import ReviewerNotFound, auto_assign, staff_open_cases
from services.review.case_review import UNDER_REVIEW, require_admin, rescore
from services.review.models import DirectoryAccount, ReviewPeriod
from shared.auth import Principal, Role
from shared.contracts.accounts import SyncReviewerAccount
from shared.contracts.review import SyncPeriod
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def sync_period(uow: UnitOfWork, *, message: SyncPeriod) -> None:
    """Keep the period's settings (latest `changed_at` wins); rescore and staff its open cases."""
    if not uow.claim(message):
        return
    settings = message.period
    row = repository.get_period(uow.session, settings.period_id, for_update=True)
    if row is not None and row.changed_at >= message.changed_at:
        log.info("review.sync_period.stale", extra={"period_id": str(settings.period_id)})
        return
    if row is None:
        row = ReviewPeriod(period_id=settings.period_id, pemda_id=settings.pemda_id)
        uow.session.add(row)
    row.settings = settings.model_dump(mode="json")
    row.changed_at = message.changed_at
    uow.session.flush()
    for case in repository.cases_of_period(uow.session, settings.period_id):
        rescore(uow.session, case=case, settings=settings)
        if case.status in UNDER_REVIEW:
            auto_assign(uow, case=case, settings=settings)
    log.info("review.sync_period.applied", extra={"period_id": str(settings.period_id)})


def sync_account(uow: UnitOfWork, *, message: SyncReviewerAccount) -> None:
    """Apply an account change if it is newer than what the directory holds."""
    if not uow.claim(message):
        return
    snapshot = message.account
    row = repository.get_account(uow.session, snapshot.user_id, for_update=True)
    if row is not None and row.source == "sync" and row.changed_at >= snapshot.changed_at:
        log.info("review.sync_account.stale", extra={"user_id": str(snapshot.user_id)})
        return
    was_active_reviewer = row is not None and row.is_active and row.role == Role.reviewer.value
    was_assignable = was_active_reviewer and row is not None and not row.invitation_pending
    if row is None:
        row = DirectoryAccount(user_id=snapshot.user_id)
        uow.session.add(row)
    row.pemda_id, row.opd_id, row.role, row.name = (
        snapshot.pemda_id,
        snapshot.opd_id,
        snapshot.role,
        snapshot.name,
    )
    row.email, row.whatsapp, row.whatsapp_opt_in = snapshot.email, snapshot.whatsapp, snapshot.whatsapp_opt_in
    row.language, row.timezone, row.is_active = snapshot.language, snapshot.timezone, snapshot.is_active
    row.invitation_pending = snapshot.invitation_pending
    row.source, row.changed_at = "sync", snapshot.changed_at
    uow.session.flush()
    is_active_reviewer = row.role == Role.reviewer.value and row.is_active
    if was_active_reviewer and not is_active_reviewer:
        _release_assignments(uow, reviewer_id=row.user_id)
    is_assignable = is_active_reviewer and not row.invitation_pending
    if row.pemda_id and is_assignable != was_assignable:  # joined, accepted their invitation, or left
        staff_open_cases(uow, pemda_id=row.pemda_id)
    log.info("review.sync_account.applied", extra={"user_id": str(snapshot.user_id)})


def _release_assignments(uow: UnitOfWork, *, reviewer_id: uuid.UUID) -> None:
    """A reviewer who left (deactivated or no longer a reviewer) gives up the cases they had not
    finished; their submitted verdicts stay."""
    for assignment in repository.unfinished_assignments_of(uow.session, reviewer_id):
        assignment.active = False
        log.info(
            "review.assignment.released",
            extra={"case_id": str(assignment.case_id), "reviewer_id": str(reviewer_id)},
        )
    uow.session.flush()


def known_from_token(uow: UnitOfWork, *, principal: Principal) -> None:
    """Register a reviewer or admin seen only through their token (until submission syncs them).

    The row is the oldest possible, so the first real sync replaces it; a new reviewer is put on
    the pemda's understaffed cases straight away.
    """
    if principal.role not in (Role.reviewer, Role.admin) or principal.pemda_id is None:
        return
    if repository.get_account(uow.session, principal.user_id) is not None:
        return
    uow.session.add(
        DirectoryAccount(
            user_id=principal.user_id,
            pemda_id=principal.pemda_id,
            opd_id=principal.opd_id,
            role=principal.role.value,
            name=principal.name,
            language=principal.language,
            source="token",
            changed_at=EPOCH,
            expertise_urusan=[],
            conflict_opd_ids=[],
            conflict_innovation_ids=[],
        )
    )
    uow.session.flush()
    log.info("review.directory.registered_from_token", extra={"user_id": str(principal.user_id)})
    if principal.role is Role.reviewer:
        staff_open_cases(uow, pemda_id=principal.pemda_id)


def list_directory(session: Session, *, principal: Principal) -> list[DirectoryAccount]:
    """The reviewers and admins of the caller's pemda that review knows (admin: reviewers do not learn
    who else reviews, nor anyone's conflicts of interest)."""
    require_admin(principal)
    if principal.pemda_id is None:
        return []
    people = repository.accounts_of_pemda(session, principal.pemda_id)
    return [p for p in people if p.role in (Role.reviewer.value, Role.admin.value)]


def update_reviewer_profile(
    uow: UnitOfWork,
    *,
    principal: Principal,
    user_id: uuid.UUID,
    expertise_urusan: list[str],
    conflict_opd_ids: list[uuid.UUID],
    conflict_innovation_ids: list[uuid.UUID],
) -> DirectoryAccount:
    """Declare a reviewer's urusan of expertise and conflicts (admin of the same pemda)."""
    require_admin(principal)
    row = repository.get_account(uow.session, user_id, for_update=True)
    if row is None or (principal.role is not Role.superadmin and row.pemda_id != principal.pemda_id):
        raise ReviewerNotFound()
    row.expertise_urusan = sorted({u.strip() for u in expertise_urusan if u.strip()})
    row.conflict_opd_ids = sorted({str(i) for i in conflict_opd_ids})
    row.conflict_innovation_ids = sorted({str(i) for i in conflict_innovation_ids})
    uow.session.flush()
    return row
