"""Rules of the notification service. Functions flush and the task or request commits, except
`send_delivery`, which must commit on both sides of the provider call (see its docstring)."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from jinja2 import TemplateError
from sqlalchemy.orm import Session

from services.notification import policy, repository
from services.notification.models import (
    FINISHED_STATUSES,
    Category,
    Channel,
    DeadMessage,
    Delivery,
    DeliveryEvent,
    DeliveryMode,
    DeliveryStatus,
    Notification,
    Preference,
    Recipient,
)
from services.notification.providers import Providers
from services.notification.ratelimit import Limiter, NoLimiter
from services.notification.rendering import (
    RenderedEmail,
    RenderedWhatsApp,
    TemplateMissing,
    render_email,
    render_whatsapp,
)
from services.notification.samples import SAMPLE_DATA
from shared.auth import Principal, Role
from shared.contracts.accounts import AccountSnapshot, SyncRecipient
from shared.contracts.notification import ApplyProviderStatus, DeliverNotification, Notify
from shared.contracts.notification import Recipient as RecipientInfo
from shared.db import utc_now
from shared.errors import AppError, Forbidden, NotFound, PermanentError, TransientError
from shared.i18n import register
from shared.messaging.outbox import Database, UnitOfWork
from shared.phone import InvalidPhoneNumber, normalize_msisdn

log = logging.getLogger(__name__)

ERROR_REASON_LENGTH = 500
DIGEST_EVENT = "digest.daily"

register(
    {
        "notification.not_resendable": {
            "id": "Pengiriman ini sedang berjalan atau masih menunggu; "
            "kirim ulang hanya untuk yang sudah selesai.",
            "en": "This delivery is in progress or still waiting; only a finished one can be resent.",
        },
        "notification.already_replayed": {
            "id": "Pesan ini sudah diproses ulang.",
            "en": "This message was already replayed.",
        },
        "notification.unknown_template": {
            "id": "Template tidak ditemukan: {name}.",
            "en": "No such template: {name}.",
        },
        "notification.quiet_hours_invalid": {
            "id": "Jam tenang harus diisi keduanya (mulai dan selesai) atau dikosongkan keduanya.",
            "en": "Quiet hours need both a start and an end, or neither.",
        },
        "notification.quiet_hours_equal": {
            "id": "Jam mulai dan jam selesai tidak boleh sama. Ubah salah satunya, atau kosongkan keduanya.",
            "en": "The start and end of quiet hours cannot be the same. Change one, or leave both empty.",
        },
    }
)


class NotResendable(AppError):
    status_code = 409
    code = "notification.not_resendable"


class AlreadyReplayed(AppError):
    status_code = 409
    code = "notification.already_replayed"


class UnknownTemplate(AppError):
    status_code = 404
    code = "notification.unknown_template"


class QuietHoursInvalid(AppError):
    status_code = 422
    code = "notification.quiet_hours_invalid"


class QuietHoursEqual(AppError):
    status_code = 422
    code = "notification.quiet_hours_equal"


class DeliveryInProgress(TransientError):
    """Another worker marked this delivery `sending` moments ago and may still be talking to the provider."""

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(f"delivery is being sent by another worker; retry in {retry_after:.0f}s")


@dataclass(frozen=True)
class QuietHours:
    """The service's default quiet hours (a person may set their own); equal start and end: none."""

    start: time = time(0, 0)
    end: time = time(0, 0)


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


def _event(session: Session, delivery: Delivery, status: DeliveryStatus, detail: str | None = None) -> None:
    session.add(
        DeliveryEvent(
            delivery_id=delivery.id,
            at=utc_now(),
            status=status,
            detail=detail[:ERROR_REASON_LENGTH] if detail else None,
        )
    )


# ---- recipients in ----


def _whatsapp_values(raw: str | None) -> dict[str, Any]:
    """A number in E.164, or None with the refused value kept for admins to see."""
    if not raw:
        return {"whatsapp": None, "whatsapp_rejected": None}
    try:
        return {"whatsapp": normalize_msisdn(raw), "whatsapp_rejected": None}
    except InvalidPhoneNumber:
        log.warning("notification.recipient.invalid_number", extra={"number": raw[:60]})
        return {"whatsapp": None, "whatsapp_rejected": raw[:60]}


def _recipient_values(person: RecipientInfo) -> dict[str, Any]:
    return {
        "user_id": person.user_id,
        "pemda_id": person.pemda_id,
        "name": person.name,
        "email": person.email or None,
        **_whatsapp_values(person.whatsapp),
        "whatsapp_opt_in": person.whatsapp_opt_in,
        "language": person.language,
        "timezone": person.timezone,
    }


def sync_recipient(uow: UnitOfWork, *, message: SyncRecipient) -> Recipient | None:
    """Apply an account snapshot to the replica unless we already hold a newer one."""
    account: AccountSnapshot = message.account
    session = uow.session
    if account.pemda_id is None:
        # A superadmin belongs to no pemda and receives nothing from a pemda's events.
        log.info("notification.sync_recipient.no_pemda", extra={"user_id": str(account.user_id)})
        return None
    current = repository.get_recipient(session, account.user_id, for_update=True)
    if current is not None and current.changed_at is not None and current.changed_at >= account.changed_at:
        log.info("notification.sync_recipient.stale", extra={"user_id": str(account.user_id)})
        return current
    values: dict[str, Any] = {
        "user_id": account.user_id,
        "pemda_id": account.pemda_id,
        "opd_id": account.opd_id,
        "role": account.role,
        "name": account.name,
        "email": account.email or None,
        **_whatsapp_values(account.whatsapp),
        "whatsapp_opt_in": account.whatsapp_opt_in,
        "language": account.language,
        "timezone": account.timezone,
        "is_active": account.is_active,
        "changed_at": account.changed_at,
    }
    return repository.upsert_recipient(session, values)


def _recipient_for_notify(session: Session, person: RecipientInfo) -> Recipient:
    """The replica (kept by submission's account messages) wins; a Notify fills in people it lacks."""
    current = repository.get_recipient(session, person.user_id)
    if current is not None and current.changed_at is not None:
        return current
    return repository.upsert_recipient(session, _recipient_values(person))


# ---- events in ----


def preference_for(session: Session, recipient: Recipient, category: Category) -> Preference:
    """The person's choice for this category, or the default (both channels, immediately)."""
    found = repository.get_preference(session, recipient.user_id, category)
    return found or Preference(
        recipient_id=recipient.user_id,
        category=category,
        email=True,
        whatsapp=True,
        mode=DeliveryMode.immediate,
    )


def whatsapp_unusable(recipient: Recipient) -> str | None:
    """Why WhatsApp cannot be used for this person, or None when it can."""
    if recipient.whatsapp_rejected and not recipient.whatsapp:
        return f"invalid WhatsApp number {recipient.whatsapp_rejected!r}"
    if not recipient.whatsapp:
        return "no WhatsApp number"
    if not recipient.whatsapp_opt_in:
        return "no WhatsApp opt-in"
    return None


def _new_delivery(
    notification: Notification, channel: Channel, now: datetime, *, fallback_reason: str | None = None
) -> Delivery:
    delivery = Delivery(
        channel=channel,
        status=DeliveryStatus.queued,
        attempts=0,
        queued_at=now,
        updated_at=now,
        fallback_reason=fallback_reason,
    )
    notification.deliveries.append(delivery)
    return delivery


def plan_deliveries(
    session: Session, notification: Notification, recipient: Recipient, *, quiet: QuietHours, now: datetime
) -> list[Delivery]:
    """The deliveries this person wants for this notification (none while it waits for a digest)."""
    event_type = notification.event_type
    urgent = policy.is_urgent(event_type)
    preference = preference_for(session, recipient, policy.category_of(event_type))
    if preference.mode is DeliveryMode.digest and policy.may_be_digested(event_type):
        notification.digest_pending = True
        return []
    want_email = preference.email or urgent
    want_whatsapp = preference.whatsapp
    planned: list[Delivery] = []
    unusable = whatsapp_unusable(recipient) if want_whatsapp else None
    if recipient.email and (want_email or unusable is not None):
        # Recorded either way, so that admins see why someone got no WhatsApp.
        reason = None
        if unusable is not None:
            reason = f"{'WhatsApp not used' if want_email else 'email instead of WhatsApp'}: {unusable}"
        planned.append(_new_delivery(notification, Channel.email, now, fallback_reason=reason))
    if want_whatsapp and unusable is None:
        delivery = _new_delivery(notification, Channel.whatsapp, now)
        own_hours = recipient.quiet_start is not None and recipient.quiet_end is not None
        if not urgent and (own_hours or event_type in policy.SCHEDULED_EVENTS):
            delivery.not_before = policy.quiet_until(
                now,
                timezone=recipient.timezone,
                start=recipient.quiet_start if own_hours else quiet.start,
                end=recipient.quiet_end if own_hours else quiet.end,
            )
        planned.append(delivery)
    if not planned:
        log.warning(
            "notification.notify.no_channel",
            extra={"recipient_id": str(recipient.user_id), "event_type": event_type},
        )
    return planned


def _queue(uow: UnitOfWork, deliveries: list[Delivery]) -> None:
    """Put deliveries on the bus after the commit; held ones wait for `release_held`."""
    uow.session.flush()
    for delivery in deliveries:
        held = delivery.not_before is not None and delivery.not_before > utc_now()
        _event(
            uow.session,
            delivery,
            DeliveryStatus.queued,
            f"held until {delivery.not_before.isoformat()} (quiet hours)"
            if held and delivery.not_before
            else delivery.fallback_reason,
        )
        if not held:
            uow.publish(DeliverNotification(delivery_id=delivery.id))


def handle_notify(uow: UnitOfWork, *, message: Notify, quiet: QuietHours | None = None) -> list[Delivery]:
    """Record the event for each recipient and queue the deliveries they want (a repeat does nothing)."""
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
        recipient = _recipient_for_notify(session, person)
        notification = Notification(
            event_id=message.message_id,
            event_type=message.event_type,
            recipient_id=recipient.user_id,
            data=dict(message.data),
            created_at=now,
            category=policy.category_of(message.event_type),
        )
        session.add(notification)
        if not recipient.is_active:
            log.info("notification.notify.inactive_recipient", extra={"recipient_id": str(recipient.user_id)})
            continue
        deliveries += plan_deliveries(session, notification, recipient, quiet=quiet or QuietHours(), now=now)
    _queue(uow, deliveries)
    return deliveries


def dead_letter_message(uow: UnitOfWork, *, task_name: str, payload: Any, reason: str) -> DeadMessage:
    """Keep a message that cannot be processed where admins see it and can replay it."""
    body = payload if isinstance(payload, dict) else {"value": payload}
    raw_id = body.get("message_id")
    try:
        message_id = uuid.UUID(str(raw_id)) if raw_id else None
    except ValueError:
        message_id = None
    if message_id is not None:
        existing = repository.find_dead_message(uow.session, message_id)
        if existing is not None and existing.replayed_at is None:
            return existing  # the same message delivered twice: one entry
    dead = DeadMessage(
        message_id=message_id, task_name=task_name, payload=body, reason=reason, created_at=utc_now()
    )
    uow.session.add(dead)
    uow.session.flush()
    log.error(
        "notification.dead_letter.message",
        extra={"task_name": task_name, "message_id": str(message_id), "reason": reason[:300]},
    )
    return dead


def release_held(uow: UnitOfWork, *, now: datetime | None = None, limit: int = 500) -> int:
    """Send deliveries whose quiet hours are over."""
    now = now or utc_now()
    released = repository.held_deliveries(uow.session, due_by=now, limit=limit)
    for delivery in released:
        delivery.not_before = None
        _event(uow.session, delivery, DeliveryStatus.queued, "released after quiet hours")
        uow.publish(DeliverNotification(delivery_id=delivery.id))
    uow.session.flush()
    return len(released)


# ---- deliveries out ----


def _render(delivery: Delivery, *, now: datetime, needs_templates: bool) -> Outgoing | None:
    """The message for this delivery, or None if the recipient no longer has this channel."""
    notification = delivery.notification
    recipient = notification.recipient
    if delivery.channel is Channel.email:
        if not recipient.email:
            return None
        email = render_email(
            notification.event_type,
            notification.data,
            recipient_name=recipient.name,
            language=recipient.language,
            timezone=recipient.timezone,
        )
        return Outgoing(
            delivery.id, Channel.email, recipient.email, recipient.name, recipient.language, email
        )
    if whatsapp_unusable(recipient) is not None or not recipient.whatsapp:
        return None
    whatsapp = render_whatsapp(
        notification.event_type,
        notification.data,
        recipient_name=recipient.name,
        language=recipient.language,
        timezone=recipient.timezone,
    )
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


def _finish(delivery: Delivery, status: DeliveryStatus, *, code: str | None, reason: str | None) -> None:
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
        _event(session, delivery, delivery.status, "email already planned for this notification")
        return None
    if not notification.recipient.email:
        return None
    email = _new_delivery(
        notification, Channel.email, utc_now(), fallback_reason=f"WhatsApp failed: {reason}"
    )
    email.fallback_from_id = delivery.id
    session.flush()
    _event(session, email, DeliveryStatus.queued, email.fallback_reason)
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
        _finish(delivery, DeliveryStatus.dead, code="template.missing", reason=str(exc))
        _event(session, delivery, DeliveryStatus.dead, str(exc))
        log.error("notification.deliver.template_missing", extra={"delivery_id": str(delivery_id)})
        return None
    except (TemplateError, ValueError, TypeError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        _finish(delivery, DeliveryStatus.dead, code="template.error", reason=reason)
        _event(session, delivery, DeliveryStatus.dead, reason)
        log.exception("notification.deliver.template_error", extra={"delivery_id": str(delivery_id)})
        return None
    if outgoing is None:
        reason = f"the recipient has no {delivery.channel.value} contact (or withdrew consent)"
        _finish(delivery, DeliveryStatus.failed, code="recipient.no_address", reason=reason)
        _event(session, delivery, DeliveryStatus.failed, reason)
        fall_back_to_email(session, delivery, reason=reason)
        _queue_new_emails(uow, delivery)
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
    _event(
        session,
        delivery,
        DeliveryStatus.sending,
        f"attempt {delivery.attempts}" + (f" ({outgoing.whatsapp_mode})" if outgoing.whatsapp_mode else ""),
    )
    session.flush()
    return outgoing


def _queue_new_emails(uow: UnitOfWork, delivery: Delivery) -> None:
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
    _event(uow.session, delivery, DeliveryStatus.sent, provider_message_id)
    uow.session.flush()


def record_failure(
    uow: UnitOfWork, *, delivery_id: uuid.UUID, status: DeliveryStatus, code: str | None, reason: str
) -> None:
    """Keep the last error: `queued` to try again, `failed` for good, `dead` when retries ran out."""
    delivery = repository.get_delivery(uow.session, delivery_id, for_update=True)
    if delivery is None:
        return
    _finish(delivery, status, code=code, reason=reason)
    _event(uow.session, delivery, status, f"{code}: {reason}" if code else reason)
    if status in (DeliveryStatus.failed, DeliveryStatus.dead):
        fall_back_to_email(uow.session, delivery, reason=code or reason)
        _queue_new_emails(uow, delivery)
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


# ---- provider status webhooks ----

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
        _finish(delivery, DeliveryStatus.failed, code=update.error_code or "provider.failed", reason=reason)
        delivery.failed_at = update.at
        _event(session, delivery, DeliveryStatus.failed, f"webhook: {reason}")
        fall_back_to_email(session, delivery, reason=update.error_code or reason)
        _queue_new_emails(uow, delivery)
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
    _event(session, delivery, status, "webhook")
    session.flush()
    return True


def defer_status(uow: UnitOfWork, *, update: StatusUpdate) -> None:
    """Try an unknown message id again shortly: the worker may not have recorded it yet."""
    uow.publish(
        ApplyProviderStatus(
            provider_message_id=update.provider_message_id,
            status=update.status,
            at=update.at,
            error_code=update.error_code,
            error_reason=update.error_reason,
        )
    )


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


# ---- reading and acting (admin API) ----


def _scope(principal: Principal) -> uuid.UUID | None:
    """The pemda an admin may read (None: all, for a superadmin); anyone else is refused."""
    if principal.role is Role.superadmin:
        return None
    if principal.role is Role.admin and principal.pemda_id is not None:
        return principal.pemda_id
    raise Forbidden()


def require_admin(principal: Principal) -> None:
    _scope(principal)


def list_deliveries(
    session: Session,
    *,
    principal: Principal,
    recipient_id: uuid.UUID | None = None,
    event_type: str | None = None,
    channel: Channel | None = None,
    status: DeliveryStatus | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Delivery]:
    """Deliveries to people of the caller's pemda, newest first."""
    return repository.list_deliveries(
        session,
        pemda_id=_scope(principal),
        recipient_id=recipient_id,
        event_type=event_type,
        channel=channel,
        status=status,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )


def known_event_types() -> list[str]:
    """Every event type this service tells people about (for the log's filter)."""
    return sorted({*policy.CATEGORY_OF, DIGEST_EVENT})


def _phone_digits(text: str) -> str | None:
    """The digits of a phone number as stored (62…), when `text` looks like part of one."""
    if not re.fullmatch(r"[0-9+()\-. ]+", text):
        return None
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits if len(digits) >= 3 else None


def notification_log(
    session: Session,
    *,
    principal: Principal,
    event_type: str | None = None,
    channel: Channel | None = None,
    status: DeliveryStatus | None = None,
    recipient: str | None = None,
    limit: int = 25,
    offset: int = 0,
) -> list[Notification]:
    """Notifications to people of the caller's pemda, newest first, each with its deliveries.

    `recipient` finds people by part of their name, email or WhatsApp number (0812… or 62812…)."""
    search = (recipient or "").strip()[:100] or None
    return repository.notification_log(
        session,
        pemda_id=_scope(principal),
        event_type=event_type,
        channel=channel,
        status=status,
        search=search,
        phone_digits=_phone_digits(search) if search else None,
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


def timeline(session: Session, *, notification: Notification) -> list[tuple[DeliveryEvent, Delivery]]:
    """Every step of every delivery of the notification, oldest first."""
    by_id = {d.id: d for d in notification.deliveries}
    return [(event, by_id[event.delivery_id]) for event in repository.events_of(session, list(by_id))]


def _delivery_in_scope(session: Session, principal: Principal, delivery_id: uuid.UUID) -> Delivery:
    pemda_id = _scope(principal)
    delivery = repository.get_delivery(session, delivery_id, for_update=True)
    if delivery is None or (pemda_id is not None and delivery.notification.recipient.pemda_id != pemda_id):
        raise NotFound()
    return delivery


def resend(uow: UnitOfWork, *, principal: Principal, delivery_id: uuid.UUID) -> Delivery:
    """Send a finished delivery again (an admin's choice: after a dead letter, or a lost message)."""
    delivery = _delivery_in_scope(uow.session, principal, delivery_id)
    if delivery.status not in FINISHED_STATUSES:
        raise NotResendable()
    previous = delivery.status.value
    delivery.status = DeliveryStatus.queued
    delivery.not_before = None
    delivery.updated_at = utc_now()
    _event(uow.session, delivery, DeliveryStatus.queued, f"resent by {principal.name} (was {previous})")
    uow.session.flush()
    uow.publish(DeliverNotification(delivery_id=delivery.id))
    log.info("notification.resend", extra={"delivery_id": str(delivery.id), "by": str(principal.user_id)})
    return delivery


def dead_letters(
    session: Session, *, principal: Principal, limit: int = 100
) -> tuple[list[Delivery], list[DeadMessage]]:
    """Deliveries whose retries ran out, and messages that could not be processed at all."""
    pemda_id = _scope(principal)
    deliveries = repository.list_deliveries(
        session, pemda_id=pemda_id, status=DeliveryStatus.dead, limit=limit
    )
    # Dead messages carry no trustworthy pemda: only a superadmin sees them.
    messages = repository.dead_messages(session, limit=limit) if pemda_id is None else []
    return deliveries, messages


def replay_message(uow: UnitOfWork, *, principal: Principal, dead_id: uuid.UUID) -> DeadMessage:
    """Put a dead message back on the bus (after the fix it was waiting for is deployed)."""
    if _scope(principal) is not None:
        raise Forbidden()
    dead = uow.session.get(DeadMessage, dead_id, with_for_update=True)
    if dead is None:
        raise NotFound()
    if dead.replayed_at is not None:
        raise AlreadyReplayed()
    dead.replayed_at = utc_now()
    repository.add_raw_outbox(uow.session, task_name=dead.task_name, payload=dead.payload)
    uow.session.flush()
    return dead


def preview(*, event_type: str, channel: Channel, language: str, data: dict[str, Any] | None = None) -> Any:
    """A template rendered with the sample data of its event (or the data given)."""
    sample = data if data is not None else SAMPLE_DATA.get(event_type, {})
    render = render_email if channel is Channel.email else render_whatsapp
    try:
        return render(
            event_type, sample, recipient_name="Rina Operator", language=language, timezone="Asia/Makassar"
        )
    except TemplateMissing as exc:
        raise UnknownTemplate(name=f"{channel.value}/{event_type}.{language}") from exc


# ---- preferences (each person their own) ----


def _own_recipient(uow: UnitOfWork, principal: Principal) -> Recipient:
    """The caller as a recipient; someone we have not heard of yet starts without contacts."""
    session = uow.session
    recipient = repository.get_recipient(session, principal.user_id)
    if recipient is not None:
        return recipient
    if principal.pemda_id is None:
        raise NotFound()
    return repository.upsert_recipient(
        session,
        {
            "user_id": principal.user_id,
            "pemda_id": principal.pemda_id,
            "name": principal.name,
            "email": None,
            "whatsapp": None,
            "whatsapp_opt_in": False,
            "language": principal.language,
            "timezone": "Asia/Jakarta",
        },
    )


def read_preferences(uow: UnitOfWork, *, principal: Principal) -> tuple[Recipient, list[Preference]]:
    """The caller's choice for every category (defaults where none was made)."""
    recipient = _own_recipient(uow, principal)
    return recipient, [preference_for(uow.session, recipient, category) for category in Category]


def update_preferences(
    uow: UnitOfWork,
    *,
    principal: Principal,
    choices: list[tuple[Category, bool, bool, DeliveryMode]],
    quiet_start: time | None,
    quiet_end: time | None,
) -> tuple[Recipient, list[Preference]]:
    """Save the caller's choices per category and their quiet hours (both or neither)."""
    if (quiet_start is None) != (quiet_end is None):
        raise QuietHoursInvalid(field="quiet_start" if quiet_start is None else "quiet_end")
    if quiet_start is not None and quiet_start == quiet_end:
        raise QuietHoursEqual(field="quiet_end")
    recipient = _own_recipient(uow, principal)
    recipient.quiet_start, recipient.quiet_end = quiet_start, quiet_end
    for category, email, whatsapp, mode in choices:
        repository.save_preference(
            uow.session,
            recipient_id=recipient.user_id,
            category=category,
            email=email,
            whatsapp=whatsapp,
            mode=mode,
        )
    uow.session.flush()
    return read_preferences(uow, principal=principal)


# ---- daily digests ----


def _digest_items(recipient: Recipient, pending: list[Notification]) -> list[dict[str, Any]]:
    items = []
    for item in pending:
        try:
            subject = render_email(
                item.event_type,
                item.data,
                recipient_name=recipient.name,
                language=recipient.language,
                timezone=recipient.timezone,
            ).subject
        except (TemplateError, TemplateMissing, ValueError, TypeError):
            subject = item.event_type
        items.append({"subject": subject, "at": item.created_at.isoformat(), "event_type": item.event_type})
    return items


def _delivery_health(session: Session, *, pemda_id: uuid.UUID, since: datetime) -> dict[str, Any] | None:
    """For a pemda's admins: how delivery went since `since`, and who could not be reached at all."""
    counts = repository.status_counts(session, pemda_id=pemda_id, since=since)
    if not counts:
        return None
    unreached = repository.unreached(session, pemda_id=pemda_id, since=since, limit=20)
    return {
        "sent": sum(
            counts.get(s, 0) for s in (DeliveryStatus.sent, DeliveryStatus.delivered, DeliveryStatus.read)
        ),
        "read": counts.get(DeliveryStatus.read, 0),
        "waiting": counts.get(DeliveryStatus.queued, 0) + counts.get(DeliveryStatus.sending, 0),
        "failed": counts.get(DeliveryStatus.failed, 0),
        "dead": counts.get(DeliveryStatus.dead, 0),
        "unreached": [{"name": name, "event_type": event_type} for name, event_type in unreached],
    }


def send_digests(uow: UnitOfWork, *, now: datetime | None = None) -> int:
    """Once a day from 07:00 in each person's zone, one email: what they chose to get daily and, for a
    pemda's admins, how delivery went over the last day (who could not be reached)."""
    now = now or utc_now()
    session = uow.session
    made: list[Delivery] = []
    candidates = {r.user_id: r for r in repository.recipients_with_pending_digest(session)}
    candidates.update({r.user_id: r for r in repository.active_admins(session)})
    for candidate in candidates.values():
        # Locked and read again: a run that overlaps this one must not send the same digest twice.
        recipient = repository.get_recipient(session, candidate.user_id, for_update=True)
        if recipient is None or not recipient.email or not recipient.is_active:
            continue
        if not policy.digest_due(now, timezone=recipient.timezone, last_digest_at=recipient.last_digest_at):
            continue
        pending = repository.pending_digest_items(session, recipient.user_id)
        health = None
        if recipient.role == Role.admin.value:
            since = recipient.last_digest_at or now - timedelta(days=1)
            health = _delivery_health(session, pemda_id=recipient.pemda_id, since=since)
        if not pending and health is None:
            continue
        items = _digest_items(recipient, pending)
        digest = Notification(
            event_id=uuid.uuid4(),
            event_type=DIGEST_EVENT,
            recipient_id=recipient.user_id,
            data={"items": items, "count": len(items), "health": health},
            created_at=now,
        )
        session.add(digest)
        session.flush()
        for item in pending:
            item.digest_pending = False
            item.digest_id = digest.id
        recipient.last_digest_at = now
        made.append(_new_delivery(digest, Channel.email, now))
    _queue(uow, made)
    return len(made)
