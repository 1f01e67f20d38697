"""Reads for the admin's pages: the pemda's periods, the assignment board and the open disagreements.

Rules stay in the feature modules; this module only gathers what the pages show, for the admin of a pemda.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from services.review import case_review, dashboard, directory, repository
from services.review.cases import list_cases
from services.review.models import CaseStatus, DirectoryAccount, ReviewCase
from shared.auth import Principal, Role
from shared.contracts.catalogue import Parameter, SpdIndicatorDefinition
from shared.contracts.review import PeriodSettings
from shared.db import utc_now


def periods_of(session: Session, principal: Principal) -> list[PeriodSettings]:
    """The periods review knows for the caller's pemda (superadmin: all), newest opening first."""
    if principal.role is not Role.superadmin and principal.pemda_id is None:
        return []
    pemda_id = None if principal.role is Role.superadmin else principal.pemda_id
    periods = [
        PeriodSettings.model_validate(row.settings) for row in repository.periods(session, pemda_id=pemda_id)
    ]
    return sorted(periods, key=lambda p: (p.opens_at, p.name), reverse=True)


def choose_period(periods: list[PeriodSettings], wanted: uuid.UUID | None) -> PeriodSettings | None:
    """The period asked for if it is one of `periods`, else the one open now, else the newest."""
    if wanted is not None:
        for period in periods:
            if period.period_id == wanted:
                return period
    now = utc_now()
    for period in periods:
        if period.opens_at <= now <= period.closes_at:
            return period
    return periods[0] if periods else None


@dataclass(frozen=True)
class BoardAssignment:
    reviewer_id: uuid.UUID
    name: str
    due_at: datetime
    submitted_at: datetime | None
    automatic: bool


@dataclass(frozen=True)
class BoardRow:
    case: ReviewCase
    assignments: list[BoardAssignment]
    candidates: list[DirectoryAccount]  # active reviewers not on the case yet (the service checks conflicts)

    @property
    def changeable(self) -> bool:
        return self.case.status in case_review.UNDER_REVIEW


@dataclass(frozen=True)
class BoardFilters:
    opd_id: uuid.UUID | None = None
    status: CaseStatus | None = None
    unassigned: bool = False


def assignment_board(
    session: Session, *, principal: Principal, period_id: uuid.UUID, filters: BoardFilters
) -> list[BoardRow]:
    """The period's cases (withdrawn ones left out) with their current reviewers and due dates (admin)."""
    case_review.require_admin(principal)
    cases = [
        c
        for c in list_cases(
            session, principal=principal, status=filters.status, limit=100_000, offset=0, period_id=period_id
        )
        if c.status is not CaseStatus.withdrawn or filters.status is CaseStatus.withdrawn
    ]
    if filters.opd_id is not None:
        cases = [c for c in cases if c.opd_id == filters.opd_id]
    people = {a.user_id: a for a in directory.list_directory(session, principal=principal)}
    reviewers = [a for a in people.values() if a.role == Role.reviewer.value and a.is_active]
    current: dict[uuid.UUID, list[BoardAssignment]] = {c.id: [] for c in cases}
    rounds = {c.id: c.round for c in cases}
    for assignment in repository.assignments_of_cases(session, list(current)):
        if not assignment.active or assignment.round != rounds[assignment.case_id]:
            continue
        account = people.get(assignment.reviewer_id) or repository.get_account(
            session, assignment.reviewer_id
        )
        current[assignment.case_id].append(
            BoardAssignment(
                reviewer_id=assignment.reviewer_id,
                name=account.name if account else str(assignment.reviewer_id),
                due_at=assignment.due_at,
                submitted_at=assignment.submitted_at,
                automatic=assignment.assigned_by is None,
            )
        )
    rows = []
    for case in sorted(cases, key=lambda c: (c.opd_name, c.nama, str(c.id))):
        assigned = sorted(current[case.id], key=lambda a: a.name)
        if filters.unassigned and assigned:
            continue
        taken = {a.reviewer_id for a in assigned}
        candidates = [
            r for r in reviewers if r.user_id not in taken and not (r.opd_id and r.opd_id == case.opd_id)
        ]
        rows.append(BoardRow(case=case, assignments=assigned, candidates=candidates))
    return rows


@dataclass(frozen=True)
class Workload:
    name: str
    assigned: int  # cases under review the reviewer is on
    submitted: int  # of those, where they submitted their verdicts
    overdue: int  # of those, past the due date without submitted verdicts


def workload(session: Session, *, principal: Principal, period_id: uuid.UUID) -> list[Workload]:
    """Each active reviewer's load in the period's cases under review, busiest first (admin)."""
    rows = assignment_board(session, principal=principal, period_id=period_id, filters=BoardFilters())
    now = utc_now()
    names = {r.user_id: r.name for row in rows for r in row.candidates}
    counts: dict[uuid.UUID, list[int]] = {user_id: [0, 0, 0] for user_id in names}
    for row in rows:
        if not row.changeable:
            continue
        for a in row.assignments:
            names.setdefault(a.reviewer_id, a.name)
            entry = counts.setdefault(a.reviewer_id, [0, 0, 0])
            entry[0] += 1
            entry[1] += 1 if a.submitted_at else 0
            entry[2] += 1 if a.submitted_at is None and a.due_at < now else 0
    loads = [Workload(names[user_id], *entry) for user_id, entry in counts.items()]
    return sorted(loads, key=lambda w: (-w.assigned, w.name))


def opds_of_period(session: Session, *, principal: Principal, period_id: uuid.UUID) -> list[tuple[str, str]]:
    """(opd id, name) of the OPDs with a case in the period, by name: the board's OPD filter."""
    cases = list_cases(
        session, principal=principal, status=None, limit=100_000, offset=0, period_id=period_id
    )
    names = {str(c.opd_id): c.opd_name or str(c.opd_id) for c in cases}
    return sorted(names.items(), key=lambda item: (item[1], item[0]))


@dataclass(frozen=True)
class ReviewerMark:
    name: str
    verdict: str
    parameter: int
    note: str
    submitted: bool


@dataclass(frozen=True)
class Disagreement:
    case: ReviewCase
    indicator_no: int
    indicator_name: str
    claimed_parameter: int
    marks: list[ReviewerMark]
    parameters: tuple[Parameter, ...]

    @property
    def key(self) -> str:
        return f"{self.case.id}-{self.indicator_no}"


def disagreements(
    session: Session, *, principal: Principal, period_id: uuid.UUID | None
) -> list[Disagreement]:
    """Indicators of cases under review where the reviewers disagree and no ruling exists yet (admin)."""
    case_review.require_admin(principal)
    found: list[Disagreement] = []
    for status in case_review.UNDER_REVIEW:
        for case in list_cases(
            session, principal=principal, status=status, limit=100_000, offset=0, period_id=period_id
        ):
            review = case_review.load_review(session, case)
            submitted = {a.reviewer_id for a in review.active_assignments() if a.submitted_at is not None}
            for view in review.indicators():
                if view.round != case.round or not view.outcome.unresolved:
                    continue
                definition = review.catalogue.indicator(view.indicator_no) if review.catalogue else None
                marks = [
                    ReviewerMark(
                        name=review.accounts[m.reviewer_id].name
                        if m.reviewer_id in review.accounts
                        else str(m.reviewer_id),
                        verdict=m.verdict,
                        parameter=m.parameter,
                        note=m.note,
                        submitted=m.reviewer_id in submitted,
                    )
                    for m in review.marks(view.round, view.indicator_no)
                ]
                found.append(
                    Disagreement(
                        case=case,
                        indicator_no=view.indicator_no,
                        indicator_name=view.name,
                        claimed_parameter=view.claimed_parameter,
                        marks=sorted(marks, key=lambda m: m.name),
                        parameters=definition.parameters if definition else (),
                    )
                )
    return sorted(found, key=lambda d: (d.case.opd_name, d.case.nama, str(d.case.id), d.indicator_no))


@dataclass(frozen=True)
class SpdRow:
    definition: SpdIndicatorDefinition
    parameter: int | None
    figure: str
    note: str
    evidence_url: str
    entered_at: datetime | None

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def bobot(self) -> Decimal:
        return self.definition.bobot

    @property
    def wajib(self) -> bool:
        return self.definition.wajib

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self.definition.parameters


def spd_rows(session: Session, *, principal: Principal, period_id: uuid.UUID) -> tuple[list[SpdRow], float]:
    """The period's SPD indicators with what was entered, and the SPD score they make (admin)."""
    index = dashboard.projected_index(session, principal=principal, period_id=period_id)
    entered = {e.code: e for e in index.spd_entries}
    rows = []
    for definition in index.settings.catalogue.spd_indicators:
        entry = entered.get(definition.code)
        rows.append(
            SpdRow(
                definition=definition,
                parameter=entry.parameter if entry else None,
                figure=(entry.figure or "") if entry else "",
                note=entry.note if entry else "",
                evidence_url=(entry.evidence_url or "") if entry else "",
                entered_at=entry.entered_at if entry else None,
            )
        )
    return rows, index.verified.spd
