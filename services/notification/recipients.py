"""The people we notify: the replica of their accounts (from account messages and Notify), and whether
their WhatsApp can be used."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from services.notification import repository
from services.notification.models import Recipient
from shared.contracts.accounts import AccountSnapshot, SyncRecipient
from shared.contracts.notification import Recipient as RecipientInfo
from shared.messaging.outbox import UnitOfWork
from shared.phone import InvalidPhoneNumber, normalize_msisdn

log = logging.getLogger(__name__)


def _whatsapp_values(raw: str | None) -> dict[str, Any]:
    """A number in E.164, or None with the refused value kept for admins to see."""
    if not raw:
        return {"whatsapp": None, "whatsapp_rejected": None}
    try:
        return {"whatsapp": normalize_msisdn(raw), "whatsapp_rejected": None}
    except InvalidPhoneNumber:
        log.warning("notification.recipient.invalid_number", extra={"number": raw[:60]})
        return {"whatsapp": None, "whatsapp_rejected": raw[:60]}


def _contact_values(person: RecipientInfo | AccountSnapshot) -> dict[str, Any]:
    """Who the person is and how to reach them, the same from a Notify and from an account message."""
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
    """Apply an account snapshot to the replica unless we already hold a newer one (a repeat changes
    nothing, so no inbox: the sender only hears it arrived)."""
    uow.confirm(message.model_dump(mode="json"))
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
        **_contact_values(account),
        "opd_id": account.opd_id,
        "role": account.role,
        "is_active": account.is_active,
        "changed_at": account.changed_at,
    }
    return repository.upsert_recipient(session, values)


def recipient_for_notify(session: Session, person: RecipientInfo) -> Recipient:
    """The replica (kept by submission's account messages) wins; a Notify fills in people it lacks."""
    current = repository.get_recipient(session, person.user_id)
    if current is not None and current.changed_at is not None:
        return current
    return repository.upsert_recipient(session, _contact_values(person))


def whatsapp_unusable(recipient: Recipient) -> str | None:
    """Why WhatsApp cannot be used for this person, or None when it can."""
    if recipient.whatsapp_rejected and not recipient.whatsapp:
        return f"invalid WhatsApp number {recipient.whatsapp_rejected!r}"
    if not recipient.whatsapp:
        return "no WhatsApp number"
    if not recipient.whatsapp_opt_in:
        return "no WhatsApp opt-in"
    return None
