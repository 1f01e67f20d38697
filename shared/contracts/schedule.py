"""Periodic work the single beat process sends by name."""

from __future__ import annotations

from shared.contracts import QUEUES


def relay_task_name(queue: str) -> str:
    return f"{queue}.relay_outbox"


RELAY_TASKS: tuple[str, ...] = tuple(relay_task_name(q) for q in QUEUES)


# Periodic work beyond the relays: task name -> every how many seconds. Each task decides for itself
# what is due and records what it sent, so a repeat is harmless (sent once each).
PERIODIC_TASKS: dict[str, float] = {
    "submission.send_deadline_reminders": 900,
    "submission.send_admin_digest": 900,
    "submission.requeue_pending_scans": 300,
    "review.send_review_reminders": 900,
    "notification.send_digests": 900,
    "notification.release_held": 300,
    "notification.sweep_deliveries": 60,
    "submission.sweep_orphan_objects": 900,
}
