"""Everyone's own notification preferences: channels and timing per category, quiet hours."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from services.notification import preferences
from services.notification.deps import RuntimeDep, UnitOfWorkDep
from services.notification.models import Category, DeliveryMode, Preference, Recipient
from services.notification.web import pages
from shared.auth import Principal
from shared.errors import AppError, NotFound
from shared.i18n import translate
from shared.webui.forms import field_messages

router = pages.router()
PATH = "/notifications/preferences"
TEMPLATE = "notification/preferences.html"
CurrentUser = Annotated[Principal, Depends(pages.user())]
TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$")
QUIET_FIELDS = ("quiet_start", "quiet_end")


@dataclass
class Choice:
    """What the form shows for one category (as saved, or as the person just typed it)."""

    category: Category
    email: bool
    whatsapp: bool
    mode: str

    @property
    def fixed(self) -> bool:
        """Account messages carry a short-lived link: always by email, right away (see policy)."""
        return self.category is Category.account


@dataclass
class Form:
    choices: list[Choice]
    quiet_start: str = ""
    quiet_end: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def _clock(value: time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def _saved(recipient: Recipient, preferences: list[Preference]) -> Form:
    return Form(
        [Choice(p.category, p.email, p.whatsapp, p.mode.value) for p in preferences],
        _clock(recipient.quiet_start),
        _clock(recipient.quiet_end),
    )


def _unusable(recipient: Recipient) -> str | None:
    """Why WhatsApp cannot reach this person, in the page's language (None when it can)."""
    if recipient.whatsapp_rejected and not recipient.whatsapp:
        return translate("notif.prefs.reason_invalid", number=recipient.whatsapp_rejected)
    if not recipient.whatsapp:
        return translate("notif.prefs.reason_no_number")
    if not recipient.whatsapp_opt_in:
        return translate("notif.prefs.reason_no_opt_in")
    return None


def _render(
    request: Request, runtime: RuntimeDep, recipient: Recipient, form: Form, *, status_code: int = 200
) -> HTMLResponse:
    settings = runtime.settings
    return pages.render(
        request,
        TEMPLATE,
        {
            "recipient": recipient,
            "form": form,
            "errors": form.errors,
            "unusable": _unusable(recipient),
            "default_start": _clock(settings.quiet_start),
            "default_end": _clock(settings.quiet_end),
            "modes": [mode.value for mode in DeliveryMode],
        },
        status_code=status_code,
    )


def _own(uow: UnitOfWorkDep, principal: Principal) -> tuple[Recipient, list[Preference]] | None:
    """The person's settings, or None for someone outside any pemda (a superadmin gets no messages)."""
    try:
        return preferences.read_preferences(uow, principal=principal)
    except NotFound:
        return None


@router.get(PATH, response_class=HTMLResponse)
def preferences_page(
    request: Request, uow: UnitOfWorkDep, runtime: RuntimeDep, principal: CurrentUser
) -> HTMLResponse:
    """Preferensi notifikasi: lewat apa dan kapan setiap jenis pesan dikirim."""
    own = _own(uow, principal)
    if own is None:
        return pages.render(request, TEMPLATE, {"recipient": None})
    return _render(request, runtime, own[0], _saved(*own))


def _parse_time(raw: str, name: str, errors: dict[str, str]) -> time | None:
    if not raw:
        return None
    match = TIME.match(raw)
    if match is None:
        errors[name] = translate("notif.prefs.bad_time")
        return None
    return time(int(match.group(1)), int(match.group(2)))


def _read_form(data: FormData) -> tuple[Form, time | None, time | None]:
    """What was typed, kept as typed, with a message per field that cannot be read."""
    errors: dict[str, str] = {}
    choices = []
    for category in Category:
        mode = str(data.get(f"{category.value}_mode", DeliveryMode.immediate.value))
        if category is Category.account:
            mode = DeliveryMode.immediate.value
        elif mode not in {m.value for m in DeliveryMode}:
            errors[f"{category.value}_mode"] = translate("notif.prefs.bad_mode")
        choices.append(
            Choice(
                category,
                email=category is Category.account or f"{category.value}_email" in data,
                whatsapp=f"{category.value}_whatsapp" in data,
                mode=mode,
            )
        )
    raw_start = str(data.get("quiet_start", "")).strip()[:20]
    raw_end = str(data.get("quiet_end", "")).strip()[:20]
    start = _parse_time(raw_start, "quiet_start", errors)
    end = _parse_time(raw_end, "quiet_end", errors)
    if errors:
        errors["__all__"] = translate("form.has_errors")
    return Form(choices, raw_start, raw_end, errors), start, end


async def _form_data(request: Request) -> FormData:
    return await request.form()


@router.post(PATH, response_class=HTMLResponse)
def save_preferences(
    request: Request,
    uow: UnitOfWorkDep,
    runtime: RuntimeDep,
    principal: CurrentUser,
    data: Annotated[FormData, Depends(_form_data)],
) -> Response:
    """Simpan preferensi; isian yang salah ditampilkan lagi apa adanya dengan pesan perbaikannya."""
    own = _own(uow, principal)
    if own is None:
        return pages.render(request, TEMPLATE, {"recipient": None}, status_code=409)
    form, start, end = _read_form(data)
    if form.errors:
        return _render(request, runtime, own[0], form, status_code=422)
    try:
        preferences.update_preferences(
            uow,
            principal=principal,
            choices=[(c.category, c.email, c.whatsapp, DeliveryMode(c.mode)) for c in form.choices],
            quiet_start=start,
            quiet_end=end,
        )
    except AppError as error:
        form.errors = field_messages(error, QUIET_FIELDS)
        return _render(request, runtime, own[0], form, status_code=error.status_code)
    return pages.redirect(PATH, flash="notif.prefs.saved")
