"""The dashboard: rankings of innovations and OPDs, the projected IID and charts (admins only)."""

from __future__ import annotations

import functools
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response

from services.review import admin_board, dashboard, directory, whatif
from services.review.deps import UnitOfWorkDep
from services.review.web import pages
from services.review.web.admin import parse_uuid
from shared.auth import Principal, Role
from shared.db import utc_now
from shared.i18n import translate
from shared.webui.vocabulary import vocab

router = pages.router()

Viewer = Annotated[Principal, Depends(pages.user(Role.admin))]


@router.get("/dashboard")
def dashboard_page(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Viewer,
    period_id: str = "",
    urusan: str = "",
    bentuk: str = "",
    jenis: str = "",
    tahapan: str = "",
    decided_only: str = "",
    whatif_score: str = "",
) -> Response:
    """Rankings, the projected index and charts for the chosen period and filters (a GET form)."""
    directory.known_from_token(uow, principal=principal)
    periods = admin_board.periods_of(uow.session, principal)
    period = admin_board.choose_period(periods, parse_uuid(period_id))
    filters = dashboard.RankingFilters(
        period_id=period.period_id if period else None,
        urusan=urusan.strip()[:200] or None,
        bentuk=bentuk.strip()[:200] or None,
        jenis=jenis.strip()[:60] or None,
        tahapan=tahapan.strip()[:60] or None,
        decided_only=bool(decided_only),
    )
    zone = period.timezone if period else principal.timezone
    span = (period.opens_at, min(utc_now(), period.closes_at)) if period else None
    if span and span[1] < span[0]:
        span = None  # a period not open yet
    data = dashboard.dashboard(uow.session, principal=principal, filters=filters, timezone=zone, span=span)
    what, score_error = _what_if(uow, principal, data, whatif_score.strip()[:20])
    context = {
        "data": data,
        "options": {name: [(v, vocab(name, v)) for v in values] for name, values in data.options.items()},
        "charts": {
            kind: [(vocab(kind, code), count) for code, count in rows]
            for kind, rows in (
                ("urusan", data.by_urusan),
                ("bentuk", data.by_bentuk),
                ("tahapan", data.by_tahapan),
            )
        },
        "periods": [(str(p.period_id), f"{p.name} ({p.year})") for p in periods],
        "period": period,
        "whatif": what,
        "whatif_error": score_error,
        "chosen": {
            "period_id": str(period.period_id) if period else "",
            "urusan": urusan,
            "bentuk": bentuk,
            "jenis": jenis,
            "tahapan": tahapan,
            "decided_only": bool(decided_only),
            "whatif_score": whatif_score.strip()[:20],
        },
    }
    return pages.render(request, "review/dashboard/index.html", context, principal=principal)


def _what_if(
    uow: UnitOfWorkDep, principal: Principal, data: dashboard.Dashboard, typed: str
) -> tuple[whatif.WhatIf | None, str]:
    """The period's what-if (none without an index) and, for a score to try that is not one, why."""
    if data.index is None:
        return None, ""
    score, error = _score_to_try(typed)
    run = functools.partial(
        whatif.period_what_if,
        uow.session,
        principal=principal,
        period_id=data.index.settings.period_id,
        cases=data.every_case,
    )
    try:
        return run(score=score), error
    except whatif.WhatIfScoreOutOfRange as out_of_range:
        return run(), out_of_range.message()


def _score_to_try(typed: str) -> tuple[float | None, str]:
    """The score typed the Indonesian way (27,5) or the English way (27.5); none, and why, if no number."""
    if not typed:
        return None, ""
    try:
        return float(typed.replace(".", "").replace(",", ".") if "," in typed else typed), ""
    except ValueError:
        return None, translate("dash.whatif.score_not_a_number", value=typed)
