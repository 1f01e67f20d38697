"""Who a user account is for the rest of the system (the principal a token carries, a recipient)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import object_session

from services.submission.models import (
    Pemda,
    UserAccount,
)
from shared.auth import Principal
from shared.contracts.notification import Recipient
from shared.i18n import Language


def language_of(user: UserAccount) -> Language:
    """The account's language: English if chosen, else Bahasa Indonesia."""
    return "en" if user.language == "en" else "id"


def timezone_of(pemda: Pemda | None) -> str:
    """The zone an account's times are shown in: its pemda's, Jakarta's without one."""
    return pemda.timezone if pemda is not None else "Asia/Jakarta"


def principal_of(user: UserAccount) -> Principal:
    session = object_session(user)
    pemda = session.get(Pemda, user.pemda_id) if session is not None and user.pemda_id else None
    return Principal(
        user_id=user.id,
        pemda_id=user.pemda_id,
        opd_id=user.opd_id,
        role=user.role,
        name=user.name,
        language=language_of(user),
        timezone=timezone_of(pemda),
    )


def recipient_of(user: UserAccount, pemda: Pemda | None) -> Recipient:
    """The account as notification addresses it; `pemda` is the account's own (None for a superadmin)."""
    return Recipient.of(
        user, user_id=user.id, pemda_id=user.pemda_id or uuid.UUID(int=0), timezone=timezone_of(pemda)
    )
