"""Rankings, the projected index and the dashboard of a pemda's Gelar Inovasi."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from services.review import dashboard as board
from services.review import whatif
from services.review.case_review import require_admin
from services.review.deps import CurrentReviewer, UnitOfWorkDep
from services.review.schemas import CaseSummaryRead, IndexRead, OpdRankRead, RankedInnovationRead, WhatIfRead

router = APIRouter(prefix="/rankings", tags=["rankings"])


def _filters(
    period_id: Annotated[uuid.UUID | None, Query()] = None,
    urusan: Annotated[str | None, Query(max_length=200)] = None,
    bentuk: Annotated[str | None, Query(max_length=200)] = None,
    jenis: Annotated[str | None, Query(max_length=60)] = None,
    tahapan: Annotated[str | None, Query(max_length=60)] = None,
    decided_only: Annotated[bool, Query(description="leave out cases not decided yet")] = False,
) -> board.RankingFilters:
    return board.RankingFilters(
        period_id=period_id,
        urusan=urusan,
        bentuk=bentuk,
        jenis=jenis,
        tahapan=tahapan,
        decided_only=decided_only,
    )


Filters = Annotated[board.RankingFilters, Depends(_filters)]


@router.get("/innovations", response_model=list[RankedInnovationRead])
def rank_innovations(
    uow: UnitOfWorkDep, principal: CurrentReviewer, filters: Filters
) -> list[RankedInnovationRead]:
    """Innovations by verified score, claimed score beside it (rejected and withdrawn left out)."""
    cases = board.innovation_ranking(uow.session, principal=principal, filters=filters)
    return [
        RankedInnovationRead.model_validate({**CaseSummaryRead.of(c).model_dump(), "rank": n})
        for n, c in enumerate(cases, start=1)
    ]


@router.get("/opds", response_model=list[OpdRankRead])
def rank_opds(uow: UnitOfWorkDep, principal: CurrentReviewer, filters: Filters) -> list[OpdRankRead]:
    """OPDs by the total verified score of their innovations."""
    return OpdRankRead.many(board.opd_ranking(uow.session, principal=principal, filters=filters))


@router.get("/index", response_model=IndexRead)
def projected_index(
    uow: UnitOfWorkDep,
    principal: CurrentReviewer,
    period_id: Annotated[uuid.UUID, Query()],
    decided_only: Annotated[bool, Query(description="verified: decided cases only")] = False,
) -> IndexRead:
    """The pemda's projected IID for the period, on claimed and on verified scores, with every part."""
    index = board.projected_index(
        uow.session, principal=principal, period_id=period_id, decided_only=decided_only
    )
    return IndexRead.of(index)


@router.get("/whatif", response_model=WhatIfRead)
def what_if(
    uow: UnitOfWorkDep,
    principal: CurrentReviewer,
    period_id: Annotated[uuid.UUID, Query()],
    score: Annotated[
        float | None, Query(description="a next innovation's SID score to try (0 to max)")
    ] = None,
) -> WhatIfRead:
    """Empty seats of MAX(k, n), the points a next innovation would add (median, average, maximum and
    `score`), and the index if the pending cases are all accepted or all rejected, per pemda and OPD."""
    what = whatif.period_what_if(uow.session, principal=principal, period_id=period_id, score=score)
    return WhatIfRead.of(period_id, what)


@router.get("/dashboard")
def dashboard(
    uow: UnitOfWorkDep, principal: CurrentReviewer, period_id: Annotated[uuid.UUID | None, Query()] = None
) -> dict[str, Any]:
    """Counts by status, OPD, urusan, bentuk and tahapan; score distribution; progress; throughput."""
    require_admin(principal)
    filters = board.RankingFilters(period_id=period_id)
    return board.dashboard(uow.session, principal=principal, filters=filters).counts
