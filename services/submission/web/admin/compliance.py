"""The compliance board: which OPDs have sent for the period, and a one-click reminder for those that
have not."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from fastapi.responses import Response

from services.submission import periods
from services.submission.web import pages
from services.submission.web.admin.common import (
    AdminCall,
    AdminCallDep,
    AdminForm,
    RequiredChoice,
    Typed,
    chosen_period,
    failed,
    render,
    state_of,
)
from shared.db import utc_now
from shared.errors import AppError
from shared.webui.forms import read_form

router = pages.router(prefix="/admin")


class RemindForm(AdminForm):
    period_id: RequiredChoice
    opd_id: RequiredChoice


def _compliance_page(
    call: AdminCall,
    period_id: str,
    *,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    session = call.uow.session
    chosen, all_periods = chosen_period(call, period_id)
    rows = periods.compliance(session, principal=call.principal, period_id=chosen.id) if chosen else []
    reminded = (
        periods.last_manual_reminders(session, period=chosen, opd_ids=[r.opd_id for r in rows])
        if chosen
        else {}
    )
    schedule = periods.reminder_schedule(session, chosen, rows) if chosen else {}
    return render(
        call.request,
        "compliance.html",
        "compliance",
        {
            "period": chosen,
            "periods": all_periods,
            "state": state_of(chosen, utc_now()) if chosen else None,
            "waiting": [r for r in rows if not r.compliant],
            "done": [r for r in rows if r.compliant],
            "reminded": reminded,
            "schedule": schedule,
            "errors": errors or {},
        },
        status_code=status_code,
    )


@router.get("/compliance")
def compliance_page(call: AdminCallDep, period: str = "") -> Response:
    return _compliance_page(call, period)


@router.post("/compliance/remind")
def remind(call: AdminCallDep, values: Typed) -> Response:
    """Remind one OPD now (a second click within a minute sends nothing more)."""
    uow = call.uow
    try:
        form = read_form(RemindForm, values)
        result = periods.remind_opd(
            uow, principal=call.principal, period_id=form.period_id, opd_id=form.opd_id
        )
    except AppError as error:
        if error.status_code == 404:
            uow.rollback()
            raise
        page = partial(_compliance_page, call, values.get("period_id", ""))
        return failed(uow, error, page, ())
    flash = "admin.reminder_sent" if result.sent else "admin.reminder_recent"
    return pages.redirect(f"/admin/compliance?period={form.period_id}", flash=flash)
