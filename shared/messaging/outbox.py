"""Transactional outbox and inbox: messages leave only after their transaction commits, and
are processed at most once however often they arrive."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from shared.contracts import Message
from shared.db import dialect_insert, utc_now

log = logging.getLogger(__name__)

# send(task_name, payload, message_id) puts one message on the bus or raises.
Sender = Callable[[str, dict[str, Any], uuid.UUID], None]


class OutboxMixin:
    """A message written in the same transaction as the change it announces."""

    __tablename__ = "outbox_message"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    task_name: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    published_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)


class ProcessedMessageMixin:
    """The id of a message whose effect is committed (the consumer's inbox)."""

    __tablename__ = "processed_message"

    message_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    task_name: Mapped[str] = mapped_column(String(120))
    processed_at: Mapped[datetime] = mapped_column(default=utc_now)


class Outbox:
    """Writes messages into the current transaction and publishes them once it has committed."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        model: type[OutboxMixin],
        send: Sender,
        *,
        grace_seconds: float = 5.0,
    ):
        self.session_factory, self.model, self.send = session_factory, model, send
        self.grace = timedelta(seconds=grace_seconds)

    def add(self, session: Session, message: Message) -> uuid.UUID:
        row = self.model()
        row.id, row.task_name, row.payload = message.message_id, message.task_name, message.to_payload()
        session.add(row)
        return message.message_id

    def publish(self, ids: list[uuid.UUID]) -> int:
        """Publish these committed messages now; whatever fails stays for the relay."""
        if not ids:
            return 0
        return self._send_rows(select(self.model).where(self.model.id.in_(ids)))

    def relay(self, *, limit: int = 200) -> int:
        """Publish messages still unpublished after the grace period (crash or broker outage)."""
        cutoff = utc_now() - self.grace
        query = (
            select(self.model)
            .where(self.model.published_at.is_(None), self.model.created_at <= cutoff)
            .order_by(self.model.created_at)
            .limit(limit)
        )
        return self._send_rows(query)

    def _send_rows(self, query: Any) -> int:
        sent = 0
        with self.session_factory() as session, session.begin():
            # Skip rows another publisher holds: both would send, and neither needs to wait.
            rows = session.scalars(
                query.where(self.model.published_at.is_(None)).with_for_update(skip_locked=True)
            )
            for row in rows:
                try:
                    self.send(row.task_name, row.payload, row.id)
                except Exception as exc:  # the broker is down or refused: keep the row for later
                    row.attempts += 1
                    row.last_error = f"{type(exc).__name__}: {exc}"[:500]
                    log.warning(
                        "outbox.publish.failed", extra={"message_id": str(row.id), "error": row.last_error}
                    )
                    break
                row.published_at = utc_now()
                row.attempts += 1
                sent += 1
        return sent


def claim_message(session: Session, model: type[ProcessedMessageMixin], message: Message) -> bool:
    """Record that `message` is being processed; False if its effect is already committed."""
    table = model.__table__  # type: ignore[attr-defined]
    statement = (
        dialect_insert(session)(table)
        .values(message_id=message.message_id, task_name=message.task_name, processed_at=utc_now())
        .on_conflict_do_nothing(index_elements=["message_id"])
        .returning(table.c.message_id)
    )
    # RETURNING gives a row only when the insert happened (rowcount is not reliable here).
    return session.execute(statement).first() is not None


class UnitOfWork:
    """One transaction: services flush and publish, the caller commits once."""

    def __init__(self, session: Session, outbox: Outbox, inbox: type[ProcessedMessageMixin]):
        self.session, self._outbox, self._inbox = session, outbox, inbox
        self._pending: list[uuid.UUID] = []

    def publish(self, message: Message) -> None:
        """Send `message` if and only if this transaction commits."""
        self._outbox.add(self.session, message)
        self._pending.append(message.message_id)

    def claim(self, message: Message) -> bool:
        """True the first time `message` is seen; its record commits with the effect."""
        return claim_message(self.session, self._inbox, message)

    def commit(self) -> None:
        self.session.commit()
        pending, self._pending = self._pending, []
        try:
            self._outbox.publish(pending)
        except Exception:  # the commit stands; the relay will publish what is left
            log.exception("outbox.publish_after_commit.failed")

    def rollback(self) -> None:
        self.session.rollback()
        self._pending.clear()


class Database:
    """A service's database: engine, sessions, outbox and inbox, and units of work on them."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        outbox_model: type[OutboxMixin],
        inbox_model: type[ProcessedMessageMixin],
        send: Sender,
        grace_seconds: float = 5.0,
    ):
        self.session_factory = session_factory
        self.inbox_model = inbox_model
        self.outbox = Outbox(session_factory, outbox_model, send, grace_seconds=grace_seconds)

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        session = self.session_factory()
        uow = UnitOfWork(session, self.outbox, self.inbox_model)
        try:
            yield uow
            uow.commit()
        except BaseException:
            uow.rollback()
            raise
        finally:
            session.close()
