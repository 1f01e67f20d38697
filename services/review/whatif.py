"""What-if of the projected index (issue 12 item 5): empty seats of MAX(k, n), the points the next
innovation would add, and the index if the cases still pending are all accepted or all rejected.

The arithmetic is `scoring.index` applied to changed inputs, so every projection here agrees with the
dashboard's index and its predicate by construction.
"""

from __future__ import annotations

import statistics
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from services.review import dashboard, repository, scoring
from services.review.models import CaseStatus, ReviewCase
from shared.auth import Principal
from shared.contracts.catalogue import JumlahInovasiRule, Predicate
from shared.errors import InvalidInput


class WhatIfScoreOutOfRange(InvalidInput, code="review.whatif_score_out_of_range"): ...


@dataclass(frozen=True)
class Seats:
    """The seats of MAX(k, n): while n < k an innovation fills an empty seat and the divisor stays k."""

    k: int
    n: int

    @property
    def divisor(self) -> int:
        return max(self.k, self.n)

    @property
    def empty(self) -> int:
        """How many more innovations add their score to the SID average without raising its divisor."""
        return max(self.k - self.n, 0)


@dataclass(frozen=True)
class Inputs:
    """What the index is built from: the SPD score, the innovations' SID scores and their urusan."""

    spd: float
    scores: tuple[float, ...]
    k: int
    rule: JumlahInovasiRule
    urusan_covered: frozenset[str]
    predicates: tuple[Predicate, ...]

    def result(self) -> scoring.IndexResult:
        return scoring.index(
            spd=self.spd,
            innovation_scores=self.scores,
            k=self.k,
            rule=self.rule,
            urusan_covered=self.urusan_covered,
            predicates=self.predicates,
        )

    def plus(self, score: float, urusan: Iterable[str] = ()) -> Inputs:
        """The inputs with one more innovation of `score` (covering `urusan`)."""
        return replace(self, scores=(*self.scores, score), urusan_covered=self.urusan_covered | set(urusan))


@dataclass(frozen=True)
class NextInnovation:
    """What one more innovation of `score` would do: IID points added (negative: it lowers the average)."""

    basis: str  # median | average | maximum | chosen
    score: float
    iid: float
    gain: float
    sid_average_gain: float  # SID points through the average
    jumlah_gain: float  # SID points through the number-of-innovations score
    predicate: str
    # IID points if the innovation also covers a missing basic-service urusan, when that completes the
    # coverage rule and so unlocks the number-of-innovations score; None when it would change nothing.
    gain_in_missing_urusan: float | None = None
    missing_urusan: str | None = None  # the code of the urusan that case assumes


def next_innovation(base: Inputs, *, score: float, basis: str) -> NextInnovation:
    """The index with one more innovation of `score` whose urusan is already covered (and, if it would
    complete the coverage rule, with it in the first missing urusan)."""
    now = base.result()
    after = base.plus(score).result()
    missing = scoring.missing_urusan(base.rule, base.urusan_covered)
    in_missing: float | None = None
    if missing:
        unlocked = base.plus(score, (missing[0],)).result()
        if unlocked.jumlah_inovasi != after.jumlah_inovasi:
            in_missing = unlocked.iid - now.iid
    return NextInnovation(
        basis=basis,
        score=score,
        iid=after.iid,
        gain=after.iid - now.iid,
        sid_average_gain=after.sid_average - now.sid_average,
        jumlah_gain=after.jumlah_inovasi - now.jumlah_inovasi,
        predicate=after.predicate,
        gain_in_missing_urusan=in_missing,
        missing_urusan=scoring.urusan_key(missing[0]) if in_missing is not None else None,
    )


def typical_scores(scores: Sequence[float], *, maximum: float) -> list[tuple[str, float]]:
    """The scores a next innovation is tried with: the median and average of `scores`, and the maximum."""
    if not scores:
        return [("maximum", maximum)]
    return [
        ("median", float(statistics.median(scores))),
        ("average", float(statistics.fmean(scores))),
        ("maximum", maximum),
    ]


@dataclass(frozen=True)
class Pending:
    """The index if the cases still pending are all accepted (at their claimed score, the most they can
    be verified at) or all rejected (left out), each with its predicate."""

    count: int
    accepted: scoring.IndexResult
    rejected: scoring.IndexResult


def pending_outcomes(decided: Inputs, pending: Sequence[tuple[float, Iterable[str]]]) -> Pending:
    """`decided`: the inputs of the decided, not rejected cases; `pending`: (claimed score, urusan) each."""
    accepted = decided
    for score, urusan in pending:
        accepted = accepted.plus(score, urusan)
    return Pending(count=len(pending), accepted=accepted.result(), rejected=decided.result())


@dataclass(frozen=True)
class OpdWhatIf:
    """One OPD's share: its innovations counted, their IID points now, and the pemda's index if its
    pending cases are all accepted or all rejected (the other OPDs' cases as in the verified column)."""

    opd_id: uuid.UUID
    opd_name: str
    n: int
    points: float  # IID points its verified innovations bring through the SID average
    pending: Pending


@dataclass(frozen=True)
class WhatIf:
    now: scoring.IndexResult
    seats: Seats
    next: list[NextInnovation]
    pending: Pending
    opds: list[OpdWhatIf] = field(default_factory=list)
    max_score: float = 0.0


def _inputs(index: dashboard.PeriodIndex, cases: Sequence[tuple[float, Iterable[str]]]) -> Inputs:
    settings = index.settings
    return Inputs(
        spd=index.verified.spd,
        scores=tuple(score for score, _ in cases),
        k=settings.k,
        rule=settings.jumlah_inovasi,
        urusan_covered=frozenset(u for _, urusan in cases for u in urusan),
        predicates=tuple(settings.predicates),
    )


def _scored(cases: Iterable[ReviewCase], *, claimed: bool = False) -> list[tuple[float, set[str]]]:
    return [(c.claimed_score if claimed else c.verified_score, dashboard.urusan_of(c)) for c in cases]


def period_what_if(
    session: Session,
    *,
    principal: Principal,
    period_id: uuid.UUID,
    score: float | None = None,
    cases: list[ReviewCase] | None = None,
) -> WhatIf:
    """The what-if of the pemda's verified projection for the period (admin); `score`: a next
    innovation's SID score to try besides the median, the average and the maximum; `cases`: the
    period's cases when the caller has loaded them already."""
    cases = repository.cases_of_period(session, period_id) if cases is None else cases
    index = dashboard.projected_index(session, principal=principal, period_id=period_id, cases=cases)
    maximum = float(index.settings.catalogue.max_score)
    if score is not None and not 0 <= score <= maximum:
        raise WhatIfScoreOutOfRange(score=f"{score:g}", maximum=f"{maximum:g}")
    live = [c for c in cases if c.status is not CaseStatus.withdrawn]
    kept = dashboard.counted_for_verified(live, decided_only=False)
    decided = dashboard.counted_for_verified(live, decided_only=True)
    pending = [c for c in kept if dashboard.provisional(c)]
    base = _inputs(index, _scored(kept))
    tried = typical_scores(base.scores, maximum=maximum)
    if score is not None:
        tried.append(("chosen", score))
    opds: list[OpdWhatIf] = []
    divisor = Seats(k=base.k, n=len(base.scores)).divisor
    for opd_id in dict.fromkeys(c.opd_id for c in sorted(kept, key=lambda c: (c.opd_name, str(c.opd_id)))):
        own = [c for c in kept if c.opd_id == opd_id]
        others = [c for c in kept if c.opd_id != opd_id]
        own_pending = [c for c in own if dashboard.provisional(c)]
        settled = _scored(others) + _scored(c for c in own if not dashboard.provisional(c))
        opds.append(
            OpdWhatIf(
                opd_id=opd_id,
                opd_name=own[0].opd_name,
                n=len(own),
                points=sum(c.verified_score for c in own) / divisor / 250 * 100,
                pending=pending_outcomes(_inputs(index, settled), _scored(own_pending, claimed=True)),
            )
        )
    return WhatIf(
        now=base.result(),
        seats=Seats(k=base.k, n=len(base.scores)),
        next=[next_innovation(base, score=s, basis=basis) for basis, s in tried],
        pending=pending_outcomes(_inputs(index, _scored(decided)), _scored(pending, claimed=True)),
        opds=opds,
        max_score=maximum,
    )
