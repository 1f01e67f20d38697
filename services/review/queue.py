"""A reviewer's queue: their assigned cases (an admin: every case of the pemda), earliest due first."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from services.review import repository
from services.review.case_review import DUE_SOON, UNDER_REVIEW
from services.review.cases import list_cases
from services.review.models import CaseStatus, ReviewCase
from shared.auth import Principal, Role
from shared.db import utc_now


@dataclass(frozen=True)
class QueueItem:
    """One line of a reviewer's queue: the case, the due date and whether the work is done."""

    case: ReviewCase
    due_at: datetime | None
    done: bool  # the reviewer (admin: every reviewer) submitted their verdicts on the current round

    @property
    def overdue(self) -> bool:
        return (
            not self.done
            and self.case.status in UNDER_REVIEW
            and self.due_at is not None
            and (self.due_at <= utc_now())
        )

    @property
    def due_soon(self) -> bool:
        return (
            not self.done
            and self.case.status in UNDER_REVIEW
            and self.due_at is not None
            and utc_now() < self.due_at <= utc_now() + DUE_SOON
        )


QUEUE_LIMIT = 1000


def reviewer_queue(
    session: Session,
    *,
    principal: Principal,
    status: CaseStatus | None = None,
    opd_id: uuid.UUID | None = None,
    due: str | None = None,
) -> tuple[list[QueueItem], list[tuple[uuid.UUID, str]]]:
    """A reviewer's assigned cases (an admin: every case of the pemda), earliest due date first, and
    the OPDs found in it (for the filter). `due`: "soon" (within two days) or "overdue"."""
    admin = principal.role in (Role.admin, Role.superadmin)
    cases = list_cases(session, principal=principal, status=None, limit=QUEUE_LIMIT, offset=0, mine=not admin)
    assignments = repository.assignments_of_cases(session, [c.id for c in cases])
    items: list[QueueItem] = []
    for case in cases:
        current = [a for a in assignments if a.case_id == case.id and a.round == case.round and a.active]
        if not admin:
            current = [a for a in current if a.reviewer_id == principal.user_id]
        waiting = [a for a in current if a.submitted_at is None]
        due_at = min((a.due_at for a in waiting or current), default=None)
        items.append(QueueItem(case=case, due_at=due_at, done=bool(current) and not waiting))
    opds = sorted({(i.case.opd_id, i.case.opd_name or str(i.case.opd_id)) for i in items}, key=lambda o: o[1])
    chosen = [
        item
        for item in items
        if (status is None or item.case.status is status)
        and (opd_id is None or item.case.opd_id == opd_id)
        and (due != "soon" or item.due_soon)
        and (due != "overdue" or item.overdue)
    ]
    far = datetime.max.replace(tzinfo=UTC)
    chosen.sort(key=lambda i: (i.done, _aware(i.due_at) if i.due_at else far, i.case.nama, str(i.case.id)))
    return chosen, opds


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
