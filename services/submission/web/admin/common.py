"""What every admin page shares: the admin's pemda, the layout with the sub-navigation, the typed
values of a form and the field types of the form models, the period shown by default, and imports."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Depends, Request, UploadFile
from fastapi.responses import Response
from pydantic import AfterValidator, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from services.submission import periods, repository
from services.submission.accounts import ImportRefused
from services.submission.deps import GuardDep, SessionsDep, UnitOfWorkDep
from services.submission.models import Pemda, Period
from services.submission.throttling import LoginGuard
from services.submission.web import pages
from shared.auth import Principal, Role
from shared.db import utc_now
from shared.errors import AppError, Forbidden, NotFound
from shared.messaging.outbox import UnitOfWork
from shared.phone import PhoneProblem
from shared.schemas import PlainName
from shared.sessions import SessionStore
from shared.webui.csrf import CSRF_FIELD
from shared.webui.forms import FieldProblem, PageForm, form_failed

Admin = Annotated[Principal, Depends(pages.user(Role.admin))]
MAX_IMPORT_BYTES = 5 * 1024 * 1024
SECTIONS = ("periods", "opds", "users", "catalogue", "compliance", "audit")

# Which field a feature's error is about, so the message sits beside it too.
FIELD_OF: dict[str, str] = {
    "period.bad_dates": "closes_at",
    "period.duplicate_year": "year",
    "period.unknown_catalogue": "catalogue_code",
    "period.bad_window": "year",
    "opd.bad_kind": "kind",
    "opd.name_taken": "name",
    "opd.bad_parent": "parent_id",
    "account.email_taken": "email",
    **{f"account.phone_{problem.value}": "whatsapp" for problem in PhoneProblem},
    "account.needs_opd": "opd_id",
    "account.admin_only": "role",
    "error.not_found": "opd_id",
}


class ImportTooLarge(AppError, code="error.request_too_large", status=413): ...


def pemda_of(uow: UnitOfWork, principal: Principal) -> Pemda:
    """The admin's own pemda (an account without one cannot use these pages)."""
    if principal.pemda_id is None:
        raise Forbidden("account.admin_only")
    pemda = repository.get_pemda(uow.session, principal.pemda_id)
    if pemda is None:
        raise Forbidden("account.admin_only")
    return pemda


@dataclass(frozen=True)
class AdminCall:
    """What every admin handler works with: the request, its unit of work, the admin and their pemda."""

    request: Request
    uow: UnitOfWork
    principal: Principal
    pemda: Pemda
    sessions: SessionStore
    guard: LoginGuard


def admin_call(
    request: Request, uow: UnitOfWorkDep, principal: Admin, sessions: SessionsDep, guard: GuardDep
) -> AdminCall:
    """A dependency: the admin with their own pemda (an account without one is refused)."""
    return AdminCall(request, uow, principal, pemda_of(uow, principal), sessions, guard)


AdminCallDep = Annotated[AdminCall, Depends(admin_call)]


def render(
    request: Request, template: str, section: str, context: Mapping[str, Any], *, status_code: int = 200
) -> Response:
    """An admin page inside the layout, its section marked in the sub-navigation."""
    return pages.render(
        request,
        f"submission/admin/{template}",
        {"section": section, "sections": SECTIONS, **context},
        status_code=status_code,
    )


def id_from_path(text: str) -> uuid.UUID:
    """An id from the address (a malformed one is simply not found)."""
    try:
        return uuid.UUID(text)
    except ValueError as exc:
        raise NotFound() from exc


# ---- forms: the values as typed, and the types of the form models ----


async def typed(request: Request) -> dict[str, str]:
    """What was typed into the form, as strings (files and the CSRF field left out)."""
    form = await request.form()
    return {name: value for name, value in form.items() if isinstance(value, str) and name != CSRF_FIELD}


Typed = Annotated[dict[str, str], Depends(typed)]


class AdminForm(PageForm):
    """An admin page's form: a field left out counts as left empty (a checkbox not ticked is absent)."""

    @model_validator(mode="before")
    @classmethod
    def _left_out_is_empty(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            return {**dict.fromkeys(cls.model_fields, ""), **data}
        return data


def failed(
    uow: UnitOfWork,
    error: AppError,
    page: Callable[..., Response],
    fields: tuple[str, ...],
    *,
    field_of: Mapping[str, str] | None = None,
) -> Response:
    """The same page again with what was typed and the messages; nothing the attempt wrote is kept.

    `field_of` adds to (or overrides) `FIELD_OF` for this page."""
    result: Response = form_failed(uow, error, page, fields=fields, field_of={**FIELD_OF, **(field_of or {})})
    return result


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _moment(value: object) -> datetime | None:
    """A local date and time as typed (no zone: the feature reads it in the pemda's zone)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    text = _text(value)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("admin.bad_datetime", "admin.bad_datetime", {"value": text}) from None
    return moment.replace(tzinfo=None)


def _required_moment(value: object) -> datetime:
    moment = _moment(value)
    if moment is None:
        raise PydanticCustomError("admin.datetime_required", "admin.datetime_required")
    return moment


def _choice(value: object) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise PydanticCustomError("admin.choose", "admin.choose") from None


def _required_choice(value: object) -> uuid.UUID:
    chosen = _choice(value)
    if chosen is None:
        raise PydanticCustomError("admin.choose", "admin.choose")
    return chosen


def _name(value: str) -> str:
    if len(" ".join(value.split())) < 2:
        raise PydanticCustomError("admin.name_short", "admin.name_short")
    return value


LocalMoment = Annotated[datetime | None, BeforeValidator(_moment)]
RequiredMoment = Annotated[datetime, BeforeValidator(_required_moment)]
Choice = Annotated[uuid.UUID | None, BeforeValidator(_choice)]
RequiredChoice = Annotated[uuid.UUID, BeforeValidator(_required_choice)]
Name = Annotated[PlainName, Field(max_length=200), AfterValidator(_name)]
Checked = Annotated[bool, BeforeValidator(bool)]


def local_input(moment: datetime | None, timezone: str) -> str:
    """A moment as an <input type=datetime-local> shows it, in the pemda's zone."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%dT%H:%M")


# ---- periods as every page shows them ----


def state_of(period: Period, now: datetime) -> str:
    if now < period.opens_at:
        return "upcoming"
    return "open" if now < period.closes_at else "closed"


def chosen_period(call: AdminCall, period_id: str) -> tuple[Period | None, list[Period]]:
    """The period asked for (?period=), else the open one, else the newest; and all of the pemda's."""
    session, pemda = call.uow.session, call.pemda
    all_periods = repository.list_periods(session, pemda_id=pemda.id)
    if period_id:
        wanted = id_from_path(period_id)
        return periods.get_period(session, principal=call.principal, period_id=wanted), all_periods
    current = repository.get_open_period(session, pemda_id=pemda.id, at=utc_now())
    return current or (all_periods[0] if all_periods else None), all_periods


# ---- imports of OPDs and of people ----


async def _read_import(file: UploadFile | None) -> tuple[bytes, str]:
    if file is None or not file.filename:
        raise FieldProblem("admin.import_no_file", field="file")
    content = await file.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportTooLarge(field="file", limit_mb=MAX_IMPORT_BYTES // 2**20)
    if not content.strip():
        raise FieldProblem("admin.import_empty", field="file")
    return content, file.filename


async def run_import(
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
        return failed(uow, refused, partial(page, report=refused.report), ("file",))
    except AppError as error:
        return failed(uow, error, page, ("file",))
    return pages.redirect(done, flash="admin.import_done")
