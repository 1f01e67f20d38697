"""Deliveries out: render, pace, call the provider, record how it went (retries, fallback to email).
`send_delivery` commits on both sides of the provider call (see its docstring); the rest flush."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jinja2 import TemplateError
from sqlalchemy.orm import Session

from services.notification import policy, repository
from services.notification.core import ERROR_REASON_LENGTH, add_event, new_delivery
from services.notification.models import FINISHED_STATUSES, Channel, Delivery, DeliveryStatus
from services.notification.providers import Providers
from services.notification.ratelimit import Limiter, NoLimiter
from services.notification.recipients import whatsapp_unusable
from services.notification.rendering import (
    RenderedEmail,
    RenderedWhatsApp,
    TemplateMissing,
    notification_email,
    notification_whatsapp,
)
from shared.contracts.notification import DeliverNotification
from shared.db import utc_now
from shared.errors import PermanentError, TransientError
from shared.messaging.outbox import Database, UnitOfWork

log = logging.getLogger(__name__)


class DeliveryInProgress(TransientError):
    """Another worker marked this delivery `sending` moments ago and may still be talking to the provider."""

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(f"delivery is being sent by another worker; retry in {retry_after:.0f}s")


@dataclass(frozen=True)
class Pace:
    """How fast each provider may be called (see `ratelimit`)."""

    limiter: Limiter = field(default_factory=NoLimiter)
    whatsapp_per_second: int = 80
    whatsapp_same_number_seconds: float = 6.0
    email_per_second: int = 20


@dataclass(frozen=True)
class Outgoing:
    """One rendered message, ready for its provider."""

    delivery_id: uuid.UUID
    channel: Channel
    address: str
    recipient_name: str
    language: str
    content: RenderedEmail | RenderedWhatsApp
    whatsapp_mode: str | None = None


def _render(delivery: Delivery, *, now: datetime, needs_templates: bool) -> Outgoing | None:
    """The message for this delivery, or None if the recipient no longer has this channel."""
    notification = delivery.notification
    recipient = notification.recipient
    if delivery.channel is Channel.email:
        if not recipient.email:
            return None
        email = notification_email(notification, recipient)
        return Outgoing(
            delivery.id, Channel.email, recipient.email, recipient.name, recipient.language, email
        )
    if whatsapp_unusable(recipient) is not None or not recipient.whatsapp:
        return None
    whatsapp = notification_whatsapp(notification, recipient)
    text_allowed = not needs_templates or policy.inside_whatsapp_window(now, recipient.last_inbound_at)
    return Outgoing(
        delivery.id,
        Channel.whatsapp,
        recipient.whatsapp,
        recipient.name,
        recipient.language,
        whatsapp,
        whatsapp_mode="text" if text_allowed else "template",
    )


def finish(delivery: Delivery, status: DeliveryStatus, *, code: str | None, reason: str | None) -> None:
    delivery.status = status
    delivery.error_code = code
    delivery.error_reason = reason[:ERROR_REASON_LENGTH] if reason else None
    if status in (DeliveryStatus.failed, DeliveryStatus.dead):
        delivery.failed_at = utc_now()


def fall_back_to_email(session: Session, delivery: Delivery, *, reason: str) -> Delivery | None:
    """After WhatsApp failed for good: email the same notification, unless email was already planned."""
    notification = delivery.notification
    if delivery.channel is not Channel.whatsapp or (delivery.error_code or "").startswith("template."):
        return None
    if any(d.channel is Channel.email for d in notification.deliveries):
        add_event(session, delivery, delivery.status, "email already planned for this notification")
        return None
    if not notification.recipient.email:
        return None
    email = new_delivery(notification, Channel.email, utc_now(), fallback_reason=f"WhatsApp failed: {reason}")
    email.fallback_from_id = delivery.id
    session.flush()
    add_event(session, email, DeliveryStatus.queued, email.fallback_reason)
    log.info(
        "notification.deliver.fallback_to_email",
        extra={"delivery_id": str(delivery.id), "email_delivery_id": str(email.id)},
    )
    return email


def begin_delivery(
    uow: UnitOfWork,
    *,
    delivery_id: uuid.UUID,
    providers: Providers,
    lease_seconds: float,
    pace: Pace | None = None,
) -> Outgoing | None:
    """Render the delivery and mark it `sending`; None when there is nothing (more) to send."""
    session = uow.session
    delivery = repository.get_delivery(session, delivery_id, for_update=True)
    if delivery is None:
        # The outbox publishes only after the commit, so the row exists unless it was removed.
        log.warning("notification.deliver.missing", extra={"delivery_id": str(delivery_id)})
        return None
    if delivery.status in FINISHED_STATUSES:
        log.info(
            "notification.deliver.already_done",
            extra={"delivery_id": str(delivery_id), "status": delivery.status.value},
        )
        return None
    now = utc_now()
    if delivery.not_before is not None and delivery.not_before > now:
        log.info("notification.deliver.held", extra={"delivery_id": str(delivery_id)})
        return None
    if delivery.status is DeliveryStatus.sending:
        lease_end = delivery.updated_at + timedelta(seconds=lease_seconds)
        if lease_end > now:
            raise DeliveryInProgress((lease_end - now).total_seconds())
        log.warning("notification.deliver.taking_over", extra={"delivery_id": str(delivery_id)})
    try:
        outgoing = _render(delivery, now=now, needs_templates=providers.whatsapp.needs_templates)
    except TemplateMissing as exc:
        # Nothing a retry can fix until the template is added: dead-lettered, replayable by an admin.
        finish(delivery, DeliveryStatus.dead, code="template.missing", reason=str(exc))
        add_event(session, delivery, DeliveryStatus.dead, str(exc))
        log.error("notification.deliver.template_missing", extra={"delivery_id": str(delivery_id)})
        return None
    except (TemplateError, ValueError, TypeError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        finish(delivery, DeliveryStatus.dead, code="template.error", reason=reason)
        add_event(session, delivery, DeliveryStatus.dead, reason)
        log.exception("notification.deliver.template_error", extra={"delivery_id": str(delivery_id)})
        return None
    if outgoing is None:
        reason = f"the recipient has no {delivery.channel.value} contact (or withdrew consent)"
        finish(delivery, DeliveryStatus.failed, code="recipient.no_address", reason=reason)
        add_event(session, delivery, DeliveryStatus.failed, reason)
        fall_back_to_email(session, delivery, reason=reason)
        queue_fallback_emails(uow, delivery)
        return None
    pace = pace or Pace()
    if outgoing.channel is Channel.email:
        pace.limiter.acquire(provider="smtp", per_second=pace.email_per_second, address=None, gap_seconds=0)
    else:
        pace.limiter.acquire(
            provider=providers.whatsapp.name.value,
            per_second=pace.whatsapp_per_second,
            address=outgoing.address,
            gap_seconds=pace.whatsapp_same_number_seconds if providers.whatsapp.needs_templates else 0,
        )
    delivery.status = DeliveryStatus.sending
    delivery.attempts += 1
    delivery.provider = providers.email.name if delivery.channel is Channel.email else providers.whatsapp.name
    delivery.whatsapp_mode = outgoing.whatsapp_mode
    delivery.updated_at = delivery.sending_at = now
    add_event(
        session,
        delivery,
        DeliveryStatus.sending,
        f"attempt {delivery.attempts}" + (f" ({outgoing.whatsapp_mode})" if outgoing.whatsapp_mode else ""),
    )
    session.flush()
    return outgoing


def queue_fallback_emails(uow: UnitOfWork, delivery: Delivery) -> None:
    """Publish the fallback email made for this delivery, if any."""
    uow.session.flush()
    for other in delivery.notification.deliveries:
        if (
            other.fallback_from_id == delivery.id
            and other.status is DeliveryStatus.queued
            and other.attempts == 0
        ):
            uow.publish(DeliverNotification(delivery_id=other.id))


def record_sent(
    uow: UnitOfWork, *, delivery_id: uuid.UUID, provider_message_id: str, mode: str | None = None
) -> None:
    """The provider took the message: keep its id (status webhooks refer to it)."""
    delivery = repository.get_delivery(uow.session, delivery_id, for_update=True)
    if delivery is None:
        return
    delivery.status = DeliveryStatus.sent
    delivery.provider_message_id = provider_message_id
    delivery.sent_at = utc_now()
    if mode:
        delivery.whatsapp_mode = mode
    add_event(uow.session, delivery, DeliveryStatus.sent, provider_message_id)
    uow.session.flush()


def record_failure(
    uow: UnitOfWork, *, delivery_id: uuid.UUID, status: DeliveryStatus, code: str | None, reason: str
) -> None:
    """Keep the last error: `queued` to try again, `failed` for good, `dead` when retries ran out."""
    delivery = repository.get_delivery(uow.session, delivery_id, for_update=True)
    if delivery is None:
        return
    finish(delivery, status, code=code, reason=reason)
    add_event(uow.session, delivery, status, f"{code}: {reason}" if code else reason)
    if status in (DeliveryStatus.failed, DeliveryStatus.dead):
        fall_back_to_email(uow.session, delivery, reason=code or reason)
        queue_fallback_emails(uow, delivery)
    uow.session.flush()


def _send(providers: Providers, outgoing: Outgoing) -> tuple[str, str | None]:
    """Hand the message to its provider; returns its id and the WhatsApp mode actually used."""
    content = outgoing.content
    if isinstance(content, RenderedEmail):
        message_id = providers.email.send(
            to=outgoing.address, name=outgoing.recipient_name, email=content, language=outgoing.language
        )
        return message_id, None
    whatsapp = providers.whatsapp
    if outgoing.whatsapp_mode == "text":
        try:
            return whatsapp.send_text(to=outgoing.address, body=content.text), "text"
        except PermanentError as exc:
            if exc.code != "whatsapp.131047" or not whatsapp.needs_templates:
                raise
            # The window closed since the person last wrote (or we missed a webhook): use the template.
            log.info("notification.deliver.window_closed", extra={"delivery_id": str(outgoing.delivery_id)})
    message_id = whatsapp.send_template(
        to=outgoing.address,
        name=content.template_name,
        language=content.template_language,
        params=content.template_params,
        button_url=content.button_url,
    )
    return message_id, "template"


def send_delivery(
    db: Database,
    providers: Providers,
    *,
    delivery_id: uuid.UUID,
    final_attempt: bool,
    lease_seconds: float,
    pace: Pace | None = None,
) -> DeliveryStatus | None:
    """Send one delivery and record how it went; raises TransientError when it should be retried.

    Three steps, each with its own transaction, so that no row lock is held while a provider is slow:

    1. mark the delivery `sending` (one more attempt) and commit;
    2. call the provider, outside any transaction;
    3. record its answer right away and commit: `sent` with the provider's message id, `failed`
       (permanent error, not retried), `queued` (transient: the caller retries) or `dead`
       (transient on the last attempt).

    The window that remains: if the process dies after the provider accepted the message and
    before step 3 commits (killed, out of memory, database gone), the delivery stays `sending`
    although the message went out. Celery hands the task out again (late acks, reject on worker
    lost); while the sending lease runs (Celery's hard time limit, after which no worker can still
    be in step 2) the new attempt waits (`DeliveryInProgress`), then sends again. So in that
    window a person may get the message twice, never zero times. The lease also keeps two copies
    of the same task from sending at the same moment.
    """
    with db.unit_of_work() as uow:
        outgoing = begin_delivery(
            uow, delivery_id=delivery_id, providers=providers, lease_seconds=lease_seconds, pace=pace
        )
    if outgoing is None:
        return None
    extra = {"delivery_id": str(delivery_id), "channel": outgoing.channel.value}
    try:
        provider_message_id, mode = _send(providers, outgoing)
    except PermanentError as exc:
        with db.unit_of_work() as uow:
            record_failure(
                uow, delivery_id=delivery_id, status=DeliveryStatus.failed, code=exc.code, reason=exc.reason
            )
        log.warning("notification.deliver.failed", extra={**extra, "code": exc.code, "reason": exc.reason})
        return DeliveryStatus.failed
    except TransientError as exc:
        status = DeliveryStatus.dead if final_attempt else DeliveryStatus.queued
        code = getattr(exc, "code", None)
        with db.unit_of_work() as uow:
            record_failure(uow, delivery_id=delivery_id, status=status, code=code, reason=str(exc))
        log.warning("notification.deliver.transient", extra={**extra, "code": code, "status": status.value})
        if final_attempt:
            return status
        raise
    except Exception as exc:  # a defect, not the provider: do not resend blindly, show it to an admin
        with db.unit_of_work() as uow:
            record_failure(
                uow,
                delivery_id=delivery_id,
                status=DeliveryStatus.failed,
                code="internal",
                reason=f"{type(exc).__name__}: {exc}",
            )
        raise
    with db.unit_of_work() as uow:
        record_sent(uow, delivery_id=delivery_id, provider_message_id=provider_message_id, mode=mode)
    log.info("notification.deliver.sent", extra={**extra, "provider_message_id": provider_message_id})
    return DeliveryStatus.sent
