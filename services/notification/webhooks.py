"""Provider status webhooks: Meta's Cloud API (signed) and a Fonnte-style gateway (secret in the URL)."""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import UTC, datetime
from typing import Any

from services.notification import service
from shared.db import utc_now
from shared.errors import AppError
from shared.i18n import register
from shared.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)

register(
    {
        "webhook.invalid_signature": {
            "id": "Tanda tangan webhook tidak sah.",
            "en": "The webhook signature is not valid.",
        },
        "webhook.not_configured": {
            "id": "Webhook belum dikonfigurasi di server ini.",
            "en": "Webhooks are not configured on this server.",
        },
        "webhook.invalid_token": {
            "id": "Token verifikasi webhook tidak cocok.",
            "en": "The webhook verification token does not match.",
        },
    }
)


class WebhookRefused(AppError):
    status_code = 403
    code = "webhook.invalid_signature"


def check_signature(*, app_secret: str | None, body: bytes, header: str | None) -> None:
    """Refuse unless `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body with the app secret."""
    if not app_secret:
        raise WebhookRefused("webhook.not_configured")
    expected = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    # Constant-time comparison: the signature must not be guessable byte by byte.
    if not header or not hmac.compare_digest(expected, header.strip()):
        log.warning("notification.webhook.invalid_signature")
        raise WebhookRefused()


def check_token(*, expected: str | None, given: str | None) -> None:
    if not expected:
        raise WebhookRefused("webhook.not_configured")
    if not given or not hmac.compare_digest(expected, given):
        raise WebhookRefused("webhook.invalid_token")


def _moment(raw: Any) -> datetime:
    try:
        return datetime.fromtimestamp(int(raw), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return utc_now()


def handle_cloud_api(uow: UnitOfWork, *, payload: dict[str, Any]) -> dict[str, int]:
    """Apply every status and note every inbound message of one Cloud API webhook call."""
    counts = {"statuses": 0, "unknown": 0, "inbound": 0}
    entries = payload.get("entry")
    for entry in entries if isinstance(entries, list) else []:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        for change in changes if isinstance(changes, list) else []:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                continue
            for status in value.get("statuses") or []:
                if not isinstance(status, dict) or not status.get("id"):
                    continue
                errors = status.get("errors") or []
                error = errors[0] if errors and isinstance(errors[0], dict) else {}
                code = error.get("code")
                update = service.StatusUpdate(
                    provider_message_id=str(status["id"]),
                    status=str(status.get("status", "")),
                    at=_moment(status.get("timestamp")),
                    error_code=f"whatsapp.{code}" if code is not None else None,
                    error_reason=str(error.get("title") or error.get("message") or "") or None,
                )
                known = service.apply_status(uow, update=update)
                if not known:
                    service.defer_status(uow, update=update)
                counts["statuses" if known else "unknown"] += 1
            for message in value.get("messages") or []:
                if isinstance(message, dict) and message.get("from"):
                    wa_id = str(message["from"])
                    if service.record_inbound(
                        uow, wa_id="+" + wa_id.lstrip("+"), at=_moment(message.get("timestamp"))
                    ):
                        counts["inbound"] += 1
    return counts


def handle_gateway(uow: UnitOfWork, *, payload: dict[str, Any]) -> bool:
    """Apply a gateway's status callback (`id` and `status` or `state`); False if the id is unknown."""
    message_id = payload.get("id")
    status = payload.get("status") or payload.get("state") or payload.get("message_status")
    if not message_id or not status:
        log.info("notification.webhook.gateway_ignored", extra={"keys": sorted(payload)[:10]})
        return True
    update = service.StatusUpdate(
        provider_message_id=str(message_id),
        status=str(status),
        at=utc_now(),
        error_code="fonnte.failed" if str(status).lower() == "failed" else None,
        error_reason=str(payload.get("reason") or "") or None,
    )
    known = service.apply_status(uow, update=update)
    if not known:
        service.defer_status(uow, update=update)
    return known
