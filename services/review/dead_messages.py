"""Messages review gave up on, kept where an admin sees them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.review import repository
from services.review.case_review import require_admin
from services.review.models import DeadMessage
from shared.auth import Principal
from shared.messaging.dead_letters import bury
from shared.messaging.outbox import UnitOfWork


def _pemda_of_payload(payload: dict[str, Any]) -> str | None:
    for part in (payload, payload.get("period") or {}, payload.get("account") or {}):
        if isinstance(part, dict) and part.get("pemda_id"):
            return str(part["pemda_id"])
    return None


def dead_messages(session: Session, *, principal: Principal, limit: int) -> list[DeadMessage]:
    """The messages review gave up on, newest first: a pemda's admin sees those naming their pemda,
    the superadmin sees all (a message naming no pemda included)."""
    pemda_id = require_admin(principal)
    rows = repository.dead_messages(session, limit=limit if pemda_id is None else 1000)
    if pemda_id is None:
        return rows
    return [r for r in rows if _pemda_of_payload(r.payload) == str(pemda_id)][:limit]


def record_dead_message(
    uow: UnitOfWork, *, task_name: str, payload: dict[str, Any], reason: str, attempts: int
) -> DeadMessage:
    """Keep a message that exhausted its retries (or broke its contract) where an admin can see it;
    the same message redelivered stays one entry; its sender need not send it again."""
    uow.confirm(payload)
    return bury(
        uow.session, DeadMessage, task_name=task_name, payload=payload, reason=reason, attempts=attempts
    )
