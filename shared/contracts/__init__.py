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

    @classmethod
    def queue(cls) -> str:
        return cls.task_name.split(".", 1)[0]

    def to_payload(self) -> dict[str, Any]:
        """The JSON body sent on the bus (task name included so a reader needs nothing else)."""
        return {"task_name": self.task_name, **self.model_dump(mode="json")}


Decision = Literal["accepted", "revision_requested", "rejected"]
