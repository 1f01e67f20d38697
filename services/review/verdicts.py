"""Verdicts: recording and submitting them, the coordinator's ruling, the decision, and the
verdicts as the reviewer's pages show them."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services.review import repository
from services.review.case_review import (
    CaseClosed,
    CaseReview,
    case_for_change,
    load_review,
    numbers,
    require_admin,
    rescore,
    visible,
    visible_verdicts,
)
from services.review.models import (
    Adjudication,
    Assignment,
    CaseStatus,
    Decision,
    IndicatorVerdict,
    ReviewCase,
    Verdict,
)
from shared.auth import Principal, Role
from shared.contracts.submission import (
    ApplyReviewResult,
    IndicatorNote,
    IndicatorResult,
    MarkInReview,
    ReviewerNote,
)
from shared.db import utc_now
from shared.errors import Conflict, Forbidden, InvalidInput
from shared.i18n import translate
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)


class CaseAlreadyDecided(Conflict, code="review.case_already_decided"): ...


class NoteRequired(InvalidInput, code="review.note_required"): ...


class DecisionIncomplete(Conflict, code="review.decision_incomplete"):
    """409 with the list of what is still missing (`missing`), also shown in the message."""

    def __init__(self, missing: list[dict[str, Any]]):
        details = "; ".join(translate(item["message_key"], **item["params"]) for item in missing)
        super().__init__(details=details)
        self.missing = [
            {
                **{k: v for k, v in item.items() if k not in ("message_key", "params")},
                "message": translate(item["message_key"], **item["params"]),
            }
            for item in missing
        ]


class NotAssigned(Forbidden, code="review.not_assigned"): ...


class NotDecider(Forbidden, code="review.not_decider"): ...


class IndicatorUnknown(InvalidInput, code="review.indicator_unknown"): ...


class VerdictNoteRequired(InvalidInput, code="review.verdict_note_required"): ...


class VerifiedAboveClaim(InvalidInput, code="review.verified_above_claim"): ...


class VerdictsAlreadySubmitted(Conflict, code="review.verdicts_already_submitted"): ...


class VerdictsIncomplete(Conflict, code="review.verdicts_incomplete"): ...


class NothingToReopen(InvalidInput, code="review.nothing_to_reopen"): ...


def _decision_label(decision: Decision) -> str:
    return translate(f"review.decision.{decision.value}")


@dataclass(frozen=True)
class VerdictInput:
    indicator_no: int
    verdict: Verdict
    verified_parameter: int
    note: str


def _check_inputs(review: CaseReview, items: list[VerdictInput]) -> None:
    allowed = set(review.known_indicators()) if review.case.round == 1 else review.required()
    unknown = sorted({i.indicator_no for i in items} - allowed)
    if unknown:
        raise IndicatorUnknown(indicators=numbers(unknown), known=numbers(allowed) or "-")
    lacking_note = sorted(
        {i.indicator_no for i in items if i.verdict is not Verdict.sesuai and not i.note.strip()}
    )
    if lacking_note:
        raise VerdictNoteRequired(indicators=numbers(lacking_note))
    _check_not_above_claim(review, items)


def _check_not_above_claim(review: CaseReview, items: list[VerdictInput]) -> None:
    """Verification can confirm or lower what the OPD claimed, never raise it."""
    claimed = review.claimed()
    above = [i for i in items if i.verified_parameter > claimed.get(i.indicator_no, 0)]
    if above:
        raise VerifiedAboveClaim(
            indicators=numbers(sorted(i.indicator_no for i in above)),
            claims=", ".join(f"{i.indicator_no}: {claimed.get(i.indicator_no, 0)}" for i in above),
        )


def _start_review(uow: UnitOfWork, case: ReviewCase) -> None:
    if case.status is CaseStatus.open:
        case.status, case.started_at = CaseStatus.in_review, utc_now()
        uow.session.flush()
        uow.publish(
            MarkInReview(
                case_id=case.id,
                innovation_id=case.innovation_id,
                version=case.version,
                started_at=case.started_at,
            )
        )


def record_verdicts(
    uow: UnitOfWork, *, principal: Principal, case_id: uuid.UUID, items: list[VerdictInput]
) -> CaseReview:
    """Record (or change, until submitted) the caller's verdicts on indicators of the current round."""
    case = case_for_change(uow.session, principal, case_id)
    assignment = repository.get_assignment(
        uow.session, case_id=case.id, round_no=case.round, reviewer_id=principal.user_id, for_update=True
    )
    if assignment is None or not assignment.active:
        raise NotAssigned()
    if assignment.submitted_at is not None:
        raise VerdictsAlreadySubmitted()
    _check_inputs(load_review(uow.session, case), items)
    for item in items:
        row = repository.get_verdict(
            uow.session,
            case_id=case.id,
            round_no=case.round,
            reviewer_id=principal.user_id,
            indicator_no=item.indicator_no,
        )
        if row is None:
            row = IndicatorVerdict(
                case_id=case.id,
                round=case.round,
                reviewer_id=principal.user_id,
                indicator_no=item.indicator_no,
            )
            uow.session.add(row)
        row.verdict, row.verified_parameter = item.verdict, item.verified_parameter
        row.note, row.recorded_at = item.note.strip(), utc_now()
    _start_review(uow, case)
    rescore(uow.session, case=case)
    return load_review(uow.session, case)


def submit_verdicts(uow: UnitOfWork, *, principal: Principal, case_id: uuid.UUID) -> CaseReview:
    """Close the caller's assessment: every required indicator has their verdict; others' become visible."""
    case = case_for_change(uow.session, principal, case_id)
    assignment = repository.get_assignment(
        uow.session, case_id=case.id, round_no=case.round, reviewer_id=principal.user_id, for_update=True
    )
    if assignment is None or not assignment.active:
        raise NotAssigned()
    review = load_review(uow.session, case)
    if assignment.submitted_at is None:
        done = {
            v.indicator_no
            for v in review.verdicts
            if v.round == case.round and v.reviewer_id == principal.user_id
        }
        lacking = sorted(review.required() - done)
        if lacking:
            raise VerdictsIncomplete(indicators=numbers(lacking))
        assignment.submitted_at = utc_now()
        _start_review(uow, case)
        uow.session.flush()
    return load_review(uow.session, case)


def adjudicate(
    uow: UnitOfWork, *, principal: Principal, case_id: uuid.UUID, item: VerdictInput
) -> CaseReview:
    """The coordinator's (admin's) final verdict and parameter on one indicator of the current round."""
    require_admin(principal)
    case = case_for_change(uow.session, principal, case_id)
    review = load_review(uow.session, case)
    _check_inputs(review, [item])
    row = repository.get_adjudication(
        uow.session, case_id=case.id, round_no=case.round, indicator_no=item.indicator_no
    )
    if row is None:
        row = Adjudication(case_id=case.id, round=case.round, indicator_no=item.indicator_no)
        uow.session.add(row)
    row.verdict, row.verified_parameter, row.note = item.verdict, item.verified_parameter, item.note.strip()
    row.decided_by, row.decided_at = principal.user_id, utc_now()
    rescore(uow.session, case=case)
    return load_review(uow.session, case)


def _indicator_notes(review: CaseReview) -> list[IndicatorNote]:
    notes = []
    for view in review.indicators():
        if view.round != review.case.round or view.outcome.verdict in (None, Verdict.sesuai.value):
            continue
        notes.append(
            IndicatorNote(
                indicator_no=view.indicator_no,
                verdict=view.outcome.verdict,
                verified_parameter=view.outcome.verified,
                note=" / ".join(view.outcome.notes),
            )
        )
    return notes


def _notes_by_reviewer(review: CaseReview, round_no: int, indicator_no: int) -> tuple[ReviewerNote, ...]:
    """The notes on one indicator, each under its reviewer's number in the case (in the order they were
    assigned), the coordinator's ruling first."""
    order = [a.reviewer_id for a in sorted(review.active_assignments(round_no), key=lambda a: a.assigned_at)]
    notes = [
        ReviewerNote(reviewer_no=order.index(mark.reviewer_id) + 1, note=mark.note)
        for mark in review.marks(round_no, indicator_no)
        if mark.note
    ]
    ruling = review.ruling(round_no, indicator_no)
    if ruling is not None and ruling.note:
        notes.insert(0, ReviewerNote(reviewer_no=None, note=ruling.note))
    return tuple(sorted(notes, key=lambda n: n.reviewer_no or 0))


def _results(review: CaseReview) -> list[IndicatorResult]:
    """Every indicator as the decision leaves it: what the OPD sees on its result page."""
    return [
        IndicatorResult(
            indicator_no=view.indicator_no,
            claimed_parameter=view.claimed_parameter,
            verified_parameter=view.outcome.verified,
            verdict=view.outcome.verdict,
            notes=_notes_by_reviewer(review, view.round, view.indicator_no),
        )
        for view in review.indicators()
    ]


def decide(
    uow: UnitOfWork,
    *,
    principal: Principal,
    case_id: uuid.UUID,
    decision: Decision,
    note: str,
    reopen: list[int] | None = None,
    revision_deadline: datetime | None = None,
) -> ReviewCase:
    """Record the decision once and tell submission through the outbox (same transaction)."""
    case = visible(uow.session, repository.get_case(uow.session, case_id, for_update=True), principal)
    if case.status is CaseStatus.decided:
        assert case.decision is not None
        if case.decision is decision:  # a double click or a retried request: nothing new happens
            return case
        raise CaseAlreadyDecided(decision=_decision_label(case.decision))
    if case.status is CaseStatus.withdrawn:
        raise CaseClosed(status=translate("review.status.withdrawn"))
    review = load_review(uow.session, case)
    is_reviewer = any(a.reviewer_id == principal.user_id for a in review.active_assignments())
    if principal.role not in (Role.admin, Role.superadmin) and not is_reviewer:
        raise NotDecider()
    note = note.strip()
    if decision is not Decision.accepted and not note:
        raise NoteRequired(decision=_decision_label(decision))
    missing = review.missing_for_decision()
    if missing:
        raise DecisionIncomplete(missing)
    indicator_notes = _indicator_notes(review)
    reopened: list[int] = []
    deadline: datetime | None = None
    if decision is Decision.revision_requested:
        flagged = [n.indicator_no for n in indicator_notes if n.verdict == Verdict.perlu_perbaikan.value]
        reopened = sorted(set(reopen if reopen else flagged))
        unknown = sorted(set(reopened) - set(review.known_indicators()))
        if unknown:
            raise IndicatorUnknown(indicators=numbers(unknown), known=numbers(review.known_indicators()))
        if not reopened:
            raise NothingToReopen()
        days = review.settings.revision_days if review.settings else 7
        deadline = revision_deadline or utc_now() + timedelta(days=days)
    claimed, verified = review.scores()
    case.status, case.decision, case.decision_note = CaseStatus.decided, decision, note or None
    case.decided_by, case.decided_at, case.revision_deadline = principal.user_id, utc_now(), deadline
    case.claimed_score, case.verified_score = claimed, verified
    current = review.current
    current.decision, current.decision_note = decision, note or None
    current.decided_by, current.decided_at, current.sent_back_indicators = (
        principal.user_id,
        case.decided_at,
        reopened,
    )
    uow.session.flush()
    assert case.decided_at is not None
    uow.publish(
        ApplyReviewResult(
            case_id=case.id,
            innovation_id=case.innovation_id,
            version=case.version,
            decision=decision.value,
            note=note,
            decided_at=case.decided_at,
            indicator_notes=tuple(indicator_notes),
            reopened_indicators=tuple(reopened),
            revision_deadline=deadline,
            claimed_score=claimed if review.catalogue else None,
            verified_score=verified if review.catalogue else None,
            results=tuple(_results(review)),
        )
    )
    log.info("review.decide.decided", extra={"case_id": str(case.id), "decision": decision.value})
    return case


@dataclass(frozen=True)
class ShownVerdict:
    """A verdict as a page shows it: who, what, which parameter, the note."""

    round: int
    reviewer_id: uuid.UUID
    reviewer_name: str
    verdict: str
    verified_parameter: int
    note: str
    adjudication: bool = False


@dataclass(frozen=True)
class RoundHistory:
    """How an earlier round left one indicator: what the OPD claimed, the verdicts, the round's decision."""

    round: int
    version: int
    claimed_parameter: int
    verdicts: list[ShownVerdict]
    decision: str | None
    decision_note: str | None
    sent_back: bool


def _name_of(review: CaseReview, user_id: uuid.UUID) -> str:
    account = review.accounts.get(user_id)
    return account.name if account else str(user_id)[:8]


def _shown(
    review: CaseReview, row: IndicatorVerdict | Adjudication, *, by: uuid.UUID, adjudication: bool = False
) -> ShownVerdict:
    """A reviewer's verdict, or (`adjudication`) the coordinator's ruling, as made `by` that person."""
    return ShownVerdict(
        round=row.round,
        reviewer_id=by,
        reviewer_name=_name_of(review, by),
        verdict=row.verdict.value,
        verified_parameter=row.verified_parameter,
        note=row.note,
        adjudication=adjudication,
    )


def indicator_verdicts(
    review: CaseReview, principal: Principal, indicator_no: int, *, round_no: int | None = None
) -> list[ShownVerdict]:
    """The verdicts on one indicator in one round (current by default) the caller may see: others'
    only once the caller submitted (or is an admin); the coordinator's ruling last."""
    wanted = review.case.round if round_no is None else round_no
    active = {a.reviewer_id for a in review.active_assignments(wanted)}
    shown = [
        _shown(review, v, by=v.reviewer_id)
        for v in visible_verdicts(review, principal)
        if v.round == wanted and v.indicator_no == indicator_no and v.reviewer_id in active
    ]
    shown.sort(key=lambda s: s.reviewer_name)
    for ruling in review.adjudications:
        if ruling.round == wanted and ruling.indicator_no == indicator_no:
            shown.append(_shown(review, ruling, by=ruling.decided_by, adjudication=True))
    return shown


def indicator_history(review: CaseReview, principal: Principal, indicator_no: int) -> list[RoundHistory]:
    """The earlier rounds that assessed this indicator, newest first (empty on round 1)."""
    history = []
    for round_ in sorted(review.rounds, key=lambda r: -r.round):
        if round_.round >= review.case.round or indicator_no not in review.assessed_in(round_):
            continue
        answers = {a["indicator_no"]: a["claimed_parameter"] for a in round_.snapshot.get("answers", [])}
        history.append(
            RoundHistory(
                round=round_.round,
                version=round_.version,
                claimed_parameter=answers.get(indicator_no, 0),
                verdicts=indicator_verdicts(review, principal, indicator_no, round_no=round_.round),
                decision=round_.decision.value if round_.decision else None,
                decision_note=round_.decision_note,
                sent_back=indicator_no in (round_.sent_back_indicators or []),
            )
        )
    return history


def my_verdicts(review: CaseReview, principal: Principal) -> dict[int, IndicatorVerdict]:
    """The caller's own verdicts on the current round, by indicator."""
    return {
        v.indicator_no: v
        for v in review.verdicts
        if v.round == review.case.round and v.reviewer_id == principal.user_id
    }


def my_assignment(review: CaseReview, principal: Principal) -> Assignment | None:
    """The caller's active assignment on the current round, if any."""
    return next((a for a in review.active_assignments() if a.reviewer_id == principal.user_id), None)


def assessable_indicators(review: CaseReview) -> list[int]:
    """The indicators a reviewer may give a verdict on in the current round (round 1: all of them;
    later rounds: the reopened ones)."""
    if review.case.round == 1:
        return review.known_indicators()
    return sorted(review.required())


def case_flags(case: ReviewCase, indicator_no: int | None) -> list[dict[str, Any]]:
    """Submission's flags on the case for one indicator (None: those naming no indicator)."""
    return [
        f
        for f in case.snapshot.get("flags", [])
        if isinstance(f, dict) and (f.get("indicator_no") or None) == indicator_no
    ]
