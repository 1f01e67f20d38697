"""What the dashboard page shows: rankings, the projected IID and the data of its charts.

An admin sees every case of the pemda; a reviewer sees the rankings of decided cases only (scores of
cases still under review stay hidden from reviewers, as on the case page) and no projected index.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from services.review import service
from services.review.models import CaseStatus, Decision, ReviewCase
from shared.auth import Principal, Role


@dataclass(frozen=True)
class RankedInnovation:
    rank: int
    case: ReviewCase


@dataclass(frozen=True)
class Dashboard:
    innovations: list[RankedInnovation]
    opds: list[service.OpdRank]
    index: service.PeriodIndex | None
    scores_by_opd: list[tuple[str, float]]
    by_urusan: list[tuple[str, float]]
    by_bentuk: list[tuple[str, float]]
    by_tahapan: list[tuple[str, float]]
    submitted_per_week: list[tuple[str, float]]
    decided_per_week: list[tuple[str, float]]
    total: int
    decided: int
    options: dict[str, list[str]] = field(default_factory=dict)  # the filters' choices
    scores_complete: bool = True  # False: a reviewer, who sees the decided cases only


def _admin(principal: Principal) -> bool:
    return principal.role in (Role.admin, Role.superadmin)


def _keep(case: ReviewCase, filters: service.RankingFilters) -> bool:
    wanted = {"bentuk": filters.bentuk, "jenis": filters.jenis, "tahapan": filters.tahapan}
    if any(value and getattr(case, key).lower() != value.lower() for key, value in wanted.items()):
        return False
    return not filters.urusan or filters.urusan.lower() in {u.lower() for u in service.urusan_of(case)}


def _counts(values: list[str]) -> list[tuple[str, float]]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value or "-"] = counts.get(value or "-", 0) + 1
    return sorted(((k, float(v)) for k, v in counts.items()), key=lambda item: (-item[1], item[0]))


def week_of(moment: datetime, zone: ZoneInfo) -> date:
    """The Monday of the (local) week `moment` falls in."""
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def weekly(moments: list[datetime], weeks: list[date], zone: ZoneInfo) -> list[tuple[str, float]]:
    """How many of `moments` fall in each of `weeks` (labelled by their Monday, as YYYY-MM-DD)."""
    counts = dict.fromkeys(weeks, 0)
    for moment in moments:
        week = week_of(moment, zone)
        if week in counts:
            counts[week] += 1
    return [(week.isoformat(), float(count)) for week, count in counts.items()]


def build(
    session: Session,
    *,
    principal: Principal,
    filters: service.RankingFilters,
    timezone: str = "Asia/Jakarta",
    span: tuple[datetime, datetime] | None = None,
) -> Dashboard:
    """The dashboard of the caller's pemda for the filters (a period, urusan, bentuk, jenis, tahapan).

    `span` (the period from its opening to today or its close): the weeks the progress charts cover at
    least, so a young period still shows its time line.
    """
    if principal.role not in (Role.reviewer, Role.admin, Role.superadmin):
        raise service.AdminOnly()
    admin = _admin(principal)
    every = service.list_cases(
        session, principal=principal, status=None, limit=100_000, offset=0, period_id=filters.period_id
    )
    options = {
        "urusan": sorted({u for c in every for u in service.urusan_of(c)}),
        "bentuk": sorted({c.bentuk for c in every if c.bentuk}),
        "jenis": sorted({c.jenis for c in every if c.jenis}),
        "tahapan": sorted({c.tahapan for c in every if c.tahapan}),
    }
    cases = [c for c in every if c.status is not CaseStatus.withdrawn and _keep(c, filters)]
    if admin:
        ranked = service.innovation_ranking(session, principal=principal, filters=filters)
        opds = service.opd_ranking(session, principal=principal, filters=filters)
    else:  # a reviewer: only final scores
        ranked = sorted(
            (c for c in cases if c.status is CaseStatus.decided and c.decision is not Decision.rejected),
            key=lambda c: (-c.verified_score, -c.claimed_score, c.nama, str(c.id)),
        )
        opds = _opd_ranks(ranked)
    index = None
    if admin and filters.period_id is not None:
        index = service.projected_index(session, principal=principal, period_id=filters.period_id)
    zone = ZoneInfo(timezone)
    submitted = [c.submitted_at for c in cases]
    decided = [c.decided_at for c in cases if c.decided_at is not None]
    moments = submitted + decided + (list(span) if span else [])
    weeks: list[date] = []
    if moments:
        first, last = week_of(min(moments), zone), week_of(max(moments), zone)
        weeks = [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
    return Dashboard(
        innovations=[RankedInnovation(rank=n, case=c) for n, c in enumerate(ranked, start=1)],
        opds=opds,
        index=index,
        scores_by_opd=[(r.opd_name, r.verified_total) for r in opds],
        by_urusan=_counts([c.urusan for c in cases]),
        by_bentuk=_counts([c.bentuk for c in cases]),
        by_tahapan=_counts([c.tahapan for c in cases]),
        submitted_per_week=weekly(submitted, weeks, zone),
        decided_per_week=weekly(decided, weeks, zone),
        total=len(cases),
        decided=sum(1 for c in cases if c.status is CaseStatus.decided),
        options=options,
        scores_complete=admin,
    )


def _opd_ranks(cases: list[ReviewCase]) -> list[service.OpdRank]:
    groups: dict[uuid.UUID, list[ReviewCase]] = {}
    for case in cases:
        groups.setdefault(case.opd_id, []).append(case)
    ranks = [
        service.OpdRank(
            opd_id=opd_id,
            opd_name=group[0].opd_name,
            innovations=len(group),
            accepted=sum(1 for c in group if c.decision is Decision.accepted),
            verified_total=sum(c.verified_score for c in group),
            verified_average=sum(c.verified_score for c in group) / len(group),
            claimed_total=sum(c.claimed_score for c in group),
        )
        for opd_id, group in groups.items()
    ]
    return sorted(ranks, key=lambda r: (-r.verified_total, -r.innovations, r.opd_name, str(r.opd_id)))
