"""Every query of the review service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.review.models import CaseStatus, ReviewCase
from shared.db import utc_now


def add_case_if_absent(
    session: Session,
    *,
    innovation_id: uuid.UUID,
    version: int,
    pemda_id: uuid.UUID,
    opd_id: uuid.UUID,
    period_id: uuid.UUID,
    submitted_at: datetime,
    snapshot: dict[str, Any],
) -> bool:
    """Insert the case of this version unless one exists; False if it did.

    ON CONFLICT DO NOTHING rather than catching IntegrityError: a concurrent insert of the same
    version waits for the other transaction and then does nothing, so neither side fails or retries.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(ReviewCase)
        .values(
            id=uuid.uuid4(),
            innovation_id=innovation_id,
            version=version,
            pemda_id=pemda_id,
            opd_id=opd_id,
            period_id=period_id,
            submitted_at=submitted_at,
            snapshot=snapshot,
            status=CaseStatus.open,
            created_at=utc_now(),
        )
        .on_conflict_do_nothing(index_elements=["innovation_id", "version"])
        .returning(ReviewCase.id)
    )
    # RETURNING gives a row only when the insert happened (rowcount is not reliable here).
    return session.execute(statement).first() is not None


def get_case(session: Session, case_id: uuid.UUID, *, for_update: bool = False) -> ReviewCase | None:
    query = select(ReviewCase).where(ReviewCase.id == case_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def get_case_of_version(session: Session, *, innovation_id: uuid.UUID, version: int) -> ReviewCase | None:
    return session.scalar(
        select(ReviewCase).where(ReviewCase.innovation_id == innovation_id, ReviewCase.version == version)
    )


def list_cases(
    session: Session, *, pemda_id: uuid.UUID | None, status: CaseStatus | None, limit: int, offset: int
) -> list[ReviewCase]:
    """Cases newest first; `pemda_id` None means every pemda (superadmin)."""
    query = select(ReviewCase)
    if pemda_id is not None:
        query = query.where(ReviewCase.pemda_id == pemda_id)
    if status is not None:
        query = query.where(ReviewCase.status == status)
    order = (ReviewCase.submitted_at.desc(), ReviewCase.id)
    return list(session.scalars(query.order_by(*order).limit(limit).offset(offset)))
