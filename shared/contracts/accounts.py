"""Account changes, sent by submission (which owns the accounts) to the services that keep replicas."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts import Message


class AccountSnapshot(BaseModel):
    """An account as it is after a change; apply only if `changed_at` is newer than what you hold."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    user_id: UUID
    pemda_id: UUID | None
    opd_id: UUID | None
    role: str
    name: str
    email: str
    whatsapp: str | None = Field(default=None, description="E.164, +62...")
    whatsapp_opt_in: bool = False
    language: Literal["id", "en"] = "id"
    timezone: str = "Asia/Jakarta"
    is_active: bool = True
    # Invited but not accepted yet (no password chosen): such an account is never given work.
    invitation_pending: bool = False
    changed_at: datetime


class SyncReviewerAccount(Message):
    """Submission -> review: keep the reviewer directory current (every account, any role)."""

    task_name = "review.sync_account"

    account: AccountSnapshot


class SyncRecipient(Message):
    """Submission -> notification: keep the recipient's contacts current."""

    task_name = "notification.sync_recipient"

    account: AccountSnapshot
