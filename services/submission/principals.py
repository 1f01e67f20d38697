"""Who a user account is for the rest of the system (the principal a token carries)."""

from __future__ import annotations

from sqlalchemy.orm import object_session

from services.submission.models import (
    Pemda,
    UserAccount,
)
from shared.auth import Principal


def principal_of(user: UserAccount) -> Principal:
    session = object_session(user)
    pemda = session.get(Pemda, user.pemda_id) if session is not None and user.pemda_id else None
    return Principal(
        user_id=user.id,
        pemda_id=user.pemda_id,
        opd_id=user.opd_id,
        role=user.role,
        name=user.name,
        language="en" if user.language == "en" else "id",
        timezone=pemda.timezone if pemda is not None else "Asia/Jakarta",
    )
