"""People: the list and an invitation, the import of many at once, one person's page and its changes,
and the button that deactivates (or reactivates) someone."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import partial
from typing import Annotated, Any

from fastapi import File, Form, UploadFile
from fastapi.responses import Response
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from services.submission import accounts, repository
from services.submission.accounts import ImportReport
from services.submission.deps import PolicyDep
from services.submission.web import pages
from services.submission.web.admin.common import (
    AdminCall,
    AdminCallDep,
    AdminForm,
    Checked,
    Choice,
    Name,
    Typed,
    failed,
    id_from_path,
    render,
    run_import,
)
from shared.auth import Role
from shared.errors import AppError, InvalidInput, NotFound
from shared.schemas import PlainName
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
    email: Annotated[PlainName, Field(max_length=254), BeforeValidator(_email)]


class EditForm(PersonForm):
    is_active: Checked


def _users_page(
    call: AdminCall,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    report: ImportReport | None = None,
    status_code: int = 200,
) -> Response:
    session, pemda = call.uow.session, call.pemda
    opds = repository.list_opds(session, pemda_id=pemda.id)
    return render(
        call.request,
        "users.html",
        "users",
        {
            "pemda": pemda,
            "users": repository.list_users(session, pemda_id=pemda.id),
            "opd_names": {o.id: o.name for o in opds},
            "opds": [(o.id, o.name) for o in opds],
            "roles": ASSIGNABLE_ROLES,
            "me": call.principal.user_id,
            "values": values or {"language": "id"},
            "errors": errors or {},
            "report": report,
        },
        status_code=status_code,
    )


@router.get("/users")
def users_page(call: AdminCallDep) -> Response:
    return _users_page(call)


@router.post("/users")
def add_user(call: AdminCallDep, policy: PolicyDep, values: Typed) -> Response:
    """Add a person: they receive a one-time link to set their password."""
    try:
        form = read_form(InviteForm, values)
        accounts.invite_account(
            call.uow,
            principal=call.principal,
            policy=policy,
            data=accounts.AccountInput.of(form),
        )
    except AppError as error:
        return failed(call.uow, error, partial(_users_page, call, values=values), USER_FIELDS)
    return pages.redirect("/admin/users", flash="admin.user_invited")


@router.post("/users/import")
async def import_users(
    call: AdminCallDep, policy: PolicyDep, file: Annotated[UploadFile | None, File()] = None
) -> Response:
    """All rows or none; each person imported receives an invitation."""
    uow = call.uow
    return await run_import(
        uow,
        file,
        lambda content, name: accounts.import_users(
            uow, principal=call.principal, content=content, filename=name, policy=policy
        ),
        partial(_users_page, call),
        "/admin/users",
    )


def _own_user_id(call: AdminCall, user_id: str) -> uuid.UUID:
    user = repository.get_user(call.uow.session, id_from_path(user_id))
    if user is None or user.pemda_id != call.pemda.id:
        raise NotFound()
    return user.id


def _user_page(
    call: AdminCall,
    user_id: uuid.UUID,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    user = repository.get_user(call.uow.session, user_id)
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
        call.request,
        "user.html",
        "users",
        {
            "person": user,
            "opds": [(o.id, o.name) for o in repository.list_opds(call.uow.session, pemda_id=call.pemda.id)],
            "roles": ASSIGNABLE_ROLES,
            "me": call.principal.user_id,
            "session_count": len(call.sessions.active(user.id)),
            "login_blocks": accounts.login_blocks(
                call.uow, principal=call.principal, user_id=user.id, guard=call.guard
            ),
            "values": values if values is not None else current,
            "errors": errors or {},
        },
        status_code=status_code,
    )


@router.get("/users/{user_id}")
def user_page(user_id: str, call: AdminCallDep) -> Response:
    return _user_page(call, _own_user_id(call, user_id))


@router.post("/users/{user_id}")
def edit_user(user_id: str, call: AdminCallDep, values: Typed) -> Response:
    """Change a person's name, role, OPD, contacts, language, or deactivate them."""
    wanted, principal = _own_user_id(call, user_id), call.principal
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
        accounts.update_account(
            call.uow, principal=principal, user_id=wanted, changes=changes, sessions=call.sessions
        )
    except AppError as error:
        return failed(call.uow, error, partial(_user_page, call, wanted, values=values), EDIT_FIELDS)
    return pages.redirect("/admin/users", flash="admin.user_saved")


@router.post("/users/{user_id}/sessions/end")
def end_sessions(user_id: str, call: AdminCallDep) -> Response:
    """Log the person out everywhere (every browser and API client)."""
    wanted = _own_user_id(call, user_id)
    accounts.end_sessions(call.uow, principal=call.principal, user_id=wanted, sessions=call.sessions)
    return pages.redirect(f"/admin/users/{wanted}", flash="admin.user.sessions_ended")


@router.post("/users/{user_id}/login/unlock")
def unlock_login(user_id: str, call: AdminCallDep) -> Response:
    """Lift the person's login blocks (too many wrong passwords from an address)."""
    wanted = _own_user_id(call, user_id)
    accounts.unlock_login(call.uow, principal=call.principal, user_id=wanted, guard=call.guard)
    return pages.redirect(f"/admin/users/{wanted}", flash="admin.user.login_unlocked")


@router.post("/users/{user_id}/active")
def set_active(user_id: str, call: AdminCallDep, active: Annotated[str, Form(max_length=5)] = "") -> Response:
    """Deactivate (or reactivate) a person with one button from the list."""
    wanted = _own_user_id(call, user_id)
    if wanted == call.principal.user_id:
        raise NotYourself()
    accounts.update_account(
        call.uow,
        principal=call.principal,
        user_id=wanted,
        changes={"is_active": active == "1"},
        sessions=call.sessions,
    )
    return pages.redirect(
        "/admin/users", flash="admin.user_activated" if active == "1" else "admin.user_deactivated"
    )
