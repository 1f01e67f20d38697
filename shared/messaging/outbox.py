"""Transactional outbox and inbox: messages leave only after their transaction commits, and
are processed at most once however often they arrive.

A message is done only when its consumer confirms it: the consumer's unit of work that claims a message
also publishes a `Confirmed` back to the sender (committed with the effect, or with a duplicate's no-op),
and the sender's relay sends again whatever stays unconfirmed after `confirm_grace` (a broker that
restarted empty, a worker killed mid-task), up to `MAX_SENDS` times. Re-sending is harmless: the
consumer's inbox makes a second arrival a no-op that only confirms again."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, String, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from shared.contracts import CONFIRM_SUFFIX, QUEUES, Confirmed, Message, confirmation_to
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
    confirmed_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)


class ProcessedMessageMixin:
    """The id of a message whose effect is committed (the consumer's inbox)."""

    __tablename__ = "processed_message"

    message_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    task_name: Mapped[str] = mapped_column(String(120))
    processed_at: Mapped[datetime] = mapped_column(default=utc_now)


# confirmed_at of a message nobody confirms (a confirmation itself): it is done once published.
EXPECTS_NO_CONFIRMATION = datetime(1970, 1, 1, tzinfo=UTC)
MAX_SENDS = 12  # a message no consumer confirms after this many sends stays for an operator (logged)


class Outbox:
    """Writes messages into the current transaction and publishes them once it has committed."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        model: type[OutboxMixin],
        send: Sender,
        *,
        grace_seconds: float = 5.0,
        service: str | None = None,
        confirm_grace_seconds: float = 120.0,
    ):
        self.session_factory, self.model, self.send = session_factory, model, send
        self.grace = timedelta(seconds=grace_seconds)
        self.service = service
        self.confirm_grace = timedelta(seconds=confirm_grace_seconds)

    def add(self, session: Session, message: Message) -> uuid.UUID:
        # Only what crosses to another service waits for a confirmation; a service's messages to itself
        # (a delivery, an inspection) have sweepers of their own, and a confirmation is never confirmed.
        crosses = self.service is not None and message.queue() != self.service
        if crosses and not isinstance(message, Confirmed):
            message = message.model_copy(update={"sender": self.service})
        row = self.model()
        row.id, row.task_name, row.payload = message.message_id, message.task_name, message.to_payload()
        if message.sender is None or isinstance(message, Confirmed):
            row.confirmed_at = EXPECTS_NO_CONFIRMATION  # nobody will confirm it: done once published
        session.add(row)
        return message.message_id

    def confirm(self, message_ids: list[uuid.UUID]) -> int:
        """The consumer committed these messages' effects: stop sending them again."""
        if not message_ids:
            return 0
        with self.session_factory() as session, session.begin():
            result = session.execute(
                update(self.model)
                .where(self.model.id.in_(message_ids), self.model.confirmed_at.is_(None))
                .values(confirmed_at=utc_now())
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def unconfirmed(self) -> int:
        """Published messages no consumer has confirmed yet (the operator's view of what is in flight)."""
        with self.session_factory() as session:
            query = select(func.count()).where(
                self.model.published_at.is_not(None), self.model.confirmed_at.is_(None)
            )
            return int(session.scalar(query.select_from(self.model)) or 0)

    def publish(self, ids: list[uuid.UUID]) -> int:
        """Publish these committed messages now; whatever fails stays for the relay."""
        if not ids:
            return 0
        query = select(self.model).where(self.model.id.in_(ids), self.model.published_at.is_(None))
        return self._send_rows(query)

    def relay(self, *, limit: int = 200) -> int:
        """Publish messages still unpublished after the grace period (crash or broker outage), and send
        again those published but unconfirmed after the confirmation grace (lost on the way)."""
        now = utc_now()
        model = self.model
        unpublished = (
            select(model)
            .where(model.published_at.is_(None), model.created_at <= now - self.grace)
            .order_by(model.created_at)
            .limit(limit)
        )
        lost = (
            select(model)
            .where(
                model.published_at <= now - self.confirm_grace,
                model.confirmed_at.is_(None),
                model.attempts < MAX_SENDS,
            )
            .order_by(model.published_at)
            .limit(limit)
        )
        sent = self._send_rows(unpublished)
        again = self._send_rows(lost)
        if again:
            log.warning("outbox.resent_unconfirmed", extra={"count": again})
        return sent + again

    def _send_rows(self, query: Any) -> int:
        sent = 0
        with self.session_factory() as session, session.begin():
            # Skip rows another publisher holds: both would send, and neither needs to wait.
            rows = session.scalars(query.with_for_update(skip_locked=True))
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
        """True the first time `message` is seen; its record commits with the effect. Either way the
        sender hears, once this transaction commits, that the message needs no sending again."""
        first = claim_message(self.session, self._inbox, message)
        self.confirm(message.model_dump(mode="json"))
        return first

    def confirm(self, payload: dict[str, Any]) -> None:
        """Tell the sender of this message (a payload as it arrived) that it needs no sending again, once
        this transaction commits: for consumers that need no inbox, and for a message laid dead."""
        sender, message_id = payload.get("sender"), payload.get("message_id")
        if sender in QUEUES and message_id and not str(payload.get("task_name", "")).endswith(CONFIRM_SUFFIX):
            self.publish(confirmation_to(str(sender))(message_ids=[uuid.UUID(str(message_id))]))

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
        service: str | None = None,
        confirm_grace_seconds: float = 120.0,
    ):
        self.session_factory = session_factory
        self.inbox_model = inbox_model
        self.outbox = Outbox(
            session_factory,
            outbox_model,
            send,
            grace_seconds=grace_seconds,
            service=service,
            confirm_grace_seconds=confirm_grace_seconds,
        )

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
