"""Messages consumed by the notification service."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Protocol
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts import Message

EventType = Literal[
    "account.invited",  # data: invite_url, expires_at
    "account.password_reset",  # data: reset_url, expires_at
    "innovation.sent_to_head",  # to the OPD head: an innovation awaits approval
    "innovation.returned_by_head",  # to the operator: note
    "innovation.submitted",  # confirmation to the OPD: it went to the pemda
    "reviewer.assigned",  # data: case_id, due_at
    "review.due_soon",  # due in 2 days
    "review.overdue",
    "review.escalated",  # to admins: overdue beyond the period's limit
    "innovation.revision_requested",  # data: note, indicator_notes [{indicator_no, name, note}], deadline
    "innovation.revision_deadline_soon",
    "innovation.accepted",
    "innovation.rejected",
    "period.opened",  # data: period, closes_at
    "period.closing",  # data: days_left (7, 3, 1), closes_at; OPDs with nothing submitted
    "digest.admin_daily",  # data: opds [{name, drafts, submitted, accepted}]
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]


class Contacts(Protocol):
    """What a sender knows of how to reach a person (its user accounts, review's directory)."""

    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def whatsapp(self) -> str | None: ...
    @property
    def whatsapp_opt_in(self) -> bool: ...
    @property
    def language(self) -> str: ...


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

    @classmethod
    def of(cls, person: Contacts, *, user_id: UUID, pemda_id: UUID, timezone: str) -> Recipient:
        """The person with their contacts; told in English if that is their language, else in Indonesian."""
        return cls(
            user_id=user_id,
            pemda_id=pemda_id,
            name=person.name,
            email=person.email,
            whatsapp=person.whatsapp,
            whatsapp_opt_in=person.whatsapp_opt_in,
            language="en" if person.language == "en" else "id",
            timezone=timezone,
        )


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


class ApplyProviderStatus(Message):
    """notification -> itself: a provider status whose message id was not (yet) known, tried again
    shortly (the webhook can overtake the worker recording the id the provider just returned)."""

    task_name = "notification.apply_status"

    provider_message_id: str
    status: str
    at: datetime
    error_code: str | None = None
    error_reason: str | None = None
