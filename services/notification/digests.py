"""Daily digests: what people chose to get once a day and, for a pemda's admins, how delivery went."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from jinja2 import TemplateError
from sqlalchemy.orm import Session

from services.notification import policy, repository
from services.notification.core import new_delivery, queue_deliveries
from services.notification.links import digest_links
from services.notification.models import Channel, Delivery, DeliveryStatus, Notification, Recipient
from services.notification.rendering import TemplateMissing, notification_email
from shared.auth import Role
from shared.db import utc_now
from shared.messaging.outbox import UnitOfWork

DIGEST_EVENT = "digest.daily"


def _digest_items(recipient: Recipient, pending: list[Notification]) -> list[dict[str, Any]]:
    items = []
    for item in pending:
        try:
            subject = notification_email(item, recipient).subject
        except (TemplateError, TemplateMissing, ValueError, TypeError):
            subject = item.event_type
        url = item.data.get("action_url")
        items.append(
            {
                "subject": subject,
                "at": item.created_at.isoformat(),
                "event_type": item.event_type,
                "url": url if isinstance(url, str) else "",
            }
        )
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


def send_digests(
    uow: UnitOfWork, *, now: datetime | None = None, base_urls: Mapping[str, str] | None = None
) -> int:
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
            data={
                "items": items,
                "count": len(items),
                "health": health,
                **(digest_links(base_urls, for_admin=health is not None) if base_urls else {}),
            },
            created_at=now,
        )
        session.add(digest)
        session.flush()
        for item in pending:
            item.digest_pending = False
            item.digest_id = digest.id
        recipient.last_digest_at = now
        made.append(new_delivery(digest, Channel.email, now))
    queue_deliveries(uow, made)
    return len(made)
