"""People: the list and an invitation, the import of many at once, one person's page and its changes,
and the button that deactivates (or reactivates) someone."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import partial
from typing import Annotated, Any

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from services.submission import accounts, repository
from services.submission.accounts import ImportReport
from services.submission.deps import PolicyDep, UnitOfWorkDep
from services.submission.models import Pemda
from services.submission.web import pages
from services.submission.web.admin.common import (
    Admin,
    AdminForm,
    Checked,
    Choice,
    Name,
    Typed,
    failed,
    id_from_path,
    pemda_of,
    render,
    run_import,
)
from shared.auth import Principal, Role
from shared.errors import AppError, InvalidInput, NotFound
from shared.messaging.outbox import UnitOfWork
from shared.webui.forms import FieldProblem, read_form

router = pages.router(prefix="/admin")

ASSIGNABLE_ROLES = (Role.opd_operator, Role.opd_head, Role.reviewer, Role.admin)
USER_FIELDS = ("email", "name", "role", "opd_id", "whatsapp", "language")
EDIT_FIELDS = (*USER_FIELDS, "is_active")


class NotYourself(InvalidInput, code="admin.not_yourself"):
    """An admin cannot deactivate their own account (nobody would be left to undo it)."""


def _email(value: object) -> str:
    address = value.strip() if isinstance(value, str) else ""
    if "@" not in address or " " in address or len(address) < 3:
        raise PydanticCustomError("admin.bad_email", "admin.bad_email", {"value": value})
    return address


def _role(value: object) -> Role:
    try:
        role = Role(str(value))
    except ValueError:
        raise PydanticCustomError("admin.choose", "admin.choose") from None
    if role not in ASSIGNABLE_ROLES:
        raise PydanticCustomError("admin.choose", "admin.choose")
    return role


def _language(value: str) -> str:
    return "en" if value == "en" else "id"


class PersonForm(AdminForm):
    """What the invitation and the person's page both ask."""

    name: Name
    role: Annotated[Role, BeforeValidator(_role)]
    opd_id: Choice
    whatsapp: Annotated[str, Field(max_length=30)]
    whatsapp_opt_in: Checked
    language: Annotated[str, Field(max_length=2), AfterValidator(_language)]


class InviteForm(PersonForm):
    email: Annotated[str, Field(max_length=254), BeforeValidator(_email)]


class EditForm(PersonForm):
    is_active: Checked


def _users_page(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    pemda: Pemda,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    report: ImportReport | None = None,
    status_code: int = 200,
) -> Response:
    opds = repository.list_opds(uow.session, pemda_id=pemda.id)
    return render(
        request,
        "users.html",
        "users",
        {
            "pemda": pemda,
            "users": repository.list_users(uow.session, pemda_id=pemda.id),
            "opd_names": {o.id: o.name for o in opds},
            "opds": [(o.id, o.name) for o in opds],
            "roles": ASSIGNABLE_ROLES,
            "me": principal.user_id,
            "values": values or {"language": "id"},
            "errors": errors or {},
            "report": report,
        },
        status_code=status_code,
    )


@router.get("/users")
def users_page(request: Request, uow: UnitOfWorkDep, principal: Admin) -> Response:
    return _users_page(request, uow, principal, pemda_of(uow, principal))


@router.post("/users")
def add_user(
    request: Request, uow: UnitOfWorkDep, principal: Admin, policy: PolicyDep, values: Typed
) -> Response:
    """Add a person: they receive a one-time link to set their password."""
    pemda = pemda_of(uow, principal)
    try:
        form = read_form(InviteForm, values)
        accounts.invite_account(
            uow,
            principal=principal,
            policy=policy,
            data=accounts.AccountInput(
                email=form.email,
                name=form.name,
                role=form.role,
                opd_id=form.opd_id,
                whatsapp=form.whatsapp or None,
                whatsapp_opt_in=form.whatsapp_opt_in,
                language=form.language,
            ),
        )
    except AppError as error:
        page = partial(_users_page, request, uow, principal, pemda, values=values)
        return failed(uow, error, page, USER_FIELDS)
    return pages.redirect("/admin/users", flash="admin.user_invited")


@router.post("/users/import")
async def import_users(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Admin,
    policy: PolicyDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """All rows or none; each person imported receives an invitation."""
    pemda = pemda_of(uow, principal)
    return await run_import(
        uow,
        file,
        lambda content, name: accounts.import_users(
            uow, principal=principal, content=content, filename=name, policy=policy
        ),
        partial(_users_page, request, uow, principal, pemda),
        "/admin/users",
    )


def _own_user_id(uow: UnitOfWork, principal: Principal, user_id: str) -> uuid.UUID:
    pemda = pemda_of(uow, principal)
    user = repository.get_user(uow.session, id_from_path(user_id))
    if user is None or user.pemda_id != pemda.id:
        raise NotFound()
    return user.id


def _user_page(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    user_id: uuid.UUID,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    pemda = pemda_of(uow, principal)
    user = repository.get_user(uow.session, user_id)
    assert user is not None
    current = {
        "name": user.name,
        "role": user.role.value,
        "opd_id": str(user.opd_id) if user.opd_id else "",
        "whatsapp": user.whatsapp or "",
        "whatsapp_opt_in": "1" if user.whatsapp_opt_in else "",
        "language": user.language,
        "is_active": "1" if user.is_active else "",
    }
    return render(
        request,
        "user.html",
        "users",
        {
            "person": user,
            "opds": [(o.id, o.name) for o in repository.list_opds(uow.session, pemda_id=pemda.id)],
            "roles": ASSIGNABLE_ROLES,
            "me": principal.user_id,
            "values": values if values is not None else current,
            "errors": errors or {},
        },
        status_code=status_code,
    )


@router.get("/users/{user_id}")
def user_page(request: Request, user_id: str, uow: UnitOfWorkDep, principal: Admin) -> Response:
    return _user_page(request, uow, principal, _own_user_id(uow, principal, user_id))


@router.post("/users/{user_id}")
def edit_user(
    request: Request, user_id: str, uow: UnitOfWorkDep, principal: Admin, values: Typed
) -> Response:
    """Change a person's name, role, OPD, contacts, language, or deactivate them."""
    wanted = _own_user_id(uow, principal, user_id)
    try:
        form = read_form(EditForm, values)
        if wanted == principal.user_id and not form.is_active:
            raise NotYourself(field="is_active")
        if wanted == principal.user_id and form.role is not Role.admin:
            raise FieldProblem("admin.not_yourself_role", field="role")
        changes: dict[str, Any] = {
            "name": form.name,
            "role": form.role,
            "opd_id": form.opd_id,
            "whatsapp": form.whatsapp or None,
            "whatsapp_opt_in": form.whatsapp_opt_in and bool(form.whatsapp),
            "language": form.language,
            "is_active": form.is_active,
        }
        accounts.update_account(uow, principal=principal, user_id=wanted, changes=changes)
    except AppError as error:
        return failed(
            uow, error, partial(_user_page, request, uow, principal, wanted, values=values), EDIT_FIELDS
        )
    return pages.redirect("/admin/users", flash="admin.user_saved")


@router.post("/users/{user_id}/active")
def set_active(
    request: Request,
    user_id: str,
    uow: UnitOfWorkDep,
    principal: Admin,
    active: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Deactivate (or reactivate) a person with one button from the list."""
    wanted = _own_user_id(uow, principal, user_id)
    if wanted == principal.user_id:
        raise NotYourself()
    accounts.update_account(uow, principal=principal, user_id=wanted, changes={"is_active": active == "1"})
    return pages.redirect(
        "/admin/users", flash="admin.user_activated" if active == "1" else "admin.user_deactivated"
    )
