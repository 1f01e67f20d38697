"""Dead messages: what a consumer could not process, kept once per message for an admin to replay."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Index, String, Text, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from shared.db import utc_now

log = logging.getLogger(__name__)

REASON_LIMIT = 4000


class DeadMessageMixin:
    """One row per message given up on; a message buried twice (redelivered) stays one row until it is
    replayed (a partial unique index on `message_id` among the rows not yet replayed)."""

    __tablename__ = "dead_message"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    message_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    task_name: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    replayed_at: Mapped[datetime | None]

    @declared_attr.directive
    @classmethod
    def __table_args__(cls) -> tuple[Any, ...]:
        pending = text("replayed_at IS NULL")
        return (
            Index(
                f"uq_{cls.__tablename__}_pending_message",
                "message_id",
                unique=True,
                postgresql_where=pending,
                sqlite_where=pending,
            ),
        )


Dead = TypeVar("Dead", bound=DeadMessageMixin)


def message_id_of(payload: dict[str, Any]) -> uuid.UUID | None:
    raw = payload.get("message_id")
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None


def bury(
    session: Session, model: type[Dead], *, task_name: str, payload: Any, reason: str, attempts: int = 1
) -> Dead:
    """Keep `payload` as dead; if the same message already lies unreplayed, return that row instead."""
    body: dict[str, Any] = payload if isinstance(payload, dict) else {"value": payload}
    message_id = message_id_of(body)
    if message_id is not None and (existing := _pending(session, model, message_id)) is not None:
        return existing
    dead = model()
    dead.message_id, dead.task_name, dead.payload = message_id, task_name, body
    dead.reason, dead.attempts, dead.created_at = reason[:REASON_LIMIT], attempts, utc_now()
    try:
        with session.begin_nested():  # a second worker burying the same message at the same moment
            session.add(dead)
    except IntegrityError:
        found = _pending(session, model, message_id) if message_id is not None else None
        if found is None:
            raise
        return found
    log.error(
        "dead_message.recorded",
        extra={"task_name": task_name, "message_id": str(message_id), "reason": reason[:300]},
    )
    return dead


def _pending(session: Session, model: type[Dead], message_id: uuid.UUID) -> Dead | None:
    return session.scalar(
        select(model).where(model.message_id == message_id, model.replayed_at.is_(None)).limit(1)
    )


class DeadMessageRead(BaseModel):
    """A dead message as the admin APIs show it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    message_id: uuid.UUID | None
    task_name: str
    payload: dict[str, Any]
    reason: str
    attempts: int
    created_at: datetime
    replayed_at: datetime | None
