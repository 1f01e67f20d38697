"""The catalogue: the chosen period's own copy of the indicators, with weights, parameters and guidance."""

from __future__ import annotations

from fastapi.responses import Response

from services.submission import periods
from services.submission.web import pages
from services.submission.web.admin.common import AdminCallDep, chosen_period, render

router = pages.router(prefix="/admin")


@router.get("/catalogue")
def catalogue_page(call: AdminCallDep, period: str = "") -> Response:
    """The chosen period's own copy of the indicator catalogue: weights, parameters, guidance."""
    chosen, all_periods = chosen_period(call, period)
    return render(
        call.request,
        "catalogue.html",
        "catalogue",
        {
            "period": chosen,
            "periods": all_periods,
            "catalogue": periods.catalogue_of(chosen) if chosen else None,
        },
    )
