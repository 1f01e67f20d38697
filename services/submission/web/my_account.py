"""The person's own account: name, WhatsApp number (and whether messages may go there), language and
password, with a link to the devices they are logged in on. Role, OPD and email are the admin's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from services.submission import accounts, repository
from services.submission.deps import SessionsDep, UnitOfWorkDep
from services.submission.web import pages
from shared.auth import Principal
from shared.errors import AppError, NotFound
from shared.i18n import translate
from shared.web import LANG_COOKIE
from shared.webui.forms import field_messages
from shared.webui.pages import YEAR_SECONDS, clear_session

router = pages.router()
AnyUser = Annotated[Principal, Depends(pages.user())]
TEMPLATE = "submission/account/account.html"
FIELDS = ("name", "whatsapp", "whatsapp_opt_in", "language")
PASSWORD_FIELDS = ("current_password", "new_password", "new_password_again")


def _page(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Principal,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    password_errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    user = repository.get_user(uow.session, principal.user_id)
    if user is None:
        raise NotFound()
    shown = values or {
        "name": user.name,
        "whatsapp": user.whatsapp or "",
        "whatsapp_opt_in": user.whatsapp_opt_in,
        "language": user.language or "id",
    }
    context = {
        "user": user,
        "values": shown,
        "errors": errors or {},
        "password_errors": password_errors or {},
        "min_password": accounts.MIN_PASSWORD,
    }
    return pages.render(request, TEMPLATE, context, status_code=status_code)


@router.get("/account")
def my_account(request: Request, uow: UnitOfWorkDep, principal: AnyUser) -> Response:
    """Akun saya."""
    return _page(request, uow, principal)


@router.post("/account")
def save_my_account(
    request: Request,
    uow: UnitOfWorkDep,
    principal: AnyUser,
    name: Annotated[str, Form(max_length=2000)] = "",
    whatsapp: Annotated[str, Form(max_length=2000)] = "",
    whatsapp_opt_in: Annotated[str, Form(max_length=10)] = "",
    language: Annotated[str, Form(max_length=10)] = "id",
) -> Response:
    chosen = "en" if language == "en" else "id"
    values: dict[str, Any] = {
        "name": name.strip(),
        "whatsapp": whatsapp.strip(),
        "whatsapp_opt_in": bool(whatsapp_opt_in),
        "language": chosen,
    }
    errors: dict[str, str] = {}
    if not 2 <= len(values["name"]) <= 200:
        errors["name"] = translate("myaccount.name_rule")
    if not errors:
        try:
            accounts.update_own_account(
                uow,
                principal=principal,
                name=values["name"],
                whatsapp=values["whatsapp"] or None,
                whatsapp_opt_in=values["whatsapp_opt_in"],
                language=chosen,
            )
        except AppError as error:
            uow.rollback()
            errors = field_messages(error, FIELDS, field_of={"account.bad_phone": "whatsapp"})
    if errors:
        errors.setdefault("__all__", " ".join(v for k, v in errors.items() if k != "__all__"))
        return _page(request, uow, principal, values=values, errors=errors, status_code=422)
    response = pages.redirect("/account", flash="myaccount.saved")
    response.set_cookie(  # the pages follow the chosen language at once, as the switch does
        LANG_COOKIE, chosen, max_age=YEAR_SECONDS, samesite="lax", secure=pages.urls.secure, path="/"
    )
    return response


@router.post("/account/password")
def change_my_password(
    request: Request,
    uow: UnitOfWorkDep,
    principal: AnyUser,
    sessions: SessionsDep,
    current_password: Annotated[str, Form(max_length=1000)] = "",
    new_password: Annotated[str, Form(max_length=1000)] = "",
    new_password_again: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    errors: dict[str, str] = {}
    if new_password != new_password_again:
        errors["new_password_again"] = translate("pw.mismatch")
    else:
        try:
            accounts.change_own_password(
                uow, principal=principal, current=current_password, new=new_password, sessions=sessions
            )
        except AppError as error:
            uow.rollback()
            field = {"account.wrong_password": "current_password"}.get(error.code, "new_password")
            errors[field] = error.message()
    if errors:
        errors["__all__"] = " ".join(errors.values())
        return _page(request, uow, principal, password_errors=errors, status_code=422)
    response = pages.redirect("/login", flash="myaccount.password_changed")
    clear_session(response)
    return response
