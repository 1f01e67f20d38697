"""Messages rendered from templates: one per event type x channel x language, in a Jinja sandbox.

An email template has three blocks: `subject`, `text` and `html`. A WhatsApp template has `text`
(the free-form message, allowed inside the 24-hour window after the person last wrote to us),
`meta_name` (the name of the template approved by Meta, used outside that window) and
`meta_params` (its body parameters {{1}}, {{2}}... one per line, in order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from services.notification.links import with_links
from services.notification.models import Channel, Notification, Recipient
from services.notification.samples import SAMPLE_BASE_URLS, SAMPLE_DATA
from shared.errors import NotFound
from shared.i18n import LANGUAGES, Language
from shared.timefmt import format_local

TEMPLATES_DIR = Path(__file__).parent / "templates"
EMAIL_BLOCKS = ("subject", "text", "html")
WHATSAPP_BLOCKS = ("text", "meta_name", "meta_params")
# Meta refuses an empty parameter and one with new lines, tabs or more than four spaces in a row.
EMPTY_PARAMETER = "-"
META_PARAMETER_LIMIT = 1024


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class RenderedWhatsApp:
    """The free text and, for outside the 24-hour window, the approved template with its parameters."""

    text: str
    template_name: str
    template_language: str
    template_params: tuple[str, ...]
    # The page the message's button opens (an approved template's URL button), if it has one.
    button_url: str | None = None


class TemplateMissing(LookupError):
    """No template for this event type, channel and language."""


def oneline(value: object) -> str:
    """Any value on one line with single spaces (what a Meta template parameter may hold)."""
    return " ".join(str(value).split())


REVIEWER_LABEL = {"id": "Penilai {no}", "en": "Reviewer {no}"}
COORDINATOR_LABEL = {"id": "Koordinator verifikasi", "en": "Review coordinator"}


def reviewer_lines(item: object, language: str = "id") -> list[str]:
    """An indicator's notes, one per reviewer ("Penilai 1: ..."), the coordinator's named as such; an
    older message's single `note` as it is."""
    if not isinstance(item, dict):
        return []
    lang = "en" if language == "en" else "id"
    notes = item.get("notes")
    if isinstance(notes, list) and notes:
        lines = []
        for note in notes:
            if not isinstance(note, dict) or not note.get("note"):
                continue
            number = note.get("reviewer_no")
            who = COORDINATOR_LABEL[lang] if number is None else REVIEWER_LABEL[lang].format(no=number)
            lines.append(f"{who}: {oneline(note['note'])}")
        return lines
    note = item.get("note")
    return [oneline(note)] if note else []


def _environment(*, autoescape: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["oneline"] = oneline
    env.filters["reviewer_lines"] = reviewer_lines
    return env


# Subject and text are rendered without escaping, the HTML part with it: same file, two compilations.
_TEXT = _environment(autoescape=False)
_HTML = _environment(autoescape=True)


def template_name(channel: Channel, event_type: str, language: str) -> str:
    return f"{channel.value}/{event_type}.{language}.jinja"


def _get(env: SandboxedEnvironment, channel: Channel, event_type: str, language: str) -> Template:
    try:
        return env.get_template(template_name(channel, event_type, language))
    except TemplateNotFound as exc:
        raise TemplateMissing(f"no {channel.value} template for {event_type!r} in {language!r}") from exc


def _block(template: Template, name: str, context: dict[str, Any]) -> str:
    return "".join(template.blocks[name](template.new_context(context))).strip()


_DATE_KEY = re.compile(r"^(at|deadline|.+_at)$")


def _context(data: dict[str, Any], *, recipient_name: str, language: str, timezone: str) -> dict[str, Any]:
    lang: Language = "en" if language == "en" else "id"
    local: dict[str, str] = {}
    for key, value in data.items():
        # Every moment in the data is also given in the recipient's pemda zone (WIB/WITA/WIT shown).
        if _DATE_KEY.match(key) and isinstance(value, str) and value:
            try:
                local[f"{key}_local"] = format_local(datetime.fromisoformat(value), timezone, lang)
            except ValueError:
                local[f"{key}_local"] = value
    # Producers may add fields first and templates use them later: the usual ones render empty.
    defaults: dict[str, Any] = {
        "nama": "",
        "version": "",
        "pemda": "",
        "opd": "",
        "note": "",
        "by": "",
        "period": "",
        "reviewer": "",
        "indicator_notes": [],
        "opds": [],
        "items": [],
        "count": 0,
        "health": None,
        "at_local": "",
        "deadline_local": "",
        "due_at_local": "",
        "closes_at_local": "",
        "expires_at_local": "",
        "action_url": "",
        "preferences_url": "",
    }
    derived: dict[str, Any] = {}
    opds = data.get("opds")
    if isinstance(opds, list):
        derived["opds_total"] = len(opds)
        derived["opds_without_submission"] = sum(
            1 for opd in opds if isinstance(opd, dict) and not opd.get("submitted")
        )
    return {
        **defaults,
        "opds_total": 0,
        "opds_without_submission": 0,
        **data,
        **local,
        **derived,
        "recipient_name": recipient_name,
        "language": lang,
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
    text_template = _get(_TEXT, Channel.email, event_type, language)
    html_template = _get(_HTML, Channel.email, event_type, language)
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
) -> RenderedWhatsApp:
    """The WhatsApp message as free text and as the approved template's parameters."""
    context = _context(data, recipient_name=recipient_name, language=language, timezone=timezone)
    template = _get(_TEXT, Channel.whatsapp, event_type, language)
    # One line per parameter, empty ones included (not stripped: an empty last one still counts).
    lines = "".join(template.blocks["meta_params"](template.new_context(context))).split("\n")
    if lines and not lines[-1]:
        lines.pop()
    params = tuple((oneline(line) or EMPTY_PARAMETER)[:META_PARAMETER_LIMIT] for line in lines)
    return RenderedWhatsApp(
        text=_block(template, "text", context),
        template_name=_block(template, "meta_name", context),
        template_language=context["language"],
        template_params=params,
        button_url=context["action_url"] or None,
    )


def notification_email(notification: Notification, recipient: Recipient) -> RenderedEmail:
    """A stored notification's email, in its recipient's name, language and time zone."""
    return render_email(
        notification.event_type,
        notification.data,
        recipient_name=recipient.name,
        language=recipient.language,
        timezone=recipient.timezone,
    )


def notification_whatsapp(notification: Notification, recipient: Recipient) -> RenderedWhatsApp:
    """A stored notification's WhatsApp message, in its recipient's name, language and time zone."""
    return render_whatsapp(
        notification.event_type,
        notification.data,
        recipient_name=recipient.name,
        language=recipient.language,
        timezone=recipient.timezone,
    )


@dataclass(frozen=True)
class TemplateInfo:
    """One template as admins see it listed."""

    event_type: str
    channel: Channel
    language: str
    name: str
    exists: bool
    meta_name: str | None


def list_templates(event_types: tuple[str, ...]) -> list[TemplateInfo]:
    """Every event type x channel x language, saying which template file is there."""
    found: list[TemplateInfo] = []
    for event_type in event_types:
        for channel in Channel:
            for language in LANGUAGES:
                name = template_name(channel, event_type, language)
                try:
                    template = _TEXT.get_template(name)
                except TemplateNotFound:
                    found.append(TemplateInfo(event_type, channel, language, name, False, None))
                    continue
                meta_name = None
                if channel is Channel.whatsapp and "meta_name" in template.blocks:
                    meta_name = _block(template, "meta_name", {})
                found.append(TemplateInfo(event_type, channel, language, name, True, meta_name))
    return found


class UnknownTemplate(NotFound, code="notification.unknown_template"): ...


def preview(*, event_type: str, channel: Channel, language: str, data: dict[str, Any] | None = None) -> Any:
    """A template rendered with the sample data of its event (or the data given)."""
    sample = (
        data
        if data is not None
        else with_links(event_type, SAMPLE_DATA.get(event_type, {}), SAMPLE_BASE_URLS)
    )
    render = render_email if channel is Channel.email else render_whatsapp
    try:
        return render(
            event_type, sample, recipient_name="Rina Operator", language=language, timezone="Asia/Makassar"
        )
    except TemplateMissing as exc:
        raise UnknownTemplate(name=f"{channel.value}/{event_type}.{language}") from exc
