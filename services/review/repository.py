"""Every query of the review service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from services.review.models import (
    Adjudication,
    Assignment,
    CaseStatus,
    DeadMessage,
    DirectoryAccount,
    IndicatorVerdict,
    ReviewCase,
    ReviewPeriod,
    ReviewRound,
    SpdEntry,
)
from shared.db import dialect_insert, utc_now


def _current_assignments_of(reviewer_id: uuid.UUID) -> tuple[ColumnElement[bool], ...]:
    """Conditions for the reviewer's active assignments on their case's current round (the query
    must have ReviewCase in it)."""
    return (
        Assignment.reviewer_id == reviewer_id,
        Assignment.active.is_(True),
        Assignment.round == ReviewCase.round,
    )


def add_case_if_absent(session: Session, **values: Any) -> bool:
    """Insert the innovation's case unless one exists; False if it did.

    ON CONFLICT DO NOTHING rather than catching IntegrityError: a concurrent insert for the same
    innovation waits for the other transaction and then does nothing, so neither side fails or retries.
    """
    statement = (
        dialect_insert(session)(ReviewCase)
        .values(id=uuid.uuid4(), status=CaseStatus.open, created_at=utc_now(), **values)
        .on_conflict_do_nothing(index_elements=["innovation_id"])
        .returning(ReviewCase.id)
    )
    # RETURNING gives a row only when the insert happened (rowcount is not reliable here).
    return session.execute(statement).first() is not None


def get_case_of_innovation(
    session: Session, innovation_id: uuid.UUID, *, for_update: bool = False
) -> ReviewCase | None:
    query = select(ReviewCase).where(ReviewCase.innovation_id == innovation_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def get_case(session: Session, case_id: uuid.UUID, *, for_update: bool = False) -> ReviewCase | None:
    query = select(ReviewCase).where(ReviewCase.id == case_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def get_round(session: Session, *, case_id: uuid.UUID, version: int) -> ReviewRound | None:
    return session.scalar(
        select(ReviewRound).where(ReviewRound.case_id == case_id, ReviewRound.version == version)
    )


def rounds_of(session: Session, case_id: uuid.UUID) -> list[ReviewRound]:
    return list(
        session.scalars(select(ReviewRound).where(ReviewRound.case_id == case_id).order_by(ReviewRound.round))
    )


def current_round(session: Session, case: ReviewCase) -> ReviewRound:
    found = session.scalar(
        select(ReviewRound).where(ReviewRound.case_id == case.id, ReviewRound.round == case.round)
    )
    assert found is not None  # every case is opened with its first round
    return found


def list_cases(
    session: Session,
    *,
    pemda_id: uuid.UUID | None,
    status: CaseStatus | None,
    limit: int,
    offset: int,
    reviewer_id: uuid.UUID | None = None,
    period_id: uuid.UUID | None = None,
    exclude_opd_id: uuid.UUID | None = None,
) -> list[ReviewCase]:
    """Cases newest first; `pemda_id` None means every pemda (superadmin); `reviewer_id`: theirs only;
    `exclude_opd_id`: none of that OPD."""
    query = select(ReviewCase)
    if exclude_opd_id is not None:
        query = query.where(ReviewCase.opd_id != exclude_opd_id)
    if pemda_id is not None:
        query = query.where(ReviewCase.pemda_id == pemda_id)
    if status is not None:
        query = query.where(ReviewCase.status == status)
    if period_id is not None:
        query = query.where(ReviewCase.period_id == period_id)
    if reviewer_id is not None:
        mine = select(Assignment.case_id).where(*_current_assignments_of(reviewer_id))
        query = query.where(ReviewCase.id.in_(mine))
    order = (ReviewCase.submitted_at.desc(), ReviewCase.id)
    return list(session.scalars(query.order_by(*order).limit(limit).offset(offset)))


def cases_of_period(session: Session, period_id: uuid.UUID) -> list[ReviewCase]:
    return list(session.scalars(select(ReviewCase).where(ReviewCase.period_id == period_id)))


def all_case_ids(session: Session) -> list[uuid.UUID]:
    return list(session.scalars(select(ReviewCase.id).order_by(ReviewCase.created_at)))


def open_cases_of_pemda(session: Session, pemda_id: uuid.UUID) -> list[ReviewCase]:
    return list(
        session.scalars(
            select(ReviewCase)
            .where(
                ReviewCase.pemda_id == pemda_id,
                ReviewCase.status.in_([CaseStatus.open, CaseStatus.in_review]),
            )
            .order_by(ReviewCase.submitted_at)
        )
    )


# ---- directory ----


def get_account(session: Session, user_id: uuid.UUID, *, for_update: bool = False) -> DirectoryAccount | None:
    query = select(DirectoryAccount).where(DirectoryAccount.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def accounts_of_pemda(
    session: Session, pemda_id: uuid.UUID, *, role: str | None = None
) -> list[DirectoryAccount]:
    query = select(DirectoryAccount).where(DirectoryAccount.pemda_id == pemda_id)
    if role is not None:
        query = query.where(DirectoryAccount.role == role)
    return list(session.scalars(query.order_by(DirectoryAccount.name, DirectoryAccount.user_id)))


def open_load(session: Session, reviewer_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Per reviewer: active assignments not yet submitted on cases still under review."""
    if not reviewer_ids:
        return {}
    rows = session.execute(
        select(Assignment.reviewer_id, func.count())
        .join(ReviewCase, ReviewCase.id == Assignment.case_id)
        .where(
            Assignment.reviewer_id.in_(reviewer_ids),
            Assignment.active.is_(True),
            Assignment.submitted_at.is_(None),
            ReviewCase.status.in_([CaseStatus.open, CaseStatus.in_review]),
        )
        .group_by(Assignment.reviewer_id)
    )
    return {reviewer_id: count for reviewer_id, count in rows}


# ---- periods ----


def get_period(session: Session, period_id: uuid.UUID, *, for_update: bool = False) -> ReviewPeriod | None:
    query = select(ReviewPeriod).where(ReviewPeriod.period_id == period_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def periods(session: Session, *, pemda_id: uuid.UUID | None) -> list[ReviewPeriod]:
    """The periods of a pemda (None: of every pemda)."""
    query = select(ReviewPeriod)
    if pemda_id is not None:
        query = query.where(ReviewPeriod.pemda_id == pemda_id)
    return list(session.scalars(query))


def period_of_pemda_named(session: Session, pemda_name: str) -> ReviewPeriod | None:
    """The latest period (by year) whose pemda has this name (for the demo)."""
    periods = [p for p in session.scalars(select(ReviewPeriod)) if p.settings.get("pemda_name") == pemda_name]
    return max(periods, key=lambda p: (p.settings.get("year", 0), p.changed_at), default=None)


# ---- assignments, verdicts, adjudications ----


def assignments_of(session: Session, case_id: uuid.UUID, *, round_no: int | None = None) -> list[Assignment]:
    query = select(Assignment).where(Assignment.case_id == case_id)
    if round_no is not None:
        query = query.where(Assignment.round == round_no)
    return list(session.scalars(query.order_by(Assignment.round, Assignment.assigned_at)))


def assignments_of_cases(session: Session, case_ids: list[uuid.UUID]) -> list[Assignment]:
    if not case_ids:
        return []
    return list(session.scalars(select(Assignment).where(Assignment.case_id.in_(case_ids))))


def unfinished_assignments_of(
    session: Session, reviewer_id: uuid.UUID, *, lock: bool = True
) -> list[Assignment]:
    """The reviewer's active, unsubmitted assignments on the current round of cases under review."""
    query = (
        select(Assignment)
        .join(ReviewCase, ReviewCase.id == Assignment.case_id)
        .where(
            *_current_assignments_of(reviewer_id),
            Assignment.submitted_at.is_(None),
            ReviewCase.status.in_([CaseStatus.open, CaseStatus.in_review]),
        )
    )
    return list(session.scalars(query.with_for_update(of=Assignment) if lock else query))


def submitted_case_ids(session: Session, reviewer_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(Assignment.case_id)
            .join(ReviewCase, ReviewCase.id == Assignment.case_id)
            .where(
                *_current_assignments_of(reviewer_id),
                Assignment.submitted_at.is_not(None),
            )
        )
    )


def get_assignment(
    session: Session, *, case_id: uuid.UUID, round_no: int, reviewer_id: uuid.UUID, for_update: bool = False
) -> Assignment | None:
    query = select(Assignment).where(
        Assignment.case_id == case_id, Assignment.round == round_no, Assignment.reviewer_id == reviewer_id
    )
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def verdicts_of(session: Session, case_id: uuid.UUID) -> list[IndicatorVerdict]:
    return list(
        session.scalars(
            select(IndicatorVerdict)
            .where(IndicatorVerdict.case_id == case_id)
            .order_by(IndicatorVerdict.round, IndicatorVerdict.indicator_no, IndicatorVerdict.recorded_at)
        )
    )


def get_verdict(
    session: Session, *, case_id: uuid.UUID, round_no: int, reviewer_id: uuid.UUID, indicator_no: int
) -> IndicatorVerdict | None:
    return session.scalar(
        select(IndicatorVerdict).where(
            IndicatorVerdict.case_id == case_id,
            IndicatorVerdict.round == round_no,
            IndicatorVerdict.reviewer_id == reviewer_id,
            IndicatorVerdict.indicator_no == indicator_no,
        )
    )


def adjudications_of(session: Session, case_id: uuid.UUID) -> list[Adjudication]:
    return list(session.scalars(select(Adjudication).where(Adjudication.case_id == case_id)))


def get_adjudication(
    session: Session, *, case_id: uuid.UUID, round_no: int, indicator_no: int
) -> Adjudication | None:
    return session.scalar(
        select(Adjudication).where(
            Adjudication.case_id == case_id,
            Adjudication.round == round_no,
            Adjudication.indicator_no == indicator_no,
        )
    )


def reminder_candidates(session: Session, *, due_before: datetime) -> list[tuple[Assignment, ReviewCase]]:
    """Active, unsubmitted assignments on cases under review that fall due before `due_before`."""
    rows = session.execute(
        select(Assignment, ReviewCase)
        .join(ReviewCase, ReviewCase.id == Assignment.case_id)
        .where(
            Assignment.active.is_(True),
            Assignment.submitted_at.is_(None),
            Assignment.round == ReviewCase.round,
            Assignment.due_at <= due_before,
            ReviewCase.status.in_([CaseStatus.open, CaseStatus.in_review]),
        )
        .order_by(Assignment.due_at)
        .with_for_update(of=Assignment, skip_locked=True)
    )
    return [(row[0], row[1]) for row in rows]


# ---- SPD and dead messages ----


def spd_entries(session: Session, period_id: uuid.UUID) -> list[SpdEntry]:
    return list(
        session.scalars(select(SpdEntry).where(SpdEntry.period_id == period_id).order_by(SpdEntry.code))
    )


def get_spd_entry(session: Session, *, period_id: uuid.UUID, code: str) -> SpdEntry | None:
    return session.scalar(select(SpdEntry).where(SpdEntry.period_id == period_id, SpdEntry.code == code))


def dead_messages(session: Session, *, limit: int = 100) -> list[DeadMessage]:
    return list(session.scalars(select(DeadMessage).order_by(DeadMessage.created_at.desc()).limit(limit)))
