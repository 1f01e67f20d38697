"""The catalogue: the chosen period's own copy of the indicators, with weights, parameters and guidance."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from services.submission import periods
from services.submission.deps import UnitOfWorkDep
from services.submission.web import pages
from services.submission.web.admin.common import Admin, chosen_period, pemda_of, render

router = pages.router(prefix="/admin")


@router.get("/catalogue")
def catalogue_page(request: Request, uow: UnitOfWorkDep, principal: Admin, period: str = "") -> Response:
    """The chosen period's own copy of the indicator catalogue: weights, parameters, guidance."""
    pemda = pemda_of(uow, principal)
    chosen, all_periods = chosen_period(uow, principal, pemda, period)
    return render(
        request,
        "catalogue.html",
        "catalogue",
        {
            "period": chosen,
            "periods": all_periods,
            "catalogue": periods.catalogue_of(chosen) if chosen else None,
        },
    )
