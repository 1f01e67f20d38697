"""Each person's own choices: channels and mode per category, and their quiet hours."""

from __future__ import annotations

from datetime import time

from sqlalchemy.orm import Session

from services.notification import repository
from services.notification.models import Category, DeliveryMode, Preference, Recipient
from shared.auth import Principal
from shared.errors import InvalidInput, NotFound
from shared.messaging.outbox import UnitOfWork


class QuietHoursInvalid(InvalidInput, code="notification.quiet_hours_invalid"): ...


class QuietHoursEqual(InvalidInput, code="notification.quiet_hours_equal"): ...


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
