"""Message templates: which exist, and how each reads with sample data (admins)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.notification import core, rendering
from services.notification.deps import CurrentUser
from services.notification.models import Channel
from services.notification.rendering import RenderedEmail, list_templates
from services.notification.samples import SAMPLE_DATA
from services.notification.schemas import PreviewRead, TemplateRead
from shared.contracts.notification import EVENT_TYPES
from shared.i18n import Language
from shared.schemas import model_of

router = APIRouter(prefix="/templates", tags=["templates"])


@router.get("", response_model=list[TemplateRead])
def list_all_templates(principal: CurrentUser) -> list[TemplateRead]:
    """Every event type x channel x language, with the Meta template name of the WhatsApp ones."""
    core.require_admin(principal)
    return [model_of(TemplateRead, t, meta_template=t.meta_name) for t in list_templates(EVENT_TYPES)]


@router.get("/{event_type}/{channel}/{language}/preview", response_model=PreviewRead)
def preview_template(
    event_type: str, channel: Channel, language: Language, principal: CurrentUser
) -> PreviewRead:
    """One template rendered with the sample data of its event."""
    core.require_admin(principal)
    rendered = rendering.preview(event_type=event_type, channel=channel, language=language)
    data = SAMPLE_DATA.get(event_type, {})
    shown: dict[str, Any] = (
        {"subject": rendered.subject, "html": rendered.html}
        if isinstance(rendered, RenderedEmail)
        else {"meta_template": rendered.template_name, "meta_params": list(rendered.template_params)}
    )
    return PreviewRead(
        event_type=event_type,
        channel=channel,
        language=language,
        data=data,
        text=rendered.text,
        **shown,
    )
