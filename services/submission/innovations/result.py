"""The verification result as the OPD sees it: per indicator what it claimed and what was verified,
each reviewer's note under their number ("Penilai 1", never a name), the score gap and the decision.

Read from what review sent with its decision (`ApplyReviewResult.results`, kept on the innovation);
shown on the innovation's page once the innovation is decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.submission.models import Innovation, InnovationStatus
from shared.contracts.catalogue import Catalogue
from shared.contracts.submission import IndicatorResult

DECIDED = (InnovationStatus.accepted, InnovationStatus.rejected, InnovationStatus.revision_requested)


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator's row: its claim, the verified parameter, the verdict code and the notes."""

    no: int
    name: str
    claimed: int
    verified: int | None
    verdict: str | None
    notes: tuple[tuple[int | None, str], ...]  # (reviewer number, or None for the coordinator; the note)
    reopened: bool

    @property
    def lowered(self) -> bool:
        return self.verified is not None and self.verified < self.claimed


@dataclass(frozen=True)
class ReviewResult:
    """The decision and everything behind it, for the OPD's page."""

    decision: InnovationStatus
    decided_at: datetime | None
    note: str
    claimed_score: float | int | None
    verified_score: float | int | None
    lines: tuple[IndicatorLine, ...]

    @property
    def gap(self) -> float | int | None:
        """How many points the verification took off the claim (0 when it took none)."""
        if self.claimed_score is None or self.verified_score is None:
            return None
        return points(max(0.0, self.claimed_score - self.verified_score))

    @property
    def lowered(self) -> int:
        return sum(1 for line in self.lines if line.lowered)


def points(value: float | None) -> float | int | None:
    """A score as people read it: 36, or 36.75 when the weights leave a fraction."""
    if value is None:
        return None
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def review_result(innovation: Innovation, catalogue: Catalogue) -> ReviewResult | None:
    """The result of the decision the innovation carries, or None while it is not decided."""
    if innovation.status not in DECIDED or not innovation.review_results:
        return None
    revision = innovation.status is InnovationStatus.revision_requested
    reopened = set(innovation.reopened_indicators or []) if revision else set()
    lines = []
    for raw in innovation.review_results:
        item = IndicatorResult.model_validate(raw)
        definition = catalogue.indicator(item.indicator_no)
        lines.append(
            IndicatorLine(
                no=item.indicator_no,
                name=definition.name if definition else "",
                claimed=item.claimed_parameter,
                verified=item.verified_parameter,
                verdict=item.verdict,
                notes=tuple((n.reviewer_no, n.note) for n in item.notes),
                reopened=item.indicator_no in reopened,
            )
        )
    return ReviewResult(
        decision=innovation.status,
        decided_at=innovation.decided_at,
        note=innovation.review_note or "",
        claimed_score=points(innovation.reviewed_claimed_score),
        verified_score=points(innovation.verified_score),
        lines=tuple(sorted(lines, key=lambda line: line.no)),
    )
