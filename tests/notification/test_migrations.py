"""The notification migrations on PostgreSQL, with rows already in the tables."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import sqlalchemy as sa

from services.notification.deps import MIGRATIONS_DIR
from shared.db import create_db_engine, migrate, utc_now


def test_dead_messages_gain_attempts_and_keep_one_pending_row_per_message(
    pg_database: Callable[[str], str],
) -> None:
    url = pg_database("notification_migration")
    migrate(url, MIGRATIONS_DIR, revision="20261129183741")
    engine = create_db_engine(url)
    dead = sa.table(
        "dead_message",
        *(sa.column(c) for c in ("id", "message_id", "task_name", "reason")),
        sa.column("payload", sa.JSON()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("replayed_at", sa.DateTime(timezone=True)),
    )
    twice, replayed = uuid.uuid4(), uuid.uuid4()
    now = utc_now()

    def row(message_id: uuid.UUID | None, reason: str, replayed_at: object = None) -> dict[str, object]:
        return {
            "id": uuid.uuid4(),
            "message_id": message_id,
            "task_name": "notification.notify",
            "reason": reason,
            "payload": {"message_id": str(message_id)},
            "created_at": now,
            "replayed_at": replayed_at,
        }

    with engine.begin() as conn:
        conn.execute(
            dead.insert(),
            [
                row(twice, "first"),
                row(twice, "raced"),
                row(replayed, "old", replayed_at=now),
                row(replayed, "again"),
                row(None, "malformed"),
                row(None, "malformed too"),
            ],
        )
    migrate(url, MIGRATIONS_DIR)
    with engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT message_id, attempts FROM dead_message")).all()
    engine.dispose()
    assert sorted(str(m) for m, _ in kept) == sorted(map(str, [twice, replayed, replayed, None, None]))
    assert {attempts for _, attempts in kept} == {1}
