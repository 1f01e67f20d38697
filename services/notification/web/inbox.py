"""The development inbox: every email and WhatsApp message the local sinks received (not in production)."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from services.notification.deps import RuntimeDep
from services.notification.web import pages
from shared.errors import NotFound

log = logging.getLogger(__name__)

router = pages.router(tags=["dev inbox"])
LIMIT = 200
LINK = re.compile(r"https?://[^\s<>\"']+")  # a web address, up to white space, a quote or a bracket
ANCHOR = Markup('<a href="{0}">{0}</a>')


@dataclass(frozen=True)
class InboxItem:
    kind: str  # "email" or "whatsapp"
    file: str
    at: str
    to: str
    subject: str
    body: str

    @property
    def moment(self) -> datetime | None:
        """When it was received, if the sink wrote a readable time (shown in the reader's zone)."""
        try:
            return parsedate_to_datetime(self.at) if self.kind == "email" else datetime.fromisoformat(self.at)
        except (TypeError, ValueError):
            return None

    @property
    def body_html(self) -> Markup:
        """The text with its web addresses clickable (as a mail app shows them)."""
        pieces: list[Markup] = []
        end = 0
        for found in LINK.finditer(self.body):
            pieces += [escape(self.body[end : found.start()]), ANCHOR.format(found[0])]
            end = found.end()
        return Markup("").join([*pieces, escape(self.body[end:])])

    def is_to(self, wanted: str) -> bool:
        """Whether this went to `wanted`: part of an email address, or of a number (0812… or 62812…)."""
        wanted = wanted.strip().lower()
        if wanted in self.to.lower():
            return True
        digits = re.sub(r"\D", "", wanted)
        if self.kind != "whatsapp" or len(digits) < 3 or not re.fullmatch(r"[0-9+()\-. ]+", wanted):
            return False
        return ("62" + digits[1:] if digits.startswith("0") else digits) in self.to


def _email(path: Path) -> InboxItem:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    text = ""
    if isinstance(message, EmailMessage):
        part = message.get_body(preferencelist=("plain", "html"))
        text = str(part.get_content()) if part is not None else ""
    return InboxItem(
        "email",
        path.name,
        str(message.get("Date", "")),
        str(message.get("To", "")),
        str(message.get("Subject", "")),
        text,
    )


def _whatsapp(path: Path) -> InboxItem:
    record: dict[str, Any] = json.loads(path.read_text())
    body = record.get("body") or {}
    to = str(body.get("to") or body.get("target") or "")
    if body.get("type") == "template":
        template = body.get("template") or {}
        components = template.get("components", [])
        params = [
            p.get("text", "") for c in components if c.get("type") == "body" for p in c.get("parameters", [])
        ]
        buttons = [
            p.get("text", "")
            for c in components
            if c.get("type") == "button"
            for p in c.get("parameters", [])
        ]
        subject = f"template {template.get('name', '')} ({(template.get('language') or {}).get('code', '')})"
        lines = [f"{{{{{i}}}}} = {value}" for i, value in enumerate(params, start=1)]
        text = "\n".join(lines + [f"tombol tautan = /{suffix}" for suffix in buttons])
    else:
        subject = "teks"
        text = str((body.get("text") or {}).get("body") or body.get("message") or "")
    return InboxItem("whatsapp", path.name, str(record.get("at", "")), to, subject, text)


def read_inbox(mail_dir: Path, whatsapp_dir: Path) -> list[InboxItem]:
    """Newest first; a file that cannot be read is skipped (a sink may be writing it right now)."""
    files = [(p, _email) for p in mail_dir.glob("*.eml")] + [
        (p, _whatsapp) for p in whatsapp_dir.glob("*.json")
    ]
    files.sort(key=lambda item: item[0].name, reverse=True)
    items: list[InboxItem] = []
    for path, read in files[:LIMIT]:
        try:
            items.append(read(path))
        except (OSError, ValueError) as exc:
            log.warning("notification.inbox.unreadable", extra={"file": path.name, "error": str(exc)})
    return items


@router.get("/notification/dev/inbox", response_class=HTMLResponse)
def dev_inbox(
    request: Request, runtime: RuntimeDep, kind: str | None = None, to: str | None = None
) -> HTMLResponse:
    """Kotak masuk pengembangan: semua email dan pesan WhatsApp yang diterima sink lokal (bukan produksi)."""
    settings = runtime.settings
    if not settings.dev_inbox_enabled:
        raise NotFound()
    everything = read_inbox(settings.mail_dir, settings.whatsapp_dir)
    kind = kind if kind in ("email", "whatsapp") else None
    wanted = (to or "").strip()[:200]
    items = [
        item
        for item in everything
        if (kind is None or item.kind == kind) and (not wanted or item.is_to(wanted))
    ]
    return pages.render(
        request,
        "notification/inbox.html",
        {"items": items, "kind": kind, "to": wanted, "limit": LIMIT, "total": len(everything)},
    )
