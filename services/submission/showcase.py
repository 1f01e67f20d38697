"""The public showcase: accepted innovations only, and only the fields meant for the public.

What is public is decided here, once, as an allowlist (the fields of `PublicInnovation`, `PUBLIC_FIELDS`):
the pages, the CSV and the JSON export all take their values from it, never from the table row. Left out on
purpose: who created it and every contact (emails, WhatsApp numbers), the initiator's personal name, the OPD
head's and the reviewers' notes, the claimed parameters and any score, evidence files, versions, and every
innovation that is not accepted (drafts, in review, revision, rejected, withdrawn).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from services.submission import repository
from services.submission.models import (
    Bentuk,
    Innovation,
    Jenis,
)
from services.submission.periods import catalogue_of
from shared.errors import NotFound

EXPORT_LIMIT = 10_000
MAX_QUERY = 200


@dataclass(frozen=True)
class PublicInnovation:
    """An accepted innovation as the public sees it: these fields (`PUBLIC_FIELDS`), nothing else."""

    id: uuid.UUID
    nama: str
    pemda: str
    opd: str
    tahun: int
    urusan_utama: str | None
    urusan_lain: tuple[str, ...]
    bentuk: str | None
    jenis: str
    tahapan: str
    tematik: str | None
    inisiator: str | None
    waktu_uji_coba: date | None
    waktu_penerapan: date | None
    rancang_bangun: str
    tujuan: str
    manfaat: str
    hasil: str
    video_url: str | None
    diterima_pada: datetime | None

    def record(self) -> dict[str, Any]:
        """The open-data record: JSON-friendly values, keys in `PUBLIC_FIELDS` order."""
        values: dict[str, Any] = {}
        for name in PUBLIC_FIELDS:
            value = getattr(self, name)
            if isinstance(value, uuid.UUID):
                value = str(value)
            elif isinstance(value, datetime | date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            values[name] = value
        return values


PUBLIC_FIELDS = tuple(f.name for f in fields(PublicInnovation))


@dataclass(frozen=True)
class Filters:
    """Search text and filters of the showcase (None = not filtered)."""

    q: str = ""
    year: int | None = None
    opd_id: uuid.UUID | None = None
    urusan: str | None = None
    bentuk: Bentuk | None = None
    jenis: Jenis | None = None


@dataclass(frozen=True)
class FilterOptions:
    """What the filters can choose from: only values that accepted innovations have."""

    years: list[int]
    opds: list[tuple[uuid.UUID, str]]  # (id, "OPD — pemda")
    urusan: list[str]


def _video_links(session: Session, innovations: list[Innovation]) -> dict[uuid.UUID, str]:
    """The current video link (a web address, never an uploaded file) of each innovation, if any."""
    if not innovations:
        return {}
    periods = {i.period_id for i in innovations}
    video_numbers: dict[uuid.UUID, set[int]] = {}
    for period in repository.periods_by_id(session, periods):
        video_numbers[period.id] = {
            d.no for d in catalogue_of(period).indicators if d.evidence_kind == "video"
        }
    period_of = {i.id: i.period_id for i in innovations}
    links: dict[uuid.UUID, str] = {}
    for item in repository.current_links(session, list(period_of)):
        url = item.link_url or ""
        if item.indicator_no in video_numbers.get(period_of[item.innovation_id], set()) and url.startswith(
            ("https://", "http://")
        ):
            links[item.innovation_id] = url
    return links


def _public(innovation: Innovation, opd: str, pemda: str, year: int, video: str | None) -> PublicInnovation:
    """The public fields of the row as they are, but for these (names, enum values, the video, ...)."""
    given: dict[str, Any] = {
        "pemda": pemda,
        "opd": opd,
        "tahun": year,
        "urusan_lain": tuple(innovation.urusan_lain or ()),
        "bentuk": innovation.bentuk.value if innovation.bentuk else None,
        "jenis": innovation.jenis.value,
        "tahapan": innovation.tahapan.value,
        "inisiator": innovation.inisiator.value if innovation.inisiator else None,
        "video_url": video,
        "diterima_pada": innovation.decided_at,
    }
    return PublicInnovation(
        **{name: given[name] if name in given else getattr(innovation, name) for name in PUBLIC_FIELDS}
    )


def _publics(session: Session, rows: list[repository.AcceptedRow]) -> list[PublicInnovation]:
    links = _video_links(session, [row[0] for row in rows])
    return [_public(i, opd, pemda, year, links.get(i.id)) for i, opd, pemda, year in rows]


def _matching(filters: Filters) -> dict[str, Any]:
    """The filters as the repository takes them, the search text folded and cut to `MAX_QUERY`."""
    return {**vars(filters), "q": " ".join(filters.q.split())[:MAX_QUERY]}


def search(
    session: Session, filters: Filters, *, limit: int, offset: int
) -> tuple[list[PublicInnovation], bool]:
    """One page of accepted innovations matching `filters`, and whether there is a next page."""
    rows = repository.accepted_innovations(session, **_matching(filters), limit=limit + 1, offset=offset)
    return _publics(session, rows[:limit]), len(rows) > limit


def export(session: Session, filters: Filters) -> list[PublicInnovation]:
    """Every accepted innovation matching `filters` (up to `EXPORT_LIMIT`), for the open-data export."""
    return _publics(
        session, repository.accepted_innovations(session, **_matching(filters), limit=EXPORT_LIMIT)
    )


def get_public(session: Session, innovation_id: uuid.UUID) -> PublicInnovation:
    """One accepted innovation's public profile; anything else (or nothing) is 404."""
    rows = repository.accepted_innovations(session, innovation_id=innovation_id, limit=1)
    if not rows:
        raise NotFound()
    return _publics(session, rows)[0]


def filter_options(session: Session) -> FilterOptions:
    years, opds, urusan = repository.accepted_filter_values(session)
    return FilterOptions(
        years=sorted(years, reverse=True),
        opds=sorted(((opd_id, f"{opd} — {pemda}") for opd_id, opd, pemda in opds), key=lambda o: o[1]),
        urusan=sorted(urusan),
    )
