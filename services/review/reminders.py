"""Due-soon and overdue reminders to reviewers, escalated to the pemda's admins."""

from __future__ import annotations

import logging
from datetime import timedelta

from services.review import repository
from services.review.assignment import case_data, recipient
from services.review.case_review import DUE_SOON, period_settings
from shared.auth import Role
from shared.contracts.notification import Notify
from shared.db import utc_now
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)


def send_review_reminders(uow: UnitOfWork) -> dict[str, int]:
    """Due in two days and overdue reminders, once each; escalate to the pemda's admins past the limit."""
    now = utc_now()
    sent = {"due_soon": 0, "overdue": 0, "escalated": 0}
    for assignment, case in repository.reminder_candidates(uow.session, due_before=now + DUE_SOON):
        settings = period_settings(uow.session, case.period_id)
        reviewer = repository.get_account(uow.session, assignment.reviewer_id)
        if reviewer is None or reviewer.pemda_id is None:
            continue
        data = {**case_data(case, settings), "due_at": assignment.due_at.isoformat()}
        if assignment.due_at > now and assignment.due_soon_sent_at is None:
            assignment.due_soon_sent_at = now
            uow.publish(Notify(event_type="review.due_soon", recipients=(recipient(reviewer),), data=data))
            sent["due_soon"] += 1
        if assignment.due_at <= now and assignment.overdue_sent_at is None:
            assignment.overdue_sent_at = now
            uow.publish(Notify(event_type="review.overdue", recipients=(recipient(reviewer),), data=data))
            sent["overdue"] += 1
        limit = timedelta(days=settings.escalate_after_days if settings else 3)
        if assignment.due_at + limit <= now and assignment.escalated_at is None:
            assignment.escalated_at = now
            admins = [
                recipient(a)
                for a in repository.accounts_of_pemda(uow.session, case.pemda_id, role=Role.admin.value)
                if a.is_active
            ]
            if admins:
                uow.publish(
                    Notify(
                        event_type="review.escalated",
                        recipients=tuple(admins),
                        data={**data, "reviewer": reviewer.name},
                    )
                )
            sent["escalated"] += 1
    uow.session.flush()
    if any(sent.values()):
        log.info("review.send_review_reminders.sent", extra=sent)
    return sent
