"""Messages rendered from templates: one per event type x channel x language, in a Jinja sandbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from services.notification.models import Channel
from shared.timefmt import format_local

TEMPLATES_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class RenderedText:
    text: str


def _environment(*, autoescape: bool) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# Subject and text are rendered without escaping, the HTML part with it: same file, two compilations.
_TEXT = _environment(autoescape=False)
_HTML = _environment(autoescape=True)


def template_name(channel: Channel, event_type: str, language: str) -> str:
    return f"{channel.value}/{event_type}.{language}.jinja"


def _block(template: Template, name: str, context: dict[str, Any]) -> str:
    return "".join(template.blocks[name](template.new_context(context))).strip()


def _context(data: dict[str, Any], *, recipient_name: str, language: str, timezone: str) -> dict[str, Any]:
    # Producers may add fields first and templates use them later: absent ones render empty.
    at = data.get("at")
    return {
        "nama": "",
        "version": "",
        "pemda": "",
        "note": "",
        **data,
        # When it happened, in the recipient's pemda zone with WIB/WITA/WIT shown.
        "at_local": format_local(datetime.fromisoformat(at), timezone, "en" if language == "en" else "id")
        if at
        else "",
        "recipient_name": recipient_name,
        "language": language,
    }


def render_email(
    event_type: str,
    data: dict[str, Any],
    *,
    recipient_name: str,
    language: str,
    timezone: str = "Asia/Jakarta",
) -> RenderedEmail:
    """Subject, plain text and HTML of one email."""
    context = _context(data, recipient_name=recipient_name, language=language, timezone=timezone)
    name = template_name(Channel.email, event_type, language)
    text_template, html_template = _TEXT.get_template(name), _HTML.get_template(name)
    subject = " ".join(_block(text_template, "subject", context).split())  # one header line
    return RenderedEmail(
        subject=subject,
        text=_block(text_template, "text", context) + "\n",
        html=_block(html_template, "html", context) + "\n",
    )


def render_whatsapp(
    event_type: str,
    data: dict[str, Any],
    *,
    recipient_name: str,
    language: str,
    timezone: str = "Asia/Jakarta",
) -> RenderedText:
    """The plain text of one WhatsApp message."""
    context = _context(data, recipient_name=recipient_name, language=language, timezone=timezone)
    template = _TEXT.get_template(template_name(Channel.whatsapp, event_type, language))
    return RenderedText(text=template.render(context).strip())
