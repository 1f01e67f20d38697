"""The SPD entries, the projected IID, the rankings and the dashboard (its page and its API).

An admin sees every case of the pemda; a reviewer sees the rankings of decided cases only (scores of
cases still under review stay hidden from reviewers, as on the case page) and no projected index.
The page and the API read the same `Dashboard`, built from the period's cases loaded once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from services.review import repository, scoring, spd_figures
from services.review.case_review import period_settings, require_admin
from services.review.cases import list_cases
from services.review.models import CaseStatus, Decision, ReviewCase, SpdEntry
from shared.auth import Principal, Role
from shared.contracts import urusan
from shared.contracts.review import PeriodSettings
from shared.db import utc_now
from shared.errors import InvalidInput, NotFound
from shared.messaging.outbox import UnitOfWork

EVERY_CASE = 100_000


class PeriodNotFound(NotFound, code="review.period_not_found"): ...


class SpdUnknown(InvalidInput, code="review.spd_unknown"): ...


def period_of_pemda(session: Session, principal: Principal, period_id: uuid.UUID) -> PeriodSettings:
    """The period's settings if it belongs to the caller's pemda (superadmin: any), else 404."""
    settings = period_settings(session, period_id)
    if settings is None or (
        principal.role is not Role.superadmin and settings.pemda_id != principal.pemda_id
    ):
        raise PeriodNotFound()
    return settings


def set_spd_entry(
    uow: UnitOfWork,
    *,
    principal: Principal,
    period_id: uuid.UUID,
    code: str,
    parameter: int | None,
    note: str,
    evidence_url: str | None,
    figure: str | None = None,
) -> SpdEntry:
    """Enter (or correct) one SPD row for the period (admin): the parameter itself, or for a number or
    choice row the raw figure (IPM 72,40; Opini BPK WTP), from which the parameter is derived."""
    require_admin(principal)
    settings = period_of_pemda(uow.session, principal, period_id)
    definition = next((s for s in settings.catalogue.spd_indicators if s.code == code), None)
    if definition is None:
        raise SpdUnknown(code=code)
    kept: str | None = None
    if figure is not None and figure.strip():
        parameter, kept = spd_figures.parameter_of(definition, figure)
    elif definition.input != "parameter" and parameter not in (None, 0):
        # 0 stays possible without a figure: the pemda has nothing to show for this row.
        raise spd_figures.SpdFigureRequired(code=code)
    if parameter is None:
        raise spd_figures.SpdFigureRequired(code=code)
    row = repository.get_spd_entry(uow.session, period_id=period_id, code=code)
    if row is None:
        row = SpdEntry(period_id=period_id, code=code)
        uow.session.add(row)
    row.parameter, row.figure, row.note, row.evidence_url = parameter, kept, note.strip(), evidence_url
    row.entered_by, row.entered_at = principal.user_id, utc_now()
    uow.session.flush()
    return row


@dataclass(frozen=True)
class PeriodIndex:
    settings: PeriodSettings
    spd_entries: list[SpdEntry]
    claimed: scoring.IndexResult
    verified: scoring.IndexResult
    provisional: int = 0  # cases the verified column counts although no decision was made yet
    decided_only: bool = False  # the verified column counts decided cases only


def provisional(case: ReviewCase) -> bool:
    """Whether the case's verified score may still change: it is not decided yet."""
    return case.status is not CaseStatus.decided


def counted_for_verified(cases: list[ReviewCase], *, decided_only: bool) -> list[ReviewCase]:
    """The cases the verified projection counts: none rejected; with `decided_only`, none undecided."""
    return [c for c in cases if c.decision is not Decision.rejected and not (decided_only and provisional(c))]


def urusan_of(case: ReviewCase) -> set[str]:
    """The case's urusan: the main one and the others its profile names."""
    profile = case.snapshot.get("profile", {})
    found = {case.urusan} if case.urusan else set()
    lain = profile.get("urusan_lain") or []
    if isinstance(lain, list):
        found |= {str(u) for u in lain if u}
    return found


def projected_index(
    session: Session,
    *,
    principal: Principal,
    period_id: uuid.UUID,
    cases: list[ReviewCase] | None = None,
    decided_only: bool = False,
) -> PeriodIndex:
    """The pemda's projected IID for the period, on claimed and on verified scores.

    Claimed counts every case not withdrawn; verified leaves out rejected ones too, and with
    `decided_only` the cases not decided yet (otherwise they count, marked provisional). `cases`:
    the period's cases when the caller has loaded them already.
    """
    require_admin(principal)
    settings = period_of_pemda(session, principal, period_id)
    entries = repository.spd_entries(session, period_id)
    spd = scoring.spd_score(settings.catalogue, {e.code: e.parameter for e in entries})
    loaded = repository.cases_of_period(session, period_id) if cases is None else cases
    counted = [c for c in loaded if c.status is not CaseStatus.withdrawn]
    kept = counted_for_verified(counted, decided_only=decided_only)

    def build(chosen: list[ReviewCase], scores: list[float]) -> scoring.IndexResult:
        return scoring.index(
            spd=spd,
            innovation_scores=scores,
            k=settings.k,
            rule=settings.jumlah_inovasi,
            urusan_covered=set().union(*(urusan_of(c) for c in chosen)) if chosen else set(),
            predicates=settings.predicates,
        )

    return PeriodIndex(
        settings=settings,
        spd_entries=entries,
        claimed=build(counted, [c.claimed_score for c in counted]),
        verified=build(kept, [c.verified_score for c in kept]),
        provisional=sum(1 for c in kept if provisional(c)),
        decided_only=decided_only,
    )


@dataclass(frozen=True)
class UnlistedUrusan:
    """A case whose urusan (main or other) names nothing in the list: it covers no urusan."""

    case: ReviewCase
    values: tuple[str, ...]


def unlisted_urusan(
    session: Session, *, principal: Principal, period_id: uuid.UUID | None
) -> list[UnlistedUrusan]:
    """The cases (not withdrawn) with urusan text the migration could not map, by OPD and name (admin)."""
    require_admin(principal)
    found = []
    for case in _cases_of(session, principal, period_id):
        values = tuple(sorted(set(urusan.unlisted(list(urusan_of(case))))))
        if values and case.status is not CaseStatus.withdrawn:
            found.append(UnlistedUrusan(case=case, values=values))
    return sorted(found, key=lambda u: (u.case.opd_name, u.case.nama))


@dataclass(frozen=True)
class RankingFilters:
    period_id: uuid.UUID | None = None
    urusan: str | None = None
    bentuk: str | None = None
    jenis: str | None = None
    tahapan: str | None = None
    decided_only: bool = False  # "hanya yang sudah diputuskan": leave out cases still under review


def matches(case: ReviewCase, filters: RankingFilters) -> bool:
    """Whether the case has the urusan, bentuk, jenis and tahapan the filters ask for (case-blind)."""
    wanted = {"bentuk": filters.bentuk, "jenis": filters.jenis, "tahapan": filters.tahapan}
    if any(value and getattr(case, key).lower() != value.lower() for key, value in wanted.items()):
        return False
    wanted_urusan = scoring.urusan_key(filters.urusan) if filters.urusan else None
    return not wanted_urusan or wanted_urusan in {scoring.urusan_key(u) for u in urusan_of(case)}


def _by_score(cases: list[ReviewCase]) -> list[ReviewCase]:
    return sorted(cases, key=lambda c: (-c.verified_score, -c.claimed_score, c.nama, str(c.id)))


def _rankable(cases: list[ReviewCase], filters: RankingFilters) -> list[ReviewCase]:
    """The cases a ranking lists (rejected and withdrawn ones left out), best verified score first."""
    return _by_score(
        [
            c
            for c in cases
            if c.status is not CaseStatus.withdrawn
            and c.decision is not Decision.rejected
            and not (filters.decided_only and provisional(c))
            and matches(c, filters)
        ]
    )


def _cases_of(session: Session, principal: Principal, period_id: uuid.UUID | None) -> list[ReviewCase]:
    return list_cases(
        session, principal=principal, status=None, limit=EVERY_CASE, offset=0, period_id=period_id
    )


def innovation_ranking(
    session: Session, *, principal: Principal, filters: RankingFilters
) -> list[ReviewCase]:
    """Innovations by verified score (rejected and withdrawn ones left out)."""
    require_admin(principal)
    return _rankable(_cases_of(session, principal, filters.period_id), filters)


@dataclass(frozen=True)
class OpdRank:
    opd_id: uuid.UUID
    opd_name: str
    innovations: int
    accepted: int
    verified_total: float
    verified_average: float
    claimed_total: float


def opd_ranks(ranked: list[ReviewCase]) -> list[OpdRank]:
    """OPDs by the total verified score of the ranked innovations, then by their count."""
    groups: dict[uuid.UUID, list[ReviewCase]] = {}
    for case in ranked:
        groups.setdefault(case.opd_id, []).append(case)
    ranks = [
        OpdRank(
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


def opd_ranking(session: Session, *, principal: Principal, filters: RankingFilters) -> list[OpdRank]:
    """OPDs by the total verified score of their innovations, then by their count (admin)."""
    require_admin(principal)
    return opd_ranks(innovation_ranking(session, principal=principal, filters=filters))


@dataclass(frozen=True)
class RankedInnovation:
    rank: int
    case: ReviewCase


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard page shows and `counts`, what the API's dashboard returns."""

    innovations: list[RankedInnovation]
    opds: list[OpdRank]
    index: PeriodIndex | None
    scores_by_opd: list[tuple[str, float]]
    by_urusan: list[tuple[str, float]]
    by_bentuk: list[tuple[str, float]]
    by_tahapan: list[tuple[str, float]]
    submitted_per_week: list[tuple[str, float]]
    decided_per_week: list[tuple[str, float]]
    total: int
    decided: int
    counts: dict[str, Any]  # every case of the period, withdrawn ones included, whatever the filters
    options: dict[str, list[str]] = field(default_factory=dict)  # the filters' choices
    scores_complete: bool = True  # False: a reviewer, who sees the decided cases only
    every_case: list[ReviewCase] = field(default_factory=list)  # the period's, loaded once (the what-if)


def _count(values: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value or "-"] = counts.get(value or "-", 0) + 1
    return dict(sorted(counts.items()))


def _chart(values: list[str]) -> list[tuple[str, float]]:
    """A chart's bars, the biggest first."""
    return sorted(((k, float(v)) for k, v in _count(values).items()), key=lambda item: (-item[1], item[0]))


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


def _counts(session: Session, cases: list[ReviewCase]) -> dict[str, Any]:
    """Counts by status, OPD, urusan, bentuk and tahapan; score distribution; progress; throughput."""
    buckets = [f"{low}-{low + 9}" for low in range(0, 110, 10)]
    distribution = dict.fromkeys(buckets, 0)
    for case in cases:
        if case.status is not CaseStatus.withdrawn:
            distribution[buckets[min(int(case.verified_score) // 10, len(buckets) - 1)]] += 1
    throughput: dict[uuid.UUID, dict[str, Any]] = {}
    for assignment in repository.assignments_of_cases(session, [c.id for c in cases]):
        if assignment.active:
            entry = throughput.setdefault(
                assignment.reviewer_id,
                {"reviewer_id": str(assignment.reviewer_id), "assigned": 0, "submitted": 0},
            )
            entry["assigned"] += 1
            entry["submitted"] += 1 if assignment.submitted_at else 0
    for reviewer_id, entry in throughput.items():
        account = repository.get_account(session, reviewer_id)
        entry["name"] = account.name if account else ""
    return {
        "total": len(cases),
        "by_status": _count([c.status.value for c in cases]),
        "by_decision": _count([c.decision.value for c in cases if c.decision]),
        "by_opd": _count([c.opd_name or str(c.opd_id) for c in cases]),
        "by_urusan": _count([c.urusan for c in cases]),
        "by_bentuk": _count([c.bentuk for c in cases]),
        "by_tahapan": _count([c.tahapan for c in cases]),
        "verified_score_distribution": distribution,
        "submitted_per_day": _count([c.submitted_at.date().isoformat() for c in cases]),
        "decided_per_day": _count([c.decided_at.date().isoformat() for c in cases if c.decided_at]),
        "reviewer_throughput": sorted(throughput.values(), key=lambda e: (-e["submitted"], e["name"])),
    }


def dashboard(
    session: Session,
    *,
    principal: Principal,
    filters: RankingFilters,
    timezone: str = "Asia/Jakarta",
    span: tuple[datetime, datetime] | None = None,
) -> Dashboard:
    """The dashboard of the caller's pemda for the filters (a period, urusan, bentuk, jenis, tahapan).

    `span` (the period from its opening to today or its close): the weeks the progress charts cover at
    least, so a young period still shows its time line.
    """
    require_admin(principal)  # a reviewer sees their own queue, not the pemda's figures
    every = _cases_of(session, principal, filters.period_id)
    options = {
        "urusan": sorted({u for c in every for u in urusan_of(c)}),
        "bentuk": sorted({c.bentuk for c in every if c.bentuk}),
        "jenis": sorted({c.jenis for c in every if c.jenis}),
        "tahapan": sorted({c.tahapan for c in every if c.tahapan}),
    }
    cases = [c for c in every if c.status is not CaseStatus.withdrawn and matches(c, filters)]
    ranked = _rankable(every, filters)
    opds = opd_ranks(ranked)
    index = None
    if filters.period_id is not None:
        try:
            index = projected_index(
                session,
                principal=principal,
                period_id=filters.period_id,
                cases=every,
                decided_only=filters.decided_only,
            )
        except PeriodNotFound:  # a period review does not know yet (the API may name any): no index
            index = None
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
        by_urusan=_chart([c.urusan for c in cases]),
        by_bentuk=_chart([c.bentuk for c in cases]),
        by_tahapan=_chart([c.tahapan for c in cases]),
        submitted_per_week=weekly(submitted, weeks, zone),
        decided_per_week=weekly(decided, weeks, zone),
        total=len(cases),
        decided=sum(1 for c in cases if c.status is CaseStatus.decided),
        counts=_counts(session, every),
        options=options,
        scores_complete=True,
        every_case=every,
    )
