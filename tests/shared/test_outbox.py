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
from shared.messaging.outbox import MAX_SENDS, Database, OutboxMixin, ProcessedMessageMixin


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


@pytest.fixture
def sender_db(factory: sessionmaker[Session], bus: Bus) -> Database:
    """Submission's outbox (it names itself as the sender); confirmations are due at once."""
    return Database(
        factory,
        outbox_model=Outbox,
        inbox_model=Inbox,
        send=bus.send,
        grace_seconds=0,
        service="submission",
        confirm_grace_seconds=0,
    )


class TestConfirmation:
    def test_a_message_names_its_sender_and_the_consumer_confirms_it_with_its_effect(
        self, sender_db: Database, bus: Bus
    ) -> None:
        with sender_db.unit_of_work() as uow:
            uow.publish(ThingMade(name="g"))
        _, payload, message_id = bus.sent[0]
        assert payload["sender"] == "submission"

        arrived = ThingMade.model_validate(payload)
        for _ in range(2):  # a second arrival is a no-op that confirms again
            with sender_db.unit_of_work() as uow:
                uow.claim(arrived)
        confirmations = [(name, body) for name, body, _ in bus.sent if name == "submission.confirm_messages"]
        assert [body["message_ids"] for _, body in confirmations] == [[str(message_id)]] * 2
        assert sender_db.outbox.confirm([message_id]) == 1
        assert sender_db.outbox.confirm([message_id]) == 0

    def test_an_unconfirmed_message_is_sent_again_until_confirmed(
        self, sender_db: Database, bus: Bus
    ) -> None:
        with sender_db.unit_of_work() as uow:
            uow.publish(ThingMade(name="h"))
        message_id = bus.sent[0][2]
        assert sender_db.outbox.unconfirmed() == 1
        assert sender_db.outbox.relay() == 1  # lost on the way (a broker that restarted empty)
        assert [sent[2] for sent in bus.sent] == [message_id, message_id]
        sender_db.outbox.confirm([message_id])
        assert sender_db.outbox.relay() == 0
        assert sender_db.outbox.unconfirmed() == 0

    def test_a_confirmation_itself_is_never_sent_again(self, sender_db: Database, bus: Bus) -> None:
        with sender_db.unit_of_work() as uow:
            uow.claim(ThingMade(name="i", sender="review"))
        assert [name for name, _, _ in bus.sent] == ["review.confirm_messages"]
        assert sender_db.outbox.relay() == 0
        assert sender_db.outbox.unconfirmed() == 0

    def test_sending_again_stops_after_the_limit(self, sender_db: Database, bus: Bus) -> None:
        with sender_db.unit_of_work() as uow:
            uow.publish(ThingMade(name="j"))
        sends = 1
        while sender_db.outbox.relay():
            sends += 1
        assert sends == MAX_SENDS
        assert sender_db.outbox.unconfirmed() == 1  # left for an operator to see

    def test_a_message_to_the_service_itself_needs_no_confirmation(
        self, sender_db: Database, bus: Bus
    ) -> None:
        class Inspect(Message):
            task_name = "submission.inspect_thing"

        with sender_db.unit_of_work() as uow:
            uow.publish(Inspect())
        assert bus.sent[0][1]["sender"] is None
        assert sender_db.outbox.unconfirmed() == 0
        assert sender_db.outbox.relay() == 0
