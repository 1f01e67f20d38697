"""API models of the review service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from services.review import scoring
from services.review.models import (
    Assignment,
    CaseStatus,
    Decision,
    DirectoryAccount,
    IndicatorVerdict,
    ReviewCase,
    Verdict,
)
from shared.contracts.catalogue import Points
from shared.i18n import translate
from shared.schemas import model_of

if TYPE_CHECKING:  # the API models read these; the feature modules never import the API models
    from services.review.case_review import CaseReview, IndicatorView
    from services.review.dashboard import OpdRank, PeriodIndex
    from services.review.whatif import NextInnovation, Pending, WhatIf


class EvidenceRead(BaseModel):
    """One evidence file as submitted (download it through the evidence endpoint)."""

    evidence_id: uuid.UUID
    indicator_no: int
    filename: str
    content_type: str
    size: int
    sha256: str
    object_key: str
    link_url: str | None = None
    flags: list[str] = []


class InnovationProfileRead(BaseModel):
    nama: str
    tahapan: str
    jenis: str


class CaseSummaryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    innovation_id: uuid.UUID
    version: int
    round: int
    pemda_id: uuid.UUID
    opd_id: uuid.UUID
    opd_name: str
    period_id: uuid.UUID
    nama: str
    tahapan: str
    jenis: str
    bentuk: str
    urusan: str
    submitted_at: datetime
    status: CaseStatus
    decision: Decision | None
    decided_at: datetime | None
    claimed_score: float
    verified_score: float | None = Field(description="hidden (null) until you submitted your own verdicts")
    score_gap: float | None
    provisional: bool = Field(default=False, description="not decided yet: its verified score may change")

    @classmethod
    def of(cls, case: ReviewCase, *, reveal: bool = True) -> CaseSummaryRead:
        provisional = case.status is not CaseStatus.decided
        return cls.model_validate({**_columns(case), **_scores(case, reveal), "provisional": provisional})


class AssignmentRead(BaseModel):
    reviewer_id: uuid.UUID
    reviewer_name: str
    round: int
    assigned_at: datetime
    assigned_automatically: bool
    due_at: datetime
    submitted_at: datetime | None


class IndicatorRead(BaseModel):
    """One indicator: claimed vs verified side by side, and where its verification stands."""

    indicator_no: int
    name: str
    bobot: Points = Field(description="the weight; 0 for an indicator the case's catalogue does not know")
    wajib: bool
    required: bool = Field(description="the reviewers of this round must give it a verdict")
    round: int = Field(description="the round whose verdicts decide it")
    evidence_count: int
    claimed_parameter: int
    claimed_score: Points
    verified_parameter: int | None = Field(description="hidden (null) until you submitted your own verdicts")
    verified_score: Points | None
    verdict: Verdict | None
    disagreement: bool
    adjudicated: bool

    @classmethod
    def of(cls, view: IndicatorView, *, reveal: bool) -> IndicatorRead:
        outcome = view.outcome
        verified = outcome.verified if reveal else None
        return model_of(
            cls,
            view,
            claimed_score=view.bobot * view.claimed_parameter,
            verified_parameter=verified,
            verified_score=view.bobot * verified if verified is not None else None,
            verdict=Verdict(outcome.verdict) if reveal and outcome.verdict else None,
            disagreement=outcome.disagreement if reveal else False,
            adjudicated=outcome.adjudicated if reveal else False,
        )


class RoundRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    round: int
    version: int
    submitted_at: datetime
    reopened_indicators: list[int]
    decision: Decision | None
    decision_note: str | None
    decided_at: datetime | None
    sent_back_indicators: list[int]


class MissingRead(BaseModel):
    """One thing that stands between the case and a decision."""

    kind: str = Field(description="no_reviewer / verdicts_missing / not_submitted / disagreement")
    message: str
    reviewer_id: uuid.UUID | None = None
    indicators: list[int] = []
    indicator_no: int | None = None


class CaseRead(CaseSummaryRead):
    snapshot: InnovationProfileRead
    profile: dict[str, Any]
    flags: list[dict[str, Any]]
    evidence: list[EvidenceRead]
    decision_note: str | None
    decided_by: uuid.UUID | None
    revision_deadline: datetime | None
    created_at: datetime
    assignments: list[AssignmentRead]
    indicators: list[IndicatorRead]
    rounds: list[RoundRead]
    missing_for_decision: list[MissingRead]

    @classmethod
    def of(cls, case: ReviewCase, review: CaseReview | None = None, *, reveal: bool = True) -> CaseRead:
        assignments: list[Assignment] = review.assignments if review else []
        accounts = review.accounts if review else {}
        missing = (
            review.missing_for_decision()
            if review and case.status in (CaseStatus.open, CaseStatus.in_review)
            else []
        )
        return cls.model_validate(
            {
                **_columns(case),
                **_scores(case, reveal),
                "snapshot": case.snapshot["snapshot"],
                "profile": case.snapshot.get("profile", {}),
                "flags": case.snapshot.get("flags", []),
                "evidence": case.snapshot.get("evidence", []),
                "assignments": [
                    model_of(
                        AssignmentRead,
                        a,
                        reviewer_name=accounts[a.reviewer_id].name if a.reviewer_id in accounts else "",
                        assigned_automatically=a.assigned_by is None,
                    )
                    for a in assignments
                    if a.active
                ],
                "indicators": [
                    IndicatorRead.of(v, reveal=reveal or v.round != case.round) for v in review.indicators()
                ]
                if review
                else [],
                "rounds": [RoundRead.model_validate(r) for r in (review.rounds if review else [])],
                "missing_for_decision": [
                    MissingRead(
                        kind=m["kind"],
                        message=translate(m["message_key"], **m["params"]),
                        reviewer_id=m.get("reviewer_id"),
                        indicators=m.get("indicators", []),
                        indicator_no=m.get("indicator_no"),
                    )
                    for m in missing
                ],
            }
        )


def _scores(case: ReviewCase, reveal: bool) -> dict[str, Any]:
    if not reveal:
        return {"verified_score": None, "score_gap": None}
    return {"verified_score": case.verified_score, "score_gap": case.verified_score - case.claimed_score}


def _columns(case: ReviewCase) -> dict[str, Any]:
    return {
        column.key: getattr(case, column.key)
        for column in ReviewCase.__table__.columns
        if column.key != "snapshot"
    }


class DecisionCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    decision: Decision
    note: str = Field(
        default="", max_length=4000, description="Catatan untuk OPD; wajib kecuali keputusan 'accepted'"
    )
    reopen_indicators: list[int] | None = Field(
        default=None,
        description="revision_requested: indicators to reopen (default: those 'perlu_perbaikan')",
    )
    revision_deadline: datetime | None = Field(
        default=None,
        description="revision_requested: the OPD's deadline (default: the period's revision days)",
    )


class VerdictItem(BaseModel):
    """Your verdict on one indicator: note required unless 'sesuai'."""

    model_config = ConfigDict(str_strip_whitespace=True)

    indicator_no: int = Field(ge=1)
    verdict: Verdict
    verified_parameter: int = Field(ge=0, le=3)
    note: str = Field(default="", max_length=4000)


class VerdictsWrite(BaseModel):
    verdicts: list[VerdictItem] = Field(min_length=1, max_length=100)


class AdjudicationWrite(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    verdict: Verdict
    verified_parameter: int = Field(ge=0, le=3)
    note: str = Field(default="", max_length=4000)


class VerdictRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    round: int
    reviewer_id: uuid.UUID
    indicator_no: int
    verdict: Verdict
    verified_parameter: int
    note: str
    recorded_at: datetime

    @classmethod
    def many(cls, rows: list[IndicatorVerdict]) -> list[VerdictRead]:
        return [cls.model_validate(r) for r in rows]


class AssignmentCreate(BaseModel):
    reviewer_id: uuid.UUID


class ReviewerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    user_id: uuid.UUID
    pemda_id: uuid.UUID | None
    opd_id: uuid.UUID | None
    role: str
    name: str
    email: str | None
    is_active: bool
    source: str
    expertise_urusan: list[str]
    conflict_opd_ids: list[uuid.UUID]
    conflict_innovation_ids: list[uuid.UUID]

    @classmethod
    def many(cls, rows: list[DirectoryAccount]) -> list[ReviewerRead]:
        return [cls.model_validate(r) for r in rows]


class ReviewerProfileUpdate(BaseModel):
    expertise_urusan: list[str] = Field(default_factory=list, max_length=60)
    conflict_opd_ids: list[uuid.UUID] = Field(default_factory=list, max_length=200)
    conflict_innovation_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)


class EvidenceLinkRead(BaseModel):
    """A short-lived download URL for one evidence file, with its SHA-256 re-checked."""

    model_config = ConfigDict(from_attributes=True)

    url: str
    expires_in: int = Field(description="seconds the URL stays valid")
    sha256: str = Field(description="the SHA-256 the OPD submitted")
    filename: str
    integrity: str = Field(description="ok / mismatch / missing: the stored bytes re-hashed just now")
    actual_sha256: str | None
    warning: str | None = Field(description="shown loudly when the integrity is not ok")


class SpdEntryWrite(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    parameter: int | None = Field(default=None, ge=0, le=3, description="for a row chosen by parameter")
    figure: str | None = Field(
        default=None,
        max_length=40,
        description="the raw figure or answer of a number or choice row: 72,40; WTP",
    )
    note: str = Field(default="", max_length=4000)
    evidence_url: str | None = Field(default=None, max_length=1000)


class SpdEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    parameter: int
    figure: str | None = None
    note: str
    evidence_url: str | None
    entered_at: datetime


class IndexPartRead(BaseModel):
    """The IID built one way (claimed or verified), with every part of the formula."""

    model_config = ConfigDict(from_attributes=True)

    spd: float
    n: int
    k: int
    sid_total: float
    sid_average: float
    jumlah_inovasi: float
    sid: float
    iid: float
    predicate: str
    urusan_covered: list[str]
    urusan_missing: list[str] = Field(description="required basic-service urusan not covered (codes)")

    @classmethod
    def of(cls, result: scoring.IndexResult) -> IndexPartRead:
        return cls.model_validate(result)


class IndexRead(BaseModel):
    period_id: uuid.UUID
    spd_entries: list[SpdEntryRead]
    claimed: IndexPartRead
    verified: IndexPartRead
    provisional: int = Field(description="cases in the verified column not decided yet")
    decided_only: bool

    @classmethod
    def of(cls, index: PeriodIndex) -> IndexRead:
        return cls(
            period_id=index.settings.period_id,
            spd_entries=[SpdEntryRead.model_validate(e) for e in index.spd_entries],
            claimed=IndexPartRead.of(index.claimed),
            verified=IndexPartRead.of(index.verified),
            provisional=index.provisional,
            decided_only=index.decided_only,
        )


class SeatsRead(BaseModel):
    k: int
    n: int
    divisor: int = Field(description="MAX(k, n), what the SID total is divided by")
    empty: int = Field(
        description="innovations that still add to the SID average without raising the divisor"
    )


class NextInnovationRead(BaseModel):
    """One more innovation of `score`: the IID points it adds (negative: it lowers the average)."""

    basis: str = Field(description="median | average | maximum | chosen")
    score: float
    iid: float
    predicate: str
    gain: float
    sid_average_gain: float
    jumlah_gain: float
    gain_in_missing_urusan: float | None = Field(
        description="the IID points if it also covers missing_urusan and so unlocks the jumlah-inovasi score"
    )
    missing_urusan: str | None = Field(description="code of the basic-service urusan that case assumes")

    @classmethod
    def of(cls, step: NextInnovation) -> NextInnovationRead:
        return cls(
            basis=step.basis,
            score=step.score,
            iid=step.iid,
            predicate=step.predicate,
            gain=step.gain,
            sid_average_gain=step.sid_average_gain,
            jumlah_gain=step.jumlah_gain,
            gain_in_missing_urusan=step.gain_in_missing_urusan,
            missing_urusan=step.missing_urusan,
        )


class PendingRead(BaseModel):
    count: int = Field(description="cases not decided yet")
    accepted: IndexPartRead = Field(description="the index if they are all accepted at their claimed score")
    rejected: IndexPartRead = Field(description="the index if they are all rejected")

    @classmethod
    def of(cls, pending: Pending) -> PendingRead:
        return cls(
            count=pending.count,
            accepted=IndexPartRead.of(pending.accepted),
            rejected=IndexPartRead.of(pending.rejected),
        )


class OpdWhatIfRead(BaseModel):
    opd_id: uuid.UUID
    opd_name: str
    n: int = Field(description="its innovations the verified projection counts")
    points: float = Field(description="IID points its innovations bring through the SID average")
    pending: PendingRead = Field(description="the pemda's index if this OPD's pending cases go either way")


class WhatIfRead(BaseModel):
    """The what-if of the verified projection: seats, the next innovation, the pending cases."""

    period_id: uuid.UUID
    now: IndexPartRead
    seats: SeatsRead
    max_score: float = Field(description="the most one innovation can score (SID)")
    next: list[NextInnovationRead]
    pending: PendingRead
    opds: list[OpdWhatIfRead]

    @classmethod
    def of(cls, period_id: uuid.UUID, what: WhatIf) -> WhatIfRead:
        return cls(
            period_id=period_id,
            now=IndexPartRead.of(what.now),
            seats=SeatsRead(
                k=what.seats.k, n=what.seats.n, divisor=what.seats.divisor, empty=what.seats.empty
            ),
            max_score=what.max_score,
            next=[NextInnovationRead.of(step) for step in what.next],
            pending=PendingRead.of(what.pending),
            opds=[
                OpdWhatIfRead(
                    opd_id=o.opd_id,
                    opd_name=o.opd_name,
                    n=o.n,
                    points=o.points,
                    pending=PendingRead.of(o.pending),
                )
                for o in what.opds
            ],
        )


class RankedInnovationRead(CaseSummaryRead):
    rank: int


class OpdRankRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    rank: int
    opd_id: uuid.UUID
    opd_name: str
    innovations: int
    accepted: int
    verified_total: float
    verified_average: float
    claimed_total: float

    @classmethod
    def many(cls, ranks: list[OpdRank]) -> list[OpdRankRead]:
        return [cls.model_validate({**r.__dict__, "rank": n}) for n, r in enumerate(ranks, start=1)]
