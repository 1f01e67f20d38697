"""Provider status webhooks, Meta's Cloud API (signed) and a Fonnte-style gateway (secret in the URL), and
what they move: a delivery's status (forward only), a failed WhatsApp's fallback email, the person's
24-hour window."""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import Any

from services.notification import repository
from services.notification.core import add_event
from services.notification.models import DeliveryStatus
from services.notification.sending import fall_back_to_email, finish, queue_fallback_emails
from shared.contracts.notification import ApplyProviderStatus
from shared.db import utc_now
from shared.errors import Forbidden
from shared.messaging.outbox import UnitOfWork
from shared.phone import InvalidPhoneNumber, normalize_msisdn

log = logging.getLogger(__name__)


STATUS_ORDER = {
    DeliveryStatus.queued: 0,
    DeliveryStatus.sending: 1,
    DeliveryStatus.sent: 2,
    DeliveryStatus.delivered: 3,
    DeliveryStatus.read: 4,
}
WEBHOOK_STATUSES = {
    "sent": DeliveryStatus.sent,
    "delivered": DeliveryStatus.delivered,
    "read": DeliveryStatus.read,
    "failed": DeliveryStatus.failed,
}


@dataclass(frozen=True)
class StatusUpdate:
    """What a provider says happened to a message it accepted."""

    provider_message_id: str
    status: str
    at: datetime
    error_code: str | None = None
    error_reason: str | None = None

    @classmethod
    def of(cls, message: ApplyProviderStatus) -> StatusUpdate:
        """The update a deferred status message carries (the fields `defer_status` put in it)."""
        return cls(**message.model_dump(include={f.name for f in fields(cls)}))


def apply_status(uow: UnitOfWork, *, update: StatusUpdate) -> bool:
    """Move the delivery forward (never back); False when the message id is not one of ours."""
    session = uow.session
    delivery = repository.find_by_provider_message_id(session, update.provider_message_id)
    if delivery is None:
        log.warning(
            "notification.webhook.unknown_message",
            extra={"provider_message_id": update.provider_message_id[:200], "status": update.status},
        )
        return False
    status = WEBHOOK_STATUSES.get(update.status.lower())
    if status is None:
        log.info("notification.webhook.ignored_status", extra={"status": update.status[:40]})
        return True
    if status is DeliveryStatus.failed:
        if delivery.status in (DeliveryStatus.failed, DeliveryStatus.dead, DeliveryStatus.read):
            return True  # already final, or the person read it: a late failure changes nothing
        reason = update.error_reason or "the provider reported the message as failed"
        finish(delivery, DeliveryStatus.failed, code=update.error_code or "provider.failed", reason=reason)
        delivery.failed_at = update.at
        add_event(session, delivery, DeliveryStatus.failed, f"webhook: {reason}")
        fall_back_to_email(session, delivery, reason=update.error_code or reason)
        queue_fallback_emails(uow, delivery)
        return True
    current = STATUS_ORDER.get(delivery.status)
    if current is None or STATUS_ORDER[status] <= current:
        return True  # late or repeated: the ledger already knows better
    delivery.status = status
    if status is DeliveryStatus.delivered:
        delivery.delivered_at = update.at
    elif status is DeliveryStatus.read:
        delivery.read_at = update.at
        delivery.delivered_at = delivery.delivered_at or update.at
    delivery.sent_at = delivery.sent_at or update.at
    add_event(session, delivery, status, "webhook")
    session.flush()
    return True


def defer_status(uow: UnitOfWork, *, update: StatusUpdate) -> None:
    """Try an unknown message id again shortly: the worker may not have recorded it yet."""
    uow.publish(ApplyProviderStatus(**asdict(update)))


def record_inbound(uow: UnitOfWork, *, wa_id: str, at: datetime) -> bool:
    """The person wrote to us: free text is allowed for the next 24 hours."""
    try:
        number = normalize_msisdn(wa_id)
    except InvalidPhoneNumber:
        return False
    found = repository.recipients_by_whatsapp(uow.session, number)
    for recipient in found:
        if recipient.last_inbound_at is None or recipient.last_inbound_at < at:
            recipient.last_inbound_at = at
    uow.session.flush()
    return bool(found)


class WebhookRefused(Forbidden, code="webhook.invalid_signature"): ...


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
                update = StatusUpdate(
                    provider_message_id=str(status["id"]),
                    status=str(status.get("status", "")),
                    at=_moment(status.get("timestamp")),
                    error_code=f"whatsapp.{code}" if code is not None else None,
                    error_reason=str(error.get("title") or error.get("message") or "") or None,
                )
                known = apply_status(uow, update=update)
                if not known:
                    defer_status(uow, update=update)
                counts["statuses" if known else "unknown"] += 1
            for message in value.get("messages") or []:
                if isinstance(message, dict) and message.get("from"):
                    wa_id = str(message["from"])
                    if record_inbound(
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
    update = StatusUpdate(
        provider_message_id=str(message_id),
        status=str(status),
        at=utc_now(),
        error_code="fonnte.failed" if str(status).lower() == "failed" else None,
        error_reason=str(payload.get("reason") or "") or None,
    )
    known = apply_status(uow, update=update)
    if not known:
        defer_status(uow, update=update)
    return known
