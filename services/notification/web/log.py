"""The admin's notification log, one notification's history, and the dead letters (resend, replay)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from services.notification import dead_letters, delivery_log, sweeping
from services.notification.deps import UnitOfWorkDep, get_runtime
from services.notification.models import Channel, Delivery, DeliveryStatus
from services.notification.web import pages
from shared.auth import Principal, Role
from shared.i18n import translate

router = pages.router()
LOG = "/notifications/log"
DEAD = "/notifications/dead-letters"
PAGE_SIZE = 25
E = TypeVar("E", bound=StrEnum)
Admin = Annotated[Principal, Depends(pages.user(Role.admin))]


def _choice(kind: type[E], raw: str | None) -> E | None:
    """A filter value from the query string; an unknown one is treated as no filter."""
    try:
        return kind(raw) if raw else None
    except ValueError:
        return None


def is_held(delivery: Delivery) -> bool:
    """Queued but waiting for quiet hours or the rate limit to pass."""
    if delivery.status is not DeliveryStatus.queued or delivery.not_before is None:
        return False
    moment = delivery.not_before
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)) > datetime.now(UTC)


def stuck_minutes(delivery: Delivery) -> int | None:
    """How many minutes a delivery has waited past its expected enqueue (None: it is not stuck)."""
    since = sweeping.stuck_since(delivery, patience=sweeping.patience_for(get_runtime().settings))
    if since is None:
        return None
    return max(1, int((datetime.now(UTC) - since).total_seconds() // 60))


def can_resend(delivery: Delivery) -> bool:
    """Resend is offered where it helps: a delivery that failed or gave up."""
    return delivery.status in (DeliveryStatus.failed, DeliveryStatus.dead)


def event_label(event_type: str) -> str:
    """The event type in words (its code when it has no label yet)."""
    key = f"notif.event.{event_type}"
    label = translate(key)
    return event_type if label == key else label


HELPERS = {
    "is_held": is_held,
    "can_resend": can_resend,
    "event_label": event_label,
    "stuck_minutes": stuck_minutes,
}


@router.get(LOG, response_class=HTMLResponse)
def log_page(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Admin,
    channel: str | None = None,
    status: str | None = None,
    event: str | None = None,
    recipient: str | None = None,
    page: str | None = None,
) -> HTMLResponse:
    """Log notifikasi pemda: setiap pemberitahuan dan pengirimannya per saluran, dengan filter."""
    event_types = delivery_log.known_event_types()
    chosen_channel, chosen_status = _choice(Channel, channel), _choice(DeliveryStatus, status)
    chosen_event = event if event in event_types else None
    search = (recipient or "").strip()[:100]
    number = int(page) if page and page.isdigit() and 0 < int(page) < 100_000 else 1
    found = delivery_log.notification_log(
        uow.session,
        principal=principal,
        event_type=chosen_event,
        channel=chosen_channel,
        status=chosen_status,
        recipient=search or None,
        limit=PAGE_SIZE + 1,
        offset=(number - 1) * PAGE_SIZE,
    )
    filters = {"channel": chosen_channel, "status": chosen_status, "event": chosen_event, "recipient": search}
    query = {k: str(v) for k, v in filters.items() if v}

    def page_url(to: int) -> str:
        return f"{LOG}?{urlencode({**query, 'page': str(to)})}"

    return pages.render(
        request,
        "notification/log.html",
        {
            "notifications": found[:PAGE_SIZE],
            "filters": filters,
            "filtered": bool(query),
            "page": number,
            "prev_url": page_url(number - 1) if number > 1 else None,
            "next_url": page_url(number + 1) if len(found) > PAGE_SIZE else None,
            "options_channel": [(c.value, translate(f"notif.channel.{c.value}")) for c in Channel],
            "options_status": [(s.value, translate(f"notif.status.{s.value}")) for s in DeliveryStatus],
            "options_event": [(e, event_label(e)) for e in event_types],
            **HELPERS,
        },
        principal=principal,
    )


@router.get(LOG + "/{notification_id}", response_class=HTMLResponse)
def timeline_page(
    request: Request, notification_id: uuid.UUID, uow: UnitOfWorkDep, principal: Admin
) -> HTMLResponse:
    """Riwayat satu notifikasi: setiap langkah setiap pengirimannya, dari yang paling awal."""
    notification = delivery_log.get_notification(
        uow.session, principal=principal, notification_id=notification_id
    )
    steps = delivery_log.timeline(uow.session, notification=notification)
    return pages.render(
        request,
        "notification/timeline.html",
        {"notification": notification, "steps": steps, **HELPERS},
        principal=principal,
    )


@router.post(LOG + "/deliveries/{delivery_id}/resend")
def resend(
    delivery_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: Admin,
    next: Annotated[str, Form()] = LOG,
) -> Response:
    """Kirim ulang satu pengiriman yang gagal, lalu kembali ke halaman asal."""
    delivery_log.resend(uow, principal=principal, delivery_id=delivery_id)
    return pages.redirect(_back(next, LOG), flash="notif.log.resent")


@router.get(DEAD, response_class=HTMLResponse)
def dead_letters_page(request: Request, uow: UnitOfWorkDep, principal: Admin) -> HTMLResponse:
    """Surat mati: pengiriman yang berhenti dicoba dan pesan yang tidak bisa diproses."""
    deliveries, messages = dead_letters.dead_letters(uow.session, principal=principal)
    return pages.render(
        request,
        "notification/dead_letters.html",
        {
            "deliveries": deliveries,
            "messages": messages,
            "superadmin": principal.role is Role.superadmin,
            **HELPERS,
        },
        principal=principal,
    )


@router.post(DEAD + "/messages/{dead_id}/replay")
def replay(dead_id: uuid.UUID, uow: UnitOfWorkDep, principal: Admin) -> Response:
    """Kirim lagi pesan yang tidak bisa diproses ke antrean (superadmin)."""
    dead_letters.replay_message(uow, principal=principal, dead_id=dead_id)
    return pages.redirect(DEAD, flash="notif.dead.replayed")


def _back(target: str, default: str) -> str:
    """Back to a page of this log (never elsewhere)."""
    if target.startswith((LOG, DEAD)) and "//" not in target:
        return target
    return default
