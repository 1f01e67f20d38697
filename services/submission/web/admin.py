"""The pemda admin's pages: periods and deadlines, OPDs and people (with imports), the catalogue, the
compliance board with a one-click reminder, and the audit log. Rules stay in the service layer."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from services.submission import accounts, periods, repository
from services.submission.accounts import ImportRefused, ImportReport, OpdKind
from services.submission.catalogue import available_codes, load_catalogue
from services.submission.deps import PolicyDep, UnitOfWorkDep
from services.submission.models import Pemda, Period
from services.submission.web import pages
from shared.auth import Principal, Role
from shared.db import utc_now
from shared.errors import AppError, Forbidden, NotFound
from shared.messaging.outbox import UnitOfWork
from shared.webui.forms import field_messages

router = pages.router(prefix="/admin")

Admin = Annotated[Principal, Depends(pages.user(Role.admin))]
MAX_IMPORT_BYTES = 5 * 1024 * 1024
AUDIT_PAGE = 50
AUDIT_VALUE_CHARS = 160
ASSIGNABLE_ROLES = (Role.opd_operator, Role.opd_head, Role.reviewer, Role.admin)
SECTIONS = ("periods", "opds", "users", "catalogue", "compliance", "audit")

# Which field a service error is about, so the message sits beside it too.
FIELD_OF: dict[str, str] = {
    "period.bad_dates": "closes_at",
    "period.duplicate_year": "year",
    "period.unknown_catalogue": "catalogue_code",
    "period.bad_window": "year",
    "opd.bad_kind": "kind",
    "opd.name_taken": "name",
    "opd.bad_parent": "parent_id",
    "account.email_taken": "email",
    "account.bad_phone": "whatsapp",
    "account.needs_opd": "opd_id",
    "account.admin_only": "role",
    "error.not_found": "opd_id",
}


def _errors(error: AppError, fields: tuple[str, ...]) -> dict[str, str]:
    errors = field_messages(error, fields)
    field = FIELD_OF.get(error.code)
    if field in fields and "field" not in error.params:
        errors[field] = error.message()
    return errors


def _bad(code: str, field: str, **params: object) -> AppError:
    return AppError(code, status_code=422, field=field, **params)


def _pemda(uow: UnitOfWork, principal: Principal) -> Pemda:
    """The admin's own pemda (an account without one cannot use these pages)."""
    if principal.pemda_id is None:
        raise Forbidden("account.admin_only")
    pemda = repository.get_pemda(uow.session, principal.pemda_id)
    if pemda is None:
        raise Forbidden("account.admin_only")
    return pemda


def _render(
    request: Request, template: str, section: str, context: Mapping[str, Any], *, status_code: int = 200
) -> Response:
    return pages.render(
        request,
        f"submission/admin/{template}",
        {"section": section, "sections": SECTIONS, **context},
        status_code=status_code,
    )


# ---- dates typed in the pemda's zone (<input type=datetime-local>) ----


def _local_input(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%dT%H:%M")


def _parse_local(text: str, field: str, *, required: bool) -> datetime | None:
    """A local date and time as typed (no zone: the service reads it in the pemda's zone)."""
    text = text.strip()
    if not text:
        if required:
            raise _bad("admin.datetime_required", field)
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise _bad("admin.bad_datetime", field, value=text) from exc
    return moment.replace(tzinfo=None)


def _uuid(text: str, field: str, *, required: bool = True) -> uuid.UUID | None:
    text = text.strip()
    if not text:
        if required:
            raise _bad("admin.choose", field)
        return None
    try:
        return uuid.UUID(text)
    except ValueError as exc:
        raise _bad("admin.choose", field) from exc


def _state(period: Period, now: datetime) -> str:
    if now < period.opens_at:
        return "upcoming"
    return "open" if now < period.closes_at else "closed"


def _chosen_period(
    uow: UnitOfWork, principal: Principal, pemda: Pemda, period_id: str
) -> tuple[Period | None, list[Period]]:
    """The period asked for (?period=), else the open one, else the newest; and all of the pemda's."""
    all_periods = repository.list_periods(uow.session, pemda_id=pemda.id)
    if period_id:
        try:
            wanted = uuid.UUID(period_id)
        except ValueError as exc:
            raise NotFound() from exc
        return periods.get_period(uow.session, principal=principal, period_id=wanted), all_periods
    current = repository.get_open_period(uow.session, pemda_id=pemda.id, at=utc_now())
    return current or (all_periods[0] if all_periods else None), all_periods


# ---- periods ----

PERIOD_FIELDS = ("year", "name", "opens_at", "closes_at", "catalogue_code")


def _periods_page(
    request: Request,
    uow: UnitOfWork,
    pemda: Pemda,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    now = utc_now()
    rows = [(p, _state(p, now)) for p in repository.list_periods(uow.session, pemda_id=pemda.id)]
    catalogues = [(code, load_catalogue(code).name) for code in available_codes()]
    default_year = str(now.astimezone(ZoneInfo(pemda.timezone)).year + 1)
    return _render(
        request,
        "periods.html",
        "periods",
        {
            "pemda": pemda,
            "rows": rows,
            "catalogues": catalogues,
            "values": values
            or {"year": default_year, "catalogue_code": catalogues[-1][0] if catalogues else ""},
            "errors": errors or {},
        },
        status_code=status_code,
    )


@router.get("/periods")
def periods_page(request: Request, uow: UnitOfWorkDep, principal: Admin) -> Response:
    return _periods_page(request, uow, _pemda(uow, principal))


@router.post("/periods")
def create_period(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Admin,
    year: Annotated[str, Form(max_length=10)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    opens_at: Annotated[str, Form(max_length=40)] = "",
    closes_at: Annotated[str, Form(max_length=40)] = "",
    catalogue_code: Annotated[str, Form(max_length=60)] = "",
) -> Response:
    pemda = _pemda(uow, principal)
    values = {
        "year": year,
        "name": name,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "catalogue_code": catalogue_code,
    }
    try:
        if not year.strip().isdigit() or not 2000 <= int(year) <= 2100:
            raise _bad("admin.bad_year", "year", value=year)
        period = periods.create_period(
            uow,
            pemda=pemda,
            actor=principal,
            data=periods.PeriodInput(
                year=int(year),
                name=name.strip() or None,
                opens_at=_parse_local(opens_at, "opens_at", required=False),
                closes_at=_parse_local(closes_at, "closes_at", required=False),
                catalogue_code=catalogue_code or available_codes()[-1],
            ),
        )
    except AppError as error:
        uow.rollback()
        return _periods_page(
            request,
            uow,
            pemda,
            values=values,
            errors=_errors(error, PERIOD_FIELDS),
            status_code=error.status_code,
        )
    return pages.redirect(f"/admin/periods/{period.id}", flash="admin.period_created")


def _period_page(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    period: Period,
    *,
    form: str = "",
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    pemda = _pemda(uow, principal)
    rows = periods.compliance(uow.session, principal=principal, period_id=period.id)
    defaults = {
        "closes_at": _local_input(period.closes_at, pemda.timezone),
        "ext_closes_at": _local_input(period.closes_at + timedelta(days=7), pemda.timezone),
    }
    return _render(
        request,
        "period.html",
        "periods",
        {
            "pemda": pemda,
            "period": period,
            "state": _state(period, utc_now()),
            "rows": rows,
            "opds": [(r.opd_id, r.name) for r in rows],
            "form": form,
            "values": {**defaults, **(values or {})},
            "errors": errors or {},
        },
        status_code=status_code,
    )


def _own_period(uow: UnitOfWork, principal: Principal, period_id: str) -> Period:
    try:
        wanted = uuid.UUID(period_id)
    except ValueError as exc:
        raise NotFound() from exc
    _pemda(uow, principal)
    return periods.get_period(uow.session, principal=principal, period_id=wanted)


@router.get("/periods/{period_id}")
def period_page(request: Request, period_id: str, uow: UnitOfWorkDep, principal: Admin) -> Response:
    return _period_page(request, uow, principal, _own_period(uow, principal, period_id))


@router.post("/periods/{period_id}/open")
def open_period(request: Request, period_id: str, uow: UnitOfWorkDep, principal: Admin) -> Response:
    """Open the call now (its opening moment becomes now)."""
    period = _own_period(uow, principal, period_id)
    try:
        if utc_now() >= period.opens_at:
            raise AppError("admin.already_open", status_code=409)
        periods.update_period(uow, principal=principal, period_id=period.id, changes={"opens_at": utc_now()})
    except AppError as error:
        uow.rollback()
        period = _own_period(uow, principal, period_id)
        return _period_page(
            request,
            uow,
            principal,
            period,
            form="open",
            errors=_errors(error, ()),
            status_code=error.status_code,
        )
    return pages.redirect(f"/admin/periods/{period.id}", flash="admin.period_opened")


@router.post("/periods/{period_id}/deadline")
def change_deadline(
    request: Request,
    period_id: str,
    uow: UnitOfWorkDep,
    principal: Admin,
    closes_at: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    period = _own_period(uow, principal, period_id)
    try:
        moment = _parse_local(closes_at, "closes_at", required=True)
        periods.update_period(uow, principal=principal, period_id=period.id, changes={"closes_at": moment})
    except AppError as error:
        uow.rollback()
        period = _own_period(uow, principal, period_id)
        return _period_page(
            request,
            uow,
            principal,
            period,
            form="deadline",
            values={"closes_at": closes_at},
            errors=_errors(error, ("closes_at",)),
            status_code=error.status_code,
        )
    return pages.redirect(f"/admin/periods/{period.id}", flash="admin.deadline_changed")


@router.post("/periods/{period_id}/extension")
def extend_for_opd(
    request: Request,
    period_id: str,
    uow: UnitOfWorkDep,
    principal: Admin,
    opd_id: Annotated[str, Form(max_length=40)] = "",
    ext_closes_at: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """A later close for one OPD."""
    period = _own_period(uow, principal, period_id)
    try:
        opd = _uuid(opd_id, "opd_id")
        moment = _parse_local(ext_closes_at, "ext_closes_at", required=True)
        assert opd is not None
        assert moment is not None
        if not reason.strip():
            raise _bad("admin.reason_required", "reason")
        periods.set_extension(
            uow, principal=principal, period_id=period.id, opd_id=opd, closes_at=moment, reason=reason.strip()
        )
    except AppError as error:
        uow.rollback()
        period = _own_period(uow, principal, period_id)
        errors = _errors(error, ("opd_id", "ext_closes_at", "reason"))
        if error.code == "period.bad_dates":
            errors["ext_closes_at"] = error.message()
            errors.pop("closes_at", None)
        return _period_page(
            request,
            uow,
            principal,
            period,
            form="extension",
            values={"opd_id": opd_id, "ext_closes_at": ext_closes_at, "reason": reason},
            errors=errors,
            status_code=error.status_code,
        )
    return pages.redirect(f"/admin/periods/{period.id}", flash="admin.extension_set")


# ---- OPDs ----

OPD_FIELDS = ("name", "kind", "parent_id")


async def _read_import(file: UploadFile | None) -> tuple[bytes, str]:
    if file is None or not file.filename:
        raise _bad("admin.import_no_file", "file")
    content = await file.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise AppError(
            "error.request_too_large", status_code=413, field="file", limit_mb=MAX_IMPORT_BYTES // 2**20
        )
    if not content.strip():
        raise _bad("admin.import_empty", "file")
    return content, file.filename


async def _run_import(
    uow: UnitOfWork,
    file: UploadFile | None,
    run: Callable[[bytes, str], object],
    page: Callable[..., Response],
    done: str,
) -> Response:
    """The OPD and the user imports alike: all rows or none; a refusal re-renders `page` with each row's
    problem (or the file's), nothing saved."""
    try:
        content, filename = await _read_import(file)
        run(content, filename)
    except ImportRefused as refused:
        uow.rollback()
        return page(
            errors={"__all__": refused.message()}, report=refused.report, status_code=refused.status_code
        )
    except AppError as error:
        uow.rollback()
        return page(errors=_errors(error, ("file",)), status_code=error.status_code)
    return pages.redirect(done, flash="admin.import_done")


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
    return _render(
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
    return _opds_page(request, uow, _pemda(uow, principal))


@router.post("/opds")
def add_opd(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Admin,
    name: Annotated[str, Form(max_length=200)] = "",
    kind: Annotated[str, Form(max_length=40)] = "",
    parent_id: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    pemda = _pemda(uow, principal)
    values = {"name": name, "kind": kind, "parent_id": parent_id}
    try:
        accounts.require_admin(principal)
        if len(" ".join(name.split())) < 2:
            raise _bad("admin.name_short", "name")
        parent_uuid = _uuid(parent_id, "parent_id", required=False)
        parent = repository.get_opd(uow.session, parent_uuid) if parent_uuid else None
        if parent_uuid and (parent is None or parent.pemda_id != pemda.id):
            raise _bad("admin.choose", "parent_id")
        accounts.create_opd(uow, pemda=pemda, name=name, kind=kind, parent=parent, actor=principal)
    except AppError as error:
        uow.rollback()
        return _opds_page(
            request,
            uow,
            pemda,
            values=values,
            errors=_errors(error, OPD_FIELDS),
            status_code=error.status_code,
        )
    return pages.redirect("/admin/opds", flash="admin.opd_added")


@router.post("/opds/import")
async def import_opds(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Admin,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """All rows or none: a refused row cancels the import, and the page lists each row's problem."""
    pemda = _pemda(uow, principal)
    return await _run_import(
        uow,
        file,
        lambda content, name: accounts.import_opds(uow, principal=principal, content=content, filename=name),
        partial(_opds_page, request, uow, pemda),
        "/admin/opds",
    )


# ---- people ----

USER_FIELDS = ("email", "name", "role", "opd_id", "whatsapp", "language")


def _role(text: str) -> Role:
    try:
        role = Role(text)
    except ValueError as exc:
        raise _bad("admin.choose", "role") from exc
    if role not in ASSIGNABLE_ROLES:
        raise _bad("admin.choose", "role")
    return role


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
    return _render(
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
    return _users_page(request, uow, principal, _pemda(uow, principal))


@router.post("/users")
def add_user(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Admin,
    policy: PolicyDep,
    email: Annotated[str, Form(max_length=254)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=40)] = "",
    opd_id: Annotated[str, Form(max_length=40)] = "",
    whatsapp: Annotated[str, Form(max_length=30)] = "",
    whatsapp_opt_in: Annotated[str, Form(max_length=5)] = "",
    language: Annotated[str, Form(max_length=2)] = "id",
) -> Response:
    """Add a person: they receive a one-time link to set their password."""
    pemda = _pemda(uow, principal)
    values = {
        "email": email,
        "name": name,
        "role": role,
        "opd_id": opd_id,
        "whatsapp": whatsapp,
        "whatsapp_opt_in": whatsapp_opt_in,
        "language": language,
    }
    try:
        address = email.strip()
        if "@" not in address or " " in address or len(address) < 3:
            raise _bad("admin.bad_email", "email", value=email)
        if len(name.strip()) < 2:
            raise _bad("admin.name_short", "name")
        chosen_role = _role(role)
        opd = _uuid(opd_id, "opd_id", required=False)
        if chosen_role in (Role.opd_operator, Role.opd_head) and opd is None:
            raise _bad("account.needs_opd", "opd_id", role=chosen_role.value)
        accounts.invite_account(
            uow,
            principal=principal,
            policy=policy,
            data=accounts.AccountInput(
                email=address,
                name=name.strip(),
                role=chosen_role,
                opd_id=opd,
                whatsapp=whatsapp.strip() or None,
                whatsapp_opt_in=bool(whatsapp_opt_in),
                language="en" if language == "en" else "id",
            ),
        )
    except AppError as error:
        uow.rollback()
        return _users_page(
            request,
            uow,
            principal,
            pemda,
            values=values,
            errors=_errors(error, USER_FIELDS),
            status_code=error.status_code,
        )
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
    pemda = _pemda(uow, principal)
    return await _run_import(
        uow,
        file,
        lambda content, name: accounts.import_users(
            uow, principal=principal, content=content, filename=name, policy=policy
        ),
        partial(_users_page, request, uow, principal, pemda),
        "/admin/users",
    )


def _own_user_id(uow: UnitOfWork, principal: Principal, user_id: str) -> uuid.UUID:
    pemda = _pemda(uow, principal)
    try:
        wanted = uuid.UUID(user_id)
    except ValueError as exc:
        raise NotFound() from exc
    user = repository.get_user(uow.session, wanted)
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
    pemda = _pemda(uow, principal)
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
    return _render(
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
    request: Request,
    user_id: str,
    uow: UnitOfWorkDep,
    principal: Admin,
    name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=40)] = "",
    opd_id: Annotated[str, Form(max_length=40)] = "",
    whatsapp: Annotated[str, Form(max_length=30)] = "",
    whatsapp_opt_in: Annotated[str, Form(max_length=5)] = "",
    language: Annotated[str, Form(max_length=2)] = "id",
    is_active: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Change a person's name, role, OPD, contacts, language, or deactivate them."""
    wanted = _own_user_id(uow, principal, user_id)
    values = {
        "name": name,
        "role": role,
        "opd_id": opd_id,
        "whatsapp": whatsapp,
        "whatsapp_opt_in": whatsapp_opt_in,
        "language": language,
        "is_active": is_active,
    }
    try:
        if len(name.strip()) < 2:
            raise _bad("admin.name_short", "name")
        if wanted == principal.user_id and not is_active:
            raise _bad("admin.not_yourself", "is_active")
        if wanted == principal.user_id and role != Role.admin.value:
            raise _bad("admin.not_yourself_role", "role")
        changes: dict[str, Any] = {
            "name": name.strip(),
            "role": _role(role),
            "opd_id": _uuid(opd_id, "opd_id", required=False),
            "whatsapp": whatsapp.strip() or None,
            "whatsapp_opt_in": bool(whatsapp_opt_in) and bool(whatsapp.strip()),
            "language": "en" if language == "en" else "id",
            "is_active": bool(is_active),
        }
        accounts.update_account(uow, principal=principal, user_id=wanted, changes=changes)
    except AppError as error:
        uow.rollback()
        return _user_page(
            request,
            uow,
            principal,
            wanted,
            values=values,
            errors=_errors(error, (*USER_FIELDS, "is_active")),
            status_code=error.status_code,
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
        raise AppError("admin.not_yourself", status_code=422)
    accounts.update_account(uow, principal=principal, user_id=wanted, changes={"is_active": active == "1"})
    return pages.redirect(
        "/admin/users", flash="admin.user_activated" if active == "1" else "admin.user_deactivated"
    )


# ---- catalogue ----


@router.get("/catalogue")
def catalogue_page(request: Request, uow: UnitOfWorkDep, principal: Admin, period: str = "") -> Response:
    """The chosen period's own copy of the indicator catalogue: weights, parameters, guidance."""
    pemda = _pemda(uow, principal)
    chosen, all_periods = _chosen_period(uow, principal, pemda, period)
    return _render(
        request,
        "catalogue.html",
        "catalogue",
        {
            "period": chosen,
            "periods": all_periods,
            "catalogue": periods.catalogue_of(chosen) if chosen else None,
        },
    )


# ---- compliance ----


def _compliance_page(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    period_id: str,
    *,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    pemda = _pemda(uow, principal)
    chosen, all_periods = _chosen_period(uow, principal, pemda, period_id)
    rows = periods.compliance(uow.session, principal=principal, period_id=chosen.id) if chosen else []
    reminded = (
        periods.last_manual_reminders(uow.session, period=chosen, opd_ids=[r.opd_id for r in rows])
        if chosen
        else {}
    )
    return _render(
        request,
        "compliance.html",
        "compliance",
        {
            "period": chosen,
            "periods": all_periods,
            "state": _state(chosen, utc_now()) if chosen else None,
            "waiting": [r for r in rows if not r.compliant],
            "done": [r for r in rows if r.compliant],
            "reminded": reminded,
            "errors": errors or {},
        },
        status_code=status_code,
    )


@router.get("/compliance")
def compliance_page(request: Request, uow: UnitOfWorkDep, principal: Admin, period: str = "") -> Response:
    return _compliance_page(request, uow, principal, period)


@router.post("/compliance/remind")
def remind(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Admin,
    period_id: Annotated[str, Form(max_length=40)] = "",
    opd_id: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Remind one OPD now (a second click within a minute sends nothing more)."""
    _pemda(uow, principal)
    try:
        period = _uuid(period_id, "period_id")
        opd = _uuid(opd_id, "opd_id")
        assert period is not None
        assert opd is not None
        result = periods.remind_opd(uow, principal=principal, period_id=period, opd_id=opd)
    except AppError as error:
        uow.rollback()
        if error.status_code == 404:
            raise
        return _compliance_page(
            request, uow, principal, period_id, errors=_errors(error, ()), status_code=error.status_code
        )
    flash = "admin.reminder_sent" if result.sent else "admin.reminder_recent"
    return pages.redirect(f"/admin/compliance?period={period}", flash=flash)


# ---- audit log ----


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= AUDIT_VALUE_CHARS else text[: AUDIT_VALUE_CHARS - 1] + "…"


def _changes(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[tuple[str, str | None, str]]:
    """(field, before or None, after) of one audit entry, long values cut short."""
    before, after = before or {}, after or {}
    keys = [*after, *(k for k in before if k not in after)]
    return [(k, _short(before[k]) if k in before else None, _short(after.get(k))) for k in keys]


@router.get("/audit")
def audit_page(request: Request, uow: UnitOfWorkDep, principal: Admin, page: str = "1") -> Response:
    """Every change in the pemda, newest first, fifty a page."""
    pemda = _pemda(uow, principal)
    number = int(page) if page.isdigit() and 0 < int(page) <= 100_000 else 1
    entries = repository.list_audit(
        uow.session, pemda_id=pemda.id, entity_id=None, limit=AUDIT_PAGE + 1, offset=(number - 1) * AUDIT_PAGE
    )
    return _render(
        request,
        "audit.html",
        "audit",
        {
            "entries": entries[:AUDIT_PAGE],
            "changes": {entry.id: _changes(entry.before, entry.after) for entry in entries[:AUDIT_PAGE]},
            "page": number,
            "has_next": len(entries) > AUDIT_PAGE,
        },
    )
