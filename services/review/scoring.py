"""The arithmetic of verification and of the index (DOMAIN.md §3-4), free of any database.

Kept apart from the feature modules so the tests can prove it by hand-worked examples and the incremental
path and the `recompute` command provably use the same formulas.
"""

from __future__ import annotations

import statistics
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from shared.contracts import urusan
from shared.contracts.catalogue import Catalogue, JumlahInovasiRule, Predicate

VERDICT_OK = "sesuai"
VERDICT_INVALID = "tidak_sesuai"


@dataclass(frozen=True)
class Mark:
    """One reviewer's verdict on one indicator."""

    reviewer_id: uuid.UUID
    verdict: str
    parameter: int
    note: str = ""


@dataclass(frozen=True)
class Ruling:
    """The coordinator's adjudication of one indicator."""

    verdict: str
    parameter: int
    note: str = ""


@dataclass(frozen=True)
class IndicatorOutcome:
    """Where one indicator stands in one round: the aggregated parameter and whether it is settled."""

    verified: int | None
    verdict: str | None
    disagreement: bool
    adjudicated: bool
    notes: tuple[str, ...] = ()

    @property
    def unresolved(self) -> bool:
        return self.disagreement and not self.adjudicated


def disagree(marks: Sequence[Mark]) -> bool:
    """Reviewers disagree when their parameters are two or more levels apart or their verdicts differ."""
    if len(marks) < 2:
        return False
    parameters = [m.parameter for m in marks]
    return max(parameters) - min(parameters) >= 2 or len({m.verdict for m in marks}) > 1


def scored_parameter(verdict: str | None, parameter: int) -> int:
    """The parameter a verdict lets the indicator score: none when its evidence does not match."""
    return 0 if verdict == VERDICT_INVALID else parameter


def aggregate(marks: Sequence[Mark], ruling: Ruling | None = None) -> IndicatorOutcome:
    """The coordinator's ruling if there is one, else the (lower) median of the reviewers' parameters.

    A "tidak sesuai" verdict counts 0 whatever parameter came with it.
    """
    notes = tuple(m.note for m in marks if m.note)
    flagged = disagree(marks)
    if ruling is not None:
        return IndicatorOutcome(
            verified=scored_parameter(ruling.verdict, ruling.parameter),
            verdict=ruling.verdict,
            disagreement=flagged,
            adjudicated=True,
            notes=((ruling.note,) if ruling.note else ()) + notes,
        )
    if not marks:
        return IndicatorOutcome(verified=None, verdict=None, disagreement=False, adjudicated=False)
    # median_low: with two reviewers one level apart the lower (more conservative) parameter wins.
    verified = statistics.median_low([scored_parameter(m.verdict, m.parameter) for m in marks])
    verdicts = {m.verdict for m in marks}
    verdict = next(iter(verdicts)) if len(verdicts) == 1 else None
    return IndicatorOutcome(
        verified=verified, verdict=verdict, disagreement=flagged, adjudicated=False, notes=notes
    )


def innovation_score(catalogue: Catalogue, parameters: Mapping[int, int | None]) -> float:
    """Sum of bobot x parameter over the catalogue's indicators (missing or None counts 0)."""
    return float(sum(i.bobot * (parameters.get(i.no) or 0) for i in catalogue.indicators))


def spd_score(catalogue: Catalogue, parameters: Mapping[str, int]) -> float:
    """Sum of bobot x parameter over the catalogue's SPD indicators (unentered counts 0)."""
    return float(sum(s.bobot * parameters.get(s.code, 0) for s in catalogue.spd_indicators))


def urusan_key(text: str) -> str:
    """The urusan's code (any spelling or alias of it); text that names no urusan, as written."""
    return urusan.normalise(text) or " ".join(text.lower().split())


def missing_urusan(rule: JumlahInovasiRule, urusan_covered: Iterable[str]) -> tuple[str, ...]:
    """The rule's required urusan (as the rule names them) that the covered ones do not cover."""
    covered = {urusan_key(u) for u in urusan_covered}
    return tuple(required for required in rule.required_urusan if urusan_key(required) not in covered)


def jumlah_inovasi_score(rule: JumlahInovasiRule, *, n: int, urusan_covered: Iterable[str]) -> float:
    """per_innovation x min(n, cap), at most max_score; zero unless the innovations cover the required
    urusan (all of them, or `required_count` of them: "m of the six")."""
    missing = missing_urusan(rule, urusan_covered)
    present = len(rule.required_urusan) - len(missing)
    needed = len(rule.required_urusan) if rule.required_count is None else rule.required_count
    if present < min(needed, len(rule.required_urusan)):
        return 0.0
    return min(rule.per_innovation * min(n, rule.cap_innovations), rule.max_score)


def predicate_of(predicates: Sequence[Predicate], value: float) -> str:
    """The band whose lower bound is the highest one not above `value` (compared at two decimals)."""
    shown = round(value, 2)
    for band in sorted(predicates, key=lambda p: p.min_score, reverse=True):
        if shown >= band.min_score:
            return band.name
    return ""


@dataclass(frozen=True)
class IndexResult:
    """The projected IID and its parts, as the formula of DOMAIN.md §4 builds it."""

    spd: float
    n: int
    k: int
    sid_total: float
    sid_average: float
    jumlah_inovasi: float
    sid: float
    iid: float
    predicate: str
    urusan_covered: tuple[str, ...] = field(default=())
    urusan_missing: tuple[str, ...] = field(default=())  # required urusan not covered, as codes


def index(
    *,
    spd: float,
    innovation_scores: Sequence[float],
    k: int,
    rule: JumlahInovasiRule,
    urusan_covered: Iterable[str],
    predicates: Sequence[Predicate],
) -> IndexResult:
    """IID = (SPD + sum(SID)/MAX(k, n) + jumlah-inovasi score) / 250 x 100, with its predicate."""
    n = len(innovation_scores)
    covered = tuple(sorted(set(urusan_covered)))
    total = float(sum(innovation_scores))
    average = total / max(k, n)
    jumlah = jumlah_inovasi_score(rule, n=n, urusan_covered=covered)
    sid = average + jumlah
    value = (spd + sid) / 250 * 100
    return IndexResult(
        spd=spd,
        n=n,
        k=k,
        sid_total=total,
        sid_average=average,
        jumlah_inovasi=jumlah,
        sid=sid,
        iid=value,
        predicate=predicate_of(predicates, value),
        urusan_covered=covered,
        urusan_missing=tuple(urusan_key(u) for u in missing_urusan(rule, covered)),
    )
