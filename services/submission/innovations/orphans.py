"""Evidence objects nothing refers to (an upload refused or failed after its bytes reached S3, a
commit that did not happen) are deleted once they are older than a grace period."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from services.submission import repository
from shared.db import utc_now
from shared.storage import EvidenceStore

log = logging.getLogger(__name__)

SWEEP_TASK = "submission.sweep_orphan_objects"
BATCH = 500


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def sweep_orphans(
    session: Session, *, store: EvidenceStore, grace: timedelta, now: datetime | None = None, prefix: str = ""
) -> list[str]:
    """Delete every object under `prefix` older than `grace` that no evidence record and no direct
    upload in progress refers to; returns the keys deleted (each one logged)."""
    now = _aware(now or utc_now())
    cutoff = now - grace
    removed: list[str] = []
    batch: list[str] = []

    def settle() -> None:
        referenced = repository.referenced_object_keys(session, batch, now=now)
        for key in batch:
            if key in referenced:
                continue
            store.delete(key)
            removed.append(key)
            log.warning("submission.sweep_orphans.removed", extra={"object_key": key})
        batch.clear()

    # Younger objects may belong to an upload whose record is not committed yet: they are left alone.
    for key, written_at in store.list_objects(prefix=prefix):
        if _aware(written_at) <= cutoff:
            batch.append(key)
        if len(batch) >= BATCH:
            settle()
    settle()
    if removed:
        log.info("submission.sweep_orphans.done", extra={"count": len(removed)})
    return removed
