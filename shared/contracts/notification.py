"""Messages consumed by the notification service."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts import Message

EventType = Literal[
    "innovation.submitted",
    "innovation.accepted",
    "innovation.revision_requested",
    "innovation.rejected",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]


class Recipient(BaseModel):
    """A person to tell, with the contacts the sender knows (event-carried state)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    user_id: UUID
    pemda_id: UUID
    name: str
    email: str | None = None
    whatsapp: str | None = Field(default=None, description="E.164, +62...")
    whatsapp_opt_in: bool = False
    language: Literal["id", "en"] = "id"
    timezone: str = "Asia/Jakarta"


class Notify(Message):
    """Any service -> notification: tell these people that this happened."""

    task_name = "notification.notify"

    event_type: EventType
    recipients: tuple[Recipient, ...]
    data: dict[str, Any] = Field(default_factory=dict)


class DeliverNotification(Message):
    """notification -> itself: send one delivery (one notification on one channel)."""

    task_name = "notification.deliver"

    delivery_id: UUID
