"""Periodic work the single beat process sends by name."""

from __future__ import annotations

from shared.contracts import QUEUES


def relay_task_name(queue: str) -> str:
    return f"{queue}.relay_outbox"


RELAY_TASKS: tuple[str, ...] = tuple(relay_task_name(q) for q in QUEUES)
