"""The OPD's view of a decision: claimed and verified per indicator, notes per reviewer, the gap."""

from __future__ import annotations

import uuid
from typing import Any

from services.submission.catalogue import load_catalogue
from services.submission.innovations.result import points, review_result
from services.submission.models import Innovation, InnovationStatus
from shared.contracts.catalogue import Catalogue


def decided(status: InnovationStatus, results: list[dict[str, Any]], **extra: Any) -> Innovation:
    return Innovation(
        id=uuid.uuid4(),
        nama="Posyandu Digital",
        status=status,
        review_results=results,
        reopened_indicators=extra.pop("reopened", []),
        reviewed_claimed_score=extra.pop("claimed", None),
        verified_score=extra.pop("verified", None),
        **extra,
    )


RESULTS = [
    {
        "indicator_no": 2,
        "claimed_parameter": 3,
        "verified_parameter": 1,
        "verdict": "perlu_perbaikan",
        "notes": [{"reviewer_no": 2, "note": "Tanpa tanggal"}, {"reviewer_no": None, "note": "Diputuskan 1"}],
    },
    {"indicator_no": 1, "claimed_parameter": 2, "verified_parameter": 2, "verdict": "sesuai", "notes": []},
]


class TestReviewResult:
    def test_each_indicator_in_order_with_its_name_claim_verified_and_notes(self) -> None:
        catalogue: Catalogue = load_catalogue("iid-2025")
        innovation = decided(
            InnovationStatus.revision_requested, RESULTS, reopened=[2], claimed=44.0, verified=40.0
        )

        result = review_result(innovation, catalogue)

        assert result is not None
        first, second = result.lines
        assert (first.no, first.claimed, first.verified) == (1, 2, 2)
        assert (first.lowered, first.reopened) == (False, False)
        assert first.name == catalogue.indicators[0].name
        assert (second.no, second.lowered, second.reopened) == (2, True, True)
        assert second.notes == ((2, "Tanpa tanggal"), (None, "Diputuskan 1"))
        assert (result.gap, result.lowered) == (4, 1)

    def test_not_decided_or_decided_without_results_shows_nothing(self) -> None:
        catalogue = load_catalogue("iid-2025")

        assert review_result(decided(InnovationStatus.submitted, RESULTS), catalogue) is None
        assert review_result(decided(InnovationStatus.accepted, []), catalogue) is None

    def test_an_accepted_innovation_has_nothing_reopened(self) -> None:
        innovation = decided(InnovationStatus.accepted, RESULTS, reopened=[2])

        result = review_result(innovation, load_catalogue("iid-2025"))

        assert result is not None
        assert not any(line.reopened for line in result.lines)
        assert result.gap is None  # no scores sent: no gap invented


class TestPoints:
    def test_whole_scores_without_decimals_and_fractions_kept(self) -> None:
        assert (points(36.0), points(36.75), points(36.754), points(None)) == (36, 36.75, 36.75, None)
