"""Messages review gave up on, kept where an admin sees them."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy.orm import Session

from services.review import repository
from services.review.case_review import require_admin
from services.review.models import DeadMessage
from shared.auth import Principal
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)


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
    uow: UnitOfWork,
    *,
    message_id: uuid.UUID,
    task_name: str,
    payload: dict[str, Any],
    error: str,
    attempts: int,
) -> None:
    """Keep a message that exhausted its retries where an admin can see it."""
    repository.add_dead_message_if_absent(
        uow.session,
        message_id=message_id,
        task_name=task_name,
        payload=payload,
        error=error[:4000],
        attempts=attempts,
    )
    log.error("review.dead_message.recorded", extra={"message_id": str(message_id), "task_name": task_name})
