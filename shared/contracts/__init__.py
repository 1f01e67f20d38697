"""Message contracts between the services: one frozen Pydantic model per task, sent by name."""

from __future__ import annotations

from typing import Any, ClassVar, Literal
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field

QUEUES: tuple[str, ...] = ("submission", "review", "notification")


class Message(BaseModel):
    """Base of every message: `task_name` says who consumes it, `schema_version` how it is shaped."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    task_name: ClassVar[str]
    schema_version: int = 1
    message_id: UUID = Field(default_factory=uuid4)
    # The service whose outbox sent it: the consumer confirms to it once the effect is committed
    # (`Confirmed`), and until then that outbox sends it again (shared.messaging.outbox).
    sender: str | None = None

    @classmethod
    def queue(cls) -> str:
        return cls.task_name.split(".", 1)[0]

    def to_payload(self) -> dict[str, Any]:
        """The JSON body sent on the bus (task name included so a reader needs nothing else)."""
        return {"task_name": self.task_name, **self.model_dump(mode="json")}


Decision = Literal["accepted", "revision_requested", "rejected"]


CONFIRM_SUFFIX = ".confirm_messages"


class Confirmed(Message):
    """A consumer's word to a sender: these messages' effects are committed (or they lie dead where an
    admin sees them), so stop sending them again. One class per receiving service (`confirmation_to`)."""

    message_ids: list[UUID]


_CONFIRMATIONS: dict[str, type[Confirmed]] = {
    queue: type(f"ConfirmedTo{queue.title()}", (Confirmed,), {"task_name": f"{queue}{CONFIRM_SUFFIX}"})
    for queue in QUEUES
}


def confirmation_to(service: str) -> type[Confirmed]:
    return _CONFIRMATIONS[service]
