"""The transactional outbox and the inbox, on a real PostgreSQL database and a real Redis."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from shared.contracts import Message
from shared.db import TYPE_ANNOTATION_MAP, IdMixin, create_db_engine, create_session_factory, service_metadata
from shared.messaging.outbox import Database, OutboxMixin, ProcessedMessageMixin


class Base(DeclarativeBase):
    metadata = service_metadata()
    type_annotation_map = TYPE_ANNOTATION_MAP


class Outbox(OutboxMixin, Base):
    __tablename__ = "outbox_message"


class Inbox(ProcessedMessageMixin, Base):
    __tablename__ = "processed_message"


class Thing(IdMixin, Base):
    __tablename__ = "thing"
    name: Mapped[str] = mapped_column(String(50))


class ThingMade(Message):
    task_name = "review.thing_made"
    name: str


class Bus:
    """Records what is sent; can be made to fail like a broker that is down."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any], uuid.UUID]] = []
        self.down = False

    def send(self, task_name: str, payload: dict[str, Any], message_id: uuid.UUID) -> None:
        if self.down:
            raise ConnectionError("broker down")
        self.sent.append((task_name, payload, message_id))


@pytest.fixture
def factory(pg_database: Callable[[str], str]) -> Iterator[sessionmaker[Session]]:
    engine = create_db_engine(pg_database("outbox"))
    Base.metadata.create_all(engine)
    yield create_session_factory(engine)
    engine.dispose()


@pytest.fixture
def bus() -> Bus:
    return Bus()


@pytest.fixture
def db(factory: sessionmaker[Session], bus: Bus) -> Database:
    return Database(factory, outbox_model=Outbox, inbox_model=Inbox, send=bus.send, grace_seconds=0)


def count(factory: sessionmaker[Session], model: type[Any]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


class TestPublishAfterCommit:
    def test_a_committed_change_sends_its_message_once(self, db: Database, bus: Bus, factory: Any) -> None:
        with db.unit_of_work() as uow:
            uow.session.add(Thing(name="a"))
            uow.publish(ThingMade(name="a"))
        assert [(name, payload["name"]) for name, payload, _ in bus.sent] == [("review.thing_made", "a")]
        assert db.outbox.relay() == 0
        assert len(bus.sent) == 1

    def test_a_rolled_back_change_sends_nothing(self, db: Database, bus: Bus, factory: Any) -> None:
        def change_then_fail() -> None:
            with db.unit_of_work() as uow:
                uow.session.add(Thing(name="b"))
                uow.publish(ThingMade(name="b"))
                raise RuntimeError("validation failed after publish")

        with pytest.raises(RuntimeError):
            change_then_fail()
        assert bus.sent == []
        assert count(factory, Outbox) == 0
        assert count(factory, Thing) == 0

    def test_the_message_carries_its_id_and_schema_version(self, db: Database, bus: Bus) -> None:
        message = ThingMade(name="c")
        with db.unit_of_work() as uow:
            uow.publish(message)
        name, payload, message_id = bus.sent[0]
        assert message_id == message.message_id
        assert payload["task_name"] == name == "review.thing_made"
        assert payload["schema_version"] == 1


class TestBrokerDown:
    def test_the_change_commits_and_the_relay_sends_it_later(
        self, db: Database, bus: Bus, factory: Any
    ) -> None:
        bus.down = True
        with db.unit_of_work() as uow:
            uow.session.add(Thing(name="d"))
            uow.publish(ThingMade(name="d"))
        assert count(factory, Thing) == 1
        assert db.outbox.relay() == 0  # still down
        bus.down = False
        assert db.outbox.relay() == 1
        assert db.outbox.relay() == 0
        assert [payload["name"] for _, payload, _ in bus.sent] == ["d"]


class TestInbox:
    def test_a_redelivered_message_has_no_second_effect(self, db: Database, factory: Any) -> None:
        message = ThingMade(name="e")
        for _ in range(3):
            with db.unit_of_work() as uow:
                if uow.claim(message):
                    uow.session.add(Thing(name=message.name))
        assert count(factory, Thing) == 1
        assert count(factory, Inbox) == 1

    def test_a_failed_attempt_leaves_the_message_unclaimed(self, db: Database, factory: Any) -> None:
        message = ThingMade(name="f")

        def claim_then_crash() -> None:
            with db.unit_of_work() as uow:
                assert uow.claim(message)
                raise RuntimeError("crash before commit")

        with pytest.raises(RuntimeError):
            claim_then_crash()
        with db.unit_of_work() as uow:
            assert uow.claim(message)
            uow.session.add(Thing(name="f"))
        assert count(factory, Thing) == 1
