"""The shared core of review: period settings, a case loaded with its visibility checks and
everything its verification needs (CaseReview), and who may see which verdicts."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from services.review import repository, scoring
from services.review.models import (
    Adjudication,
    Assignment,
    CaseStatus,
    DirectoryAccount,
    IndicatorVerdict,
    ReviewCase,
    ReviewRound,
)
from shared.auth import Principal, Role
from shared.contracts.catalogue import Catalogue
from shared.contracts.review import PeriodSettings
from shared.errors import Conflict, Forbidden, NotFound
from shared.i18n import translate
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)


class CaseClosed(Conflict, code="review.case_closed"): ...


class AdminOnly(Forbidden, code="review.admin_only"): ...


def numbers(values: list[int] | set[int]) -> str:
    """Indicator numbers for a message: "1, 3, 4"."""
    return ", ".join(str(v) for v in sorted(values))


UNDER_REVIEW = (CaseStatus.open, CaseStatus.in_review)
DUE_SOON = timedelta(
    days=2
)  # a reviewer is reminded, and the queue marks the case, this long before it is due


def period_settings(session: Session, period_id: uuid.UUID) -> PeriodSettings | None:
    """The period's settings as submission last sent them; None before the first sync."""
    row = repository.get_period(session, period_id)
    return PeriodSettings.model_validate(row.settings) if row is not None else None


def require_admin(principal: Principal) -> uuid.UUID | None:
    """Refuse anyone but an admin; the pemda they act for (None: the superadmin, every pemda)."""
    if principal.role not in (Role.admin, Role.superadmin):
        raise AdminOnly()
    return None if principal.role is Role.superadmin else principal.pemda_id


def is_admin(principal: Principal) -> bool:
    """An admin (or the superadmin) reads every case of their pemda; anyone else only their own."""
    return principal.role in (Role.admin, Role.superadmin)


def visible(session: Session, case: ReviewCase | None, principal: Principal) -> ReviewCase:
    """The case if the caller may read it, else 404 (no hint it exists).

    An admin: any case of their pemda (superadmin: any). A reviewer: only a case they are assigned to
    on its current round, never one withdrawn back to a draft, never one of their own OPD.
    """
    if case is None or (principal.role is not Role.superadmin and case.pemda_id != principal.pemda_id):
        raise NotFound("review.case_not_found")
    if is_admin(principal):
        return case
    if case.status is CaseStatus.withdrawn or (
        principal.opd_id is not None and principal.opd_id == case.opd_id
    ):
        raise NotFound("review.case_not_found")
    mine = repository.get_assignment(
        session, case_id=case.id, round_no=case.round, reviewer_id=principal.user_id
    )
    if mine is None or not mine.active:
        raise NotFound("review.case_not_found")
    return case


def get_case(session: Session, *, principal: Principal, case_id: uuid.UUID) -> ReviewCase:
    """The case if the caller may see it, else 404."""
    return visible(session, repository.get_case(session, case_id), principal)


def case_for_change(session: Session, principal: Principal, case_id: uuid.UUID) -> ReviewCase:
    """The case locked for a change by the caller, while it is still under review (else 409)."""
    case = visible(session, repository.get_case(session, case_id, for_update=True), principal)
    if case.status not in UNDER_REVIEW:
        raise CaseClosed(status=translate(f"review.status.{case.status.value}"))
    return case


@dataclass
class IndicatorView:
    indicator_no: int
    name: str
    bobot: Decimal
    wajib: bool
    claimed_parameter: int
    required: bool
    round: int  # the round whose verdicts decide this indicator
    outcome: scoring.IndicatorOutcome
    evidence_count: int

    @property
    def verified_parameter(self) -> int:
        return self.outcome.verified or 0


@dataclass
class CaseReview:
    """A case with everything its verification needs, loaded once."""

    case: ReviewCase
    catalogue: Catalogue | None
    settings: PeriodSettings | None
    rounds: list[ReviewRound]
    assignments: list[Assignment]
    verdicts: list[IndicatorVerdict]
    adjudications: list[Adjudication]
    accounts: dict[uuid.UUID, DirectoryAccount] = field(default_factory=dict)

    @property
    def current(self) -> ReviewRound:
        return next(r for r in self.rounds if r.round == self.case.round)

    def active_assignments(self, round_no: int | None = None) -> list[Assignment]:
        wanted = self.case.round if round_no is None else round_no
        return [a for a in self.assignments if a.round == wanted and a.active]

    def claimed(self) -> dict[int, int]:
        return {a["indicator_no"]: a["claimed_parameter"] for a in self.case.snapshot.get("answers", [])}

    def evidence_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for item in self.case.snapshot.get("evidence", []):
            if item["indicator_no"] >= 1:  # 0: the profile's own files (anggaran, profil bisnis)
                counts[item["indicator_no"]] = counts.get(item["indicator_no"], 0) + 1
        return counts

    def answered(self) -> set[int]:
        return {no for no, p in self.claimed().items() if p > 0} | set(self.evidence_counts())

    def known_indicators(self) -> list[int]:
        if self.catalogue is not None:
            return [i.no for i in self.catalogue.indicators]
        return sorted(self.answered())

    def assessed_in(self, round_: ReviewRound) -> set[int]:
        return set(self.known_indicators()) if round_.round == 1 else set(round_.reopened_indicators)

    def required(self) -> set[int]:
        """What the current round's reviewers must each give a verdict on."""
        if self.case.round == 1:
            return self.answered() & set(self.known_indicators())
        return set(self.current.reopened_indicators)

    def marks(self, round_no: int, indicator_no: int) -> list[scoring.Mark]:
        active = {a.reviewer_id for a in self.active_assignments(round_no)}
        return [
            scoring.Mark(v.reviewer_id, v.verdict.value, v.verified_parameter, v.note)
            for v in self.verdicts
            if v.round == round_no and v.indicator_no == indicator_no and v.reviewer_id in active
        ]

    def ruling(self, round_no: int, indicator_no: int) -> scoring.Ruling | None:
        for a in self.adjudications:
            if a.round == round_no and a.indicator_no == indicator_no:
                return scoring.Ruling(a.verdict.value, a.verified_parameter, a.note)
        return None

    def indicators(self) -> list[IndicatorView]:
        """Each indicator as the latest round that assessed it left it."""
        claimed, evidence, required = self.claimed(), self.evidence_counts(), self.required()
        deciding_round: dict[int, int] = {}
        for round_ in self.rounds:
            for no in self.assessed_in(round_):
                deciding_round[no] = round_.round
        views = []
        for no in self.known_indicators():
            definition = self.catalogue.indicator(no) if self.catalogue is not None else None
            round_no = deciding_round.get(no, self.case.round)
            views.append(
                IndicatorView(
                    indicator_no=no,
                    name=definition.name if definition else "",
                    bobot=definition.bobot if definition else Decimal(0),
                    wajib=definition.wajib if definition else False,
                    claimed_parameter=claimed.get(no, 0),
                    required=no in required,
                    round=round_no,
                    outcome=scoring.aggregate(self.marks(round_no, no), self.ruling(round_no, no)),
                    evidence_count=evidence.get(no, 0),
                )
            )
        return views

    def scores(self) -> tuple[float, float]:
        """(claimed, verified) as bobot x parameter summed over the catalogue; 0 without one."""
        if self.catalogue is None:
            return 0.0, 0.0
        views = self.indicators()
        claimed = scoring.innovation_score(
            self.catalogue, {v.indicator_no: v.claimed_parameter for v in views}
        )
        verified = scoring.innovation_score(
            self.catalogue, {v.indicator_no: v.outcome.verified for v in views}
        )
        return claimed, verified

    def missing_for_decision(self) -> list[dict[str, Any]]:
        """Everything that stands between the case and a decision, for the 409 and the case page."""
        active = self.active_assignments()
        if not active:
            return [{"kind": "no_reviewer", "message_key": "review.missing.no_reviewer", "params": {}}]
        missing: list[dict[str, Any]] = []
        required = self.required()
        for assignment in active:
            done = {
                v.indicator_no
                for v in self.verdicts
                if v.round == self.case.round and v.reviewer_id == assignment.reviewer_id
            }
            account = self.accounts.get(assignment.reviewer_id)
            name = account.name if account else str(assignment.reviewer_id)
            lacking = sorted(required - done)
            if lacking:
                missing.append(
                    {
                        "kind": "verdicts_missing",
                        "reviewer_id": str(assignment.reviewer_id),
                        "indicators": lacking,
                        "message_key": "review.missing.verdicts",
                        "params": {"name": name, "indicators": numbers(lacking)},
                    }
                )
            elif assignment.submitted_at is None:
                missing.append(
                    {
                        "kind": "not_submitted",
                        "reviewer_id": str(assignment.reviewer_id),
                        "message_key": "review.missing.not_submitted",
                        "params": {"name": name},
                    }
                )
        for view in self.indicators():
            if view.round == self.case.round and view.outcome.unresolved:
                missing.append(
                    {
                        "kind": "disagreement",
                        "indicator_no": view.indicator_no,
                        "message_key": "review.missing.disagreement",
                        "params": {"indicator_no": view.indicator_no},
                    }
                )
        return missing


def load_review(session: Session, case: ReviewCase) -> CaseReview:
    """The case with its rounds, assignments, verdicts, rulings and reviewers, loaded once."""
    settings = period_settings(session, case.period_id)
    assignments = repository.assignments_of(session, case.id)
    accounts = {a.reviewer_id: repository.get_account(session, a.reviewer_id) for a in assignments}
    return CaseReview(
        case=case,
        catalogue=settings.catalogue if settings else None,
        settings=settings,
        rounds=repository.rounds_of(session, case.id),
        assignments=assignments,
        verdicts=repository.verdicts_of(session, case.id),
        adjudications=repository.adjudications_of(session, case.id),
        accounts={k: v for k, v in accounts.items() if v is not None},
    )


def rescore(session: Session, *, case: ReviewCase, settings: PeriodSettings | None = None) -> bool:
    """Store the case's claimed and verified scores; True if they changed (the incremental update)."""
    session.flush()
    review = load_review(session, case)
    claimed, verified = review.scores()
    changed = (case.claimed_score, case.verified_score) != (claimed, verified)
    case.claimed_score, case.verified_score = claimed, verified
    session.flush()
    return changed


def recompute_all(uow: UnitOfWork) -> tuple[int, int]:
    """Recompute every case's scores from its verdicts; (cases checked, cases whose stored score differed)."""
    checked = differed = 0
    for case_id in repository.all_case_ids(uow.session):
        case = repository.get_case(uow.session, case_id, for_update=True)
        assert case is not None
        checked += 1
        if rescore(uow.session, case=case):
            differed += 1
            log.warning("review.recompute.corrected", extra={"case_id": str(case_id)})
    return checked, differed


def review_of(session: Session, *, principal: Principal, case_id: uuid.UUID) -> CaseReview:
    """The review of a case the caller may see, else 404."""
    return load_review(session, get_case(session, principal=principal, case_id=case_id))


def sees_current_verdicts(review: CaseReview, principal: Principal) -> bool:
    """A reviewer sees the current round's verdicts (and the verified score) once they submitted
    their own; one not on the case, once it is decided (they may still be assigned to it)."""
    if principal.role in (Role.admin, Role.superadmin) or review.case.status not in UNDER_REVIEW:
        return True
    own = [a for a in review.active_assignments() if a.reviewer_id == principal.user_id]
    return bool(own) and own[0].submitted_at is not None


def reveals_scores(case: ReviewCase, principal: Principal, submitted: set[uuid.UUID]) -> bool:
    """The list's version of `sees_current_verdicts`; `submitted`: cases the caller has submitted on."""
    if principal.role in (Role.admin, Role.superadmin) or case.status not in UNDER_REVIEW:
        return True
    return case.id in submitted


def cases_i_submitted(session: Session, *, principal: Principal) -> set[uuid.UUID]:
    """Cases on whose current round the caller has submitted their verdicts."""
    return set(repository.submitted_case_ids(session, principal.user_id))


def visible_verdicts(review: CaseReview, principal: Principal) -> list[IndicatorVerdict]:
    """The case's verdicts the caller may see: others' on the current round once they submitted."""
    open_to_all = sees_current_verdicts(review, principal)
    return [
        v
        for v in review.verdicts
        if open_to_all or v.round != review.case.round or v.reviewer_id == principal.user_id
    ]
