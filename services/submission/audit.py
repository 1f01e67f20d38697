"""The audit log: every change with who made it, when, and the values before and after."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol

from sqlalchemy.orm import Session

from services.submission.models import AuditEntry
from shared.auth import Principal


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a value (dates as ISO text, enums as their value)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def fields_of(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: plain(getattr(obj, name)) for name in names}


def record(
    session: Session,
    *,
    actor: Principal | None,
    pemda_id: uuid.UUID | None,
    entity: str,
    entity_id: uuid.UUID,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one audit entry (only what changed when both sides are given)."""
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    entry = AuditEntry(
        pemda_id=pemda_id,
        actor_id=actor.user_id if actor else None,
        actor_name=actor.name if actor else "system",
        entity=entity,
        entity_id=entity_id,
        action=action,
        before=plain(before),
        after=plain(after),
    )
    session.add(entry)
    return entry


class PemdaRow(Protocol):
    """A row of a pemda: what an audit entry about it is keyed on."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def pemda_id(self) -> uuid.UUID | None: ...


def record_row(
    session: Session,
    entity: str,
    row: PemdaRow,
    *,
    actor: Principal | None,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one audit entry about `row`, under its own pemda."""
    return record(
        session,
        actor=actor,
        pemda_id=row.pemda_id,
        entity=entity,
        entity_id=row.id,
        action=action,
        before=before,
        after=after,
    )
