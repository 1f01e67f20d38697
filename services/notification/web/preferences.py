"""Everyone's own notification preferences: channels and timing per category, quiet hours."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BeforeValidator, Field, create_model
from pydantic_core import PydanticCustomError
from starlette.datastructures import FormData

from services.notification import preferences
from services.notification.deps import RuntimeDep, UnitOfWorkDep
from services.notification.models import Category, DeliveryMode, Preference, Recipient
from services.notification.web import pages
from shared.auth import Principal
from shared.errors import AppError, NotFound
from shared.i18n import translate
from shared.webui.forms import PageForm, field_messages, read_form

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


def _clock_or_none(value: object) -> time | None:
    """A time typed as HH:MM (seconds ignored), or None when left empty."""
    text = str(value or "").strip()[:20]
    if not text:
        return None
    match = TIME.match(text)
    if match is None:
        raise PydanticCustomError("notif.prefs.bad_time", "notif.prefs.bad_time")
    return time(int(match.group(1)), int(match.group(2)))


def _mode(value: object) -> DeliveryMode:
    if not isinstance(value, str) or value not in {mode.value for mode in DeliveryMode}:
        raise PydanticCustomError("notif.prefs.bad_mode", "notif.prefs.bad_mode")
    return DeliveryMode(value)


Clock = Annotated[time | None, BeforeValidator(_clock_or_none)]
Mode = Annotated[DeliveryMode, BeforeValidator(_mode)]
Ticked = Annotated[bool, BeforeValidator(lambda value: value is not None)]  # a checkbox: sent or not


class PreferencesForm(PageForm):
    """Quiet hours and, per category, `<category>_mode`, `_email` and `_whatsapp` (checkboxes)."""

    quiet_start: Clock = None
    quiet_end: Clock = None

    def choices(self) -> list[tuple[Category, bool, bool, DeliveryMode]]:
        """What to save per category; account messages are always by email, right away."""
        values = dict(self)
        return [
            (c, True, values[f"{c.value}_whatsapp"], DeliveryMode.immediate)
            if c is Category.account
            else (c, values[f"{c.value}_email"], values[f"{c.value}_whatsapp"], values[f"{c.value}_mode"])
            for c in Category
        ]


def _category_fields() -> dict[str, Any]:
    """`<category>_mode`, `_email` and `_whatsapp` for each category there is."""
    fields: dict[str, Any] = {}
    for category in Category:
        if category is not Category.account:  # always right away; whatever was sent is ignored
            fields[f"{category.value}_mode"] = (
                Mode,
                Field(default=DeliveryMode.immediate.value, validate_default=True),
            )
        fields[f"{category.value}_email"] = (Ticked, Field(default=None, validate_default=True))
        fields[f"{category.value}_whatsapp"] = (Ticked, Field(default=None, validate_default=True))
    return fields


PreferencesFields = create_model("PreferencesFields", __base__=PreferencesForm, **_category_fields())


def _typed(data: FormData) -> Form:
    """What was typed, kept as typed, to show the form again."""
    choices = [
        Choice(
            category,
            email=category is Category.account or f"{category.value}_email" in data,
            whatsapp=f"{category.value}_whatsapp" in data,
            mode=DeliveryMode.immediate.value
            if category is Category.account
            else str(data.get(f"{category.value}_mode", DeliveryMode.immediate.value)),
        )
        for category in Category
    ]
    clock = {name: str(data.get(name, "")).strip()[:20] for name in QUIET_FIELDS}
    return Form(choices, clock["quiet_start"], clock["quiet_end"])


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
    typed = _typed(data)
    values = {name: value for name, value in data.items() if isinstance(value, str)}
    try:
        form = read_form(PreferencesFields, values)
        preferences.update_preferences(
            uow,
            principal=principal,
            choices=form.choices(),
            quiet_start=form.quiet_start,
            quiet_end=form.quiet_end,
        )
    except AppError as error:
        uow.rollback()
        typed.errors = field_messages(error, [*PreferencesFields.model_fields, *QUIET_FIELDS])
        return _render(request, runtime, own[0], typed, status_code=error.status_code)
    return pages.redirect(PATH, flash="notif.prefs.saved")
