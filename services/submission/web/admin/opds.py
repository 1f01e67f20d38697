"""OPDs: the list, a new OPD (under a parent OPD or not), and the import of many at once."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Annotated

from fastapi import File, UploadFile
from fastapi.responses import Response
from pydantic import Field

from services.submission import accounts, repository
from services.submission.accounts import ImportReport, OpdKind
from services.submission.web import pages
from services.submission.web.admin.common import (
    AdminCall,
    AdminCallDep,
    AdminForm,
    Choice,
    Name,
    Typed,
    failed,
    render,
    run_import,
)
from shared.errors import AppError
from shared.webui.forms import FieldProblem, read_form

router = pages.router(prefix="/admin")

OPD_FIELDS = ("name", "kind", "parent_id")


class OpdForm(AdminForm):
    name: Name
    kind: Annotated[str, Field(max_length=40)]  # the feature says which kinds there are
    parent_id: Choice


def _opds_page(
    call: AdminCall,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    report: ImportReport | None = None,
    status_code: int = 200,
) -> Response:
    opds = repository.list_opds(call.uow.session, pemda_id=call.pemda.id)
    names = {o.id: o.name for o in opds}
    return render(
        call.request,
        "opds.html",
        "opds",
        {
            "pemda": call.pemda,
            "opds": [(o, names.get(o.parent_id) if o.parent_id else None) for o in opds],
            "kinds": [k.value for k in OpdKind],
            "values": values or {},
            "errors": errors or {},
            "report": report,
        },
        status_code=status_code,
    )


@router.get("/opds")
def opds_page(call: AdminCallDep) -> Response:
    return _opds_page(call)


@router.post("/opds")
def add_opd(call: AdminCallDep, values: Typed) -> Response:
    uow, principal, pemda = call.uow, call.principal, call.pemda
    try:
        accounts.require_admin(principal)
        form = read_form(OpdForm, values)
        parent = repository.get_opd(uow.session, form.parent_id) if form.parent_id else None
        if form.parent_id and (parent is None or parent.pemda_id != pemda.id):
            raise FieldProblem("admin.choose", field="parent_id")
        accounts.create_opd(uow, pemda=pemda, name=form.name, kind=form.kind, parent=parent, actor=principal)
    except AppError as error:
        return failed(uow, error, partial(_opds_page, call, values=values), OPD_FIELDS)
    return pages.redirect("/admin/opds", flash="admin.opd_added")


@router.post("/opds/import")
async def import_opds(call: AdminCallDep, file: Annotated[UploadFile | None, File()] = None) -> Response:
    """All rows or none: a refused row cancels the import, and the page lists each row's problem."""
    uow = call.uow
    return await run_import(
        uow,
        file,
        lambda content, name: accounts.import_opds(
            uow, principal=call.principal, content=content, filename=name
        ),
        partial(_opds_page, call),
        "/admin/opds",
    )
