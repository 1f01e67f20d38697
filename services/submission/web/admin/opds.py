"""OPDs: the list, a new OPD (under a parent OPD or not), and the import of many at once."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Annotated

from fastapi import File, Request, UploadFile
from fastapi.responses import Response
from pydantic import Field

from services.submission import accounts, repository
from services.submission.accounts import ImportReport, OpdKind
from services.submission.deps import UnitOfWorkDep
from services.submission.models import Pemda
from services.submission.web import pages
from services.submission.web.admin.common import (
    Admin,
    AdminForm,
    Choice,
    Name,
    Typed,
    failed,
    pemda_of,
    render,
    run_import,
)
from shared.errors import AppError
from shared.messaging.outbox import UnitOfWork
from shared.webui.forms import FieldProblem, read_form

router = pages.router(prefix="/admin")

OPD_FIELDS = ("name", "kind", "parent_id")


class OpdForm(AdminForm):
    name: Name
    kind: Annotated[str, Field(max_length=40)]  # the feature says which kinds there are
    parent_id: Choice


def _opds_page(
    request: Request,
    uow: UnitOfWork,
    pemda: Pemda,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    report: ImportReport | None = None,
    status_code: int = 200,
) -> Response:
    opds = repository.list_opds(uow.session, pemda_id=pemda.id)
    names = {o.id: o.name for o in opds}
    return render(
        request,
        "opds.html",
        "opds",
        {
            "pemda": pemda,
            "opds": [(o, names.get(o.parent_id) if o.parent_id else None) for o in opds],
            "kinds": [k.value for k in OpdKind],
            "values": values or {},
            "errors": errors or {},
            "report": report,
        },
        status_code=status_code,
    )


@router.get("/opds")
def opds_page(request: Request, uow: UnitOfWorkDep, principal: Admin) -> Response:
    return _opds_page(request, uow, pemda_of(uow, principal))


@router.post("/opds")
def add_opd(request: Request, uow: UnitOfWorkDep, principal: Admin, values: Typed) -> Response:
    pemda = pemda_of(uow, principal)
    try:
        accounts.require_admin(principal)
        form = read_form(OpdForm, values)
        parent = repository.get_opd(uow.session, form.parent_id) if form.parent_id else None
        if form.parent_id and (parent is None or parent.pemda_id != pemda.id):
            raise FieldProblem("admin.choose", field="parent_id")
        accounts.create_opd(uow, pemda=pemda, name=form.name, kind=form.kind, parent=parent, actor=principal)
    except AppError as error:
        return failed(uow, error, partial(_opds_page, request, uow, pemda, values=values), OPD_FIELDS)
    return pages.redirect("/admin/opds", flash="admin.opd_added")


@router.post("/opds/import")
async def import_opds(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Admin,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """All rows or none: a refused row cancels the import, and the page lists each row's problem."""
    pemda = pemda_of(uow, principal)
    return await run_import(
        uow,
        file,
        lambda content, name: accounts.import_opds(uow, principal=principal, content=content, filename=name),
        partial(_opds_page, request, uow, pemda),
        "/admin/opds",
    )
