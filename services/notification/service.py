"""Rules of the notification service. Functions flush and the task or request commits, except
`send_delivery`, which must commit on both sides of the provider call (see its docstring)."""

from __future__ import annotations

import contextlib
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from jinja2 import TemplateError
from sqlalchemy.orm import Session

from services.notification import repository
from services.notification.models import (
    FINISHED_STATUSES,
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    Recipient,
)
from services.notification.providers import Providers
from services.notification.rendering import RenderedEmail, RenderedWhatsApp, render_email, render_whatsapp
from shared.auth import Principal, Role
from shared.contracts.notification import DeliverNotification, Notify
from shared.contracts.notification import Recipient as RecipientInfo
from shared.db import utc_now
from shared.errors import Forbidden, NotFound, PermanentError, TransientError
from shared.messaging.outbox import Database, UnitOfWork
from shared.phone import InvalidPhoneNumber, normalize_msisdn

log = logging.getLogger(__name__)

ERROR_REASON_LENGTH = 500


class DeliveryInProgress(TransientError):
    """Another worker marked this delivery `sending` moments ago and may still be talking to the provider."""

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(f"delivery is being sent by another worker; retry in {retry_after:.0f}s")


@dataclass(frozen=True)
class Outgoing:
    """One rendered message, ready for its provider."""

    delivery_id: uuid.UUID
    channel: Channel
    address: str
    recipient_name: str
    language: str
    content: RenderedEmail | RenderedWhatsApp


# ---- events in ----


def _recipient_values(person: RecipientInfo) -> dict[str, object]:
    whatsapp = person.whatsapp
    # A number that is not one is kept as sent: its delivery fails with a reason an admin can read.
    with contextlib.suppress(InvalidPhoneNumber):
        whatsapp = normalize_msisdn(whatsapp) if whatsapp else None
    return {
        "user_id": person.user_id,
        "pemda_id": person.pemda_id,
        "name": person.name,
        "email": person.email or None,
        "whatsapp": whatsapp or None,
        "whatsapp_opt_in": person.whatsapp_opt_in,
        "language": person.language,
        "timezone": person.timezone,
    }


def channels_for(recipient: Recipient) -> list[Channel]:
    """Email when we have an address; WhatsApp only with a number and the person's consent."""
    channels = []
    if recipient.email:
        channels.append(Channel.email)
    if recipient.whatsapp and recipient.whatsapp_opt_in:
        channels.append(Channel.whatsapp)
    return channels


def handle_notify(uow: UnitOfWork, *, message: Notify) -> list[Delivery]:
    """Record the event for each recipient and queue one delivery per channel (a repeat does nothing)."""
    if not uow.claim(message):
        log.info("notification.notify.duplicate", extra={"message_id": str(message.message_id)})
        return []
    session, now = uow.session, utc_now()
    deliveries: list[Delivery] = []
    seen: set[uuid.UUID] = set()
    for person in message.recipients:
        if person.user_id in seen:
            continue
        seen.add(person.user_id)
        recipient = repository.upsert_recipient(session, _recipient_values(person))
        notification = Notification(
            event_id=message.message_id,
            event_type=message.event_type,
            recipient_id=recipient.user_id,
            data=dict(message.data),
            created_at=now,
        )
        session.add(notification)
        channels = channels_for(recipient)
        if not channels:
            log.warning("notification.notify.no_channel", extra={"recipient_id": str(recipient.user_id)})
        for channel in channels:
            delivery = Delivery(
                channel=channel, status=DeliveryStatus.queued, attempts=0, queued_at=now, updated_at=now
            )
            notification.deliveries.append(delivery)
            deliveries.append(delivery)
    session.flush()
    for delivery in deliveries:
        uow.publish(DeliverNotification(delivery_id=delivery.id))
    return deliveries


# ---- deliveries out ----


def _render(delivery: Delivery) -> Outgoing | None:
    """The message for this delivery, or None if the recipient no longer has this channel."""
    notification = delivery.notification
    recipient = notification.recipient
    address = recipient.email if delivery.channel is Channel.email else recipient.whatsapp
    if delivery.channel is Channel.whatsapp and not recipient.whatsapp_opt_in:
        address = None
    if not address:
        return None
    render = render_email if delivery.channel is Channel.email else render_whatsapp
    content = render(
        notification.event_type,
        notification.data,
        recipient_name=recipient.name,
        language=recipient.language,
        timezone=recipient.timezone,
    )
    return Outgoing(
        delivery_id=delivery.id,
        channel=delivery.channel,
        address=address,
        recipient_name=recipient.name,
        language=recipient.language,
        content=content,
    )


def _finish(delivery: Delivery, status: DeliveryStatus, *, code: str | None, reason: str | None) -> None:
    delivery.status = status
    delivery.error_code = code
    delivery.error_reason = reason[:ERROR_REASON_LENGTH] if reason else None
    if status in (DeliveryStatus.failed, DeliveryStatus.dead):
        delivery.failed_at = utc_now()


def begin_delivery(
    uow: UnitOfWork, *, delivery_id: uuid.UUID, providers: Providers, lease_seconds: float
) -> Outgoing | None:
    """Render the delivery and mark it `sending`; None when there is nothing (more) to send."""
    delivery = repository.get_delivery(uow.session, delivery_id, for_update=True)
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
    if delivery.status is DeliveryStatus.sending:
        lease_end = delivery.updated_at + timedelta(seconds=lease_seconds)
        if lease_end > now:
            raise DeliveryInProgress((lease_end - now).total_seconds())
        log.warning("notification.deliver.taking_over", extra={"delivery_id": str(delivery_id)})
    try:
        outgoing = _render(delivery)
    except TemplateError as exc:
        _finish(delivery, DeliveryStatus.failed, code="template.error", reason=f"{type(exc).__name__}: {exc}")
        log.exception("notification.deliver.template_error", extra={"delivery_id": str(delivery_id)})
        return None
    if outgoing is None:
        _finish(
            delivery,
            DeliveryStatus.failed,
            code="recipient.no_address",
            reason=f"the recipient has no {delivery.channel.value} contact (or withdrew consent)",
        )
        return None
    delivery.status = DeliveryStatus.sending
    delivery.attempts += 1
    delivery.provider = providers.email.name if delivery.channel is Channel.email else providers.whatsapp.name
    delivery.updated_at = now
    uow.session.flush()
    return outgoing


def record_sent(uow: UnitOfWork, *, delivery_id: uuid.UUID, provider_message_id: str) -> None:
    """The provider took the message: keep its id (status webhooks refer to it)."""
    delivery = repository.get_delivery(uow.session, delivery_id, for_update=True)
    if delivery is None:
        return
    delivery.status = DeliveryStatus.sent
    delivery.provider_message_id = provider_message_id
    delivery.sent_at = utc_now()
    uow.session.flush()


def record_failure(
    uow: UnitOfWork, *, delivery_id: uuid.UUID, status: DeliveryStatus, code: str | None, reason: str
) -> None:
    """Keep the last error: `queued` to try again, `failed` for good, `dead` when retries ran out."""
    delivery = repository.get_delivery(uow.session, delivery_id, for_update=True)
    if delivery is None:
        return
    _finish(delivery, status, code=code, reason=reason)
    uow.session.flush()


def _send(providers: Providers, outgoing: Outgoing) -> str:
    content = outgoing.content
    if isinstance(content, RenderedEmail):
        return providers.email.send(
            to=outgoing.address, name=outgoing.recipient_name, email=content, language=outgoing.language
        )
    return providers.whatsapp.send_text(to=outgoing.address, body=content.text)


def send_delivery(
    db: Database,
    providers: Providers,
    *,
    delivery_id: uuid.UUID,
    final_attempt: bool,
    lease_seconds: float,
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
            uow, delivery_id=delivery_id, providers=providers, lease_seconds=lease_seconds
        )
    if outgoing is None:
        return None
    extra = {"delivery_id": str(delivery_id), "channel": outgoing.channel.value}
    try:
        provider_message_id = _send(providers, outgoing)
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
        record_sent(uow, delivery_id=delivery_id, provider_message_id=provider_message_id)
    log.info("notification.deliver.sent", extra={**extra, "provider_message_id": provider_message_id})
    return DeliveryStatus.sent


# ---- reading (admin API) ----


def _scope(principal: Principal) -> uuid.UUID | None:
    """The pemda an admin may read (None: all, for a superadmin); anyone else is refused."""
    if principal.role is Role.superadmin:
        return None
    if principal.role is Role.admin and principal.pemda_id is not None:
        return principal.pemda_id
    raise Forbidden()


def list_deliveries(
    session: Session,
    *,
    principal: Principal,
    recipient_id: uuid.UUID | None = None,
    channel: Channel | None = None,
    status: DeliveryStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Delivery]:
    """Deliveries to people of the caller's pemda, newest first."""
    return repository.list_deliveries(
        session,
        pemda_id=_scope(principal),
        recipient_id=recipient_id,
        channel=channel,
        status=status,
        limit=limit,
        offset=offset,
    )


def get_notification(session: Session, *, principal: Principal, notification_id: uuid.UUID) -> Notification:
    """One notification with its deliveries; another pemda's is reported as not found."""
    pemda_id = _scope(principal)
    notification = repository.get_notification(session, notification_id)
    if notification is None or (pemda_id is not None and notification.recipient.pemda_id != pemda_id):
        raise NotFound()
    return notification
