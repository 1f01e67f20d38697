"""Dead messages on PostgreSQL and SQLite: one row per message until it is replayed."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session

from shared.db import create_db_engine, service_registry, utc_now
from shared.messaging.dead_letters import DeadMessageMixin, bury


class Base(DeclarativeBase):
    registry = service_registry()


class DeadMessage(DeadMessageMixin, Base):
    __tablename__ = "dead_message"


@pytest.fixture(params=["postgresql", "sqlite"])
def engine(
    request: pytest.FixtureRequest, pg_database: Callable[[str], str], tmp_path: Path
) -> Iterator[Engine]:
    url = pg_database("dead_letters") if request.param == "postgresql" else f"sqlite:///{tmp_path}/dead.db"
    made = create_db_engine(url)
    Base.metadata.create_all(made)
    yield made
    made.dispose()


def count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(DeadMessage)) or 0


def test_a_message_buried_twice_is_one_row_and_keeps_its_first_reason(engine: Engine) -> None:
    message_id = uuid.uuid4()
    payload = {"message_id": str(message_id), "case_id": "x"}
    with Session(engine) as session:
        first = bury(
            session, DeadMessage, task_name="review.open_case", payload=payload, reason="a" * 5000, attempts=6
        )
        session.commit()
        again = bury(session, DeadMessage, task_name="review.open_case", payload=payload, reason="later")
        session.commit()
        assert again.id == first.id
        assert (first.message_id, first.attempts, len(first.reason)) == (message_id, 6, 4000)
    assert count(engine) == 1


def test_after_a_replay_the_same_message_may_die_again(engine: Engine) -> None:
    payload = {"message_id": str(uuid.uuid4())}
    with Session(engine) as session:
        first = bury(session, DeadMessage, task_name="t", payload=payload, reason="one")
        first.replayed_at = utc_now()
        session.commit()
        second = bury(session, DeadMessage, task_name="t", payload=payload, reason="two")
        session.commit()
        assert second.id != first.id
    assert count(engine) == 2


def test_a_payload_without_a_usable_id_is_kept_every_time(engine: Engine) -> None:
    with Session(engine) as session:
        for payload in ([1, 2], {"message_id": "not-a-uuid"}, {}):
            bury(session, DeadMessage, task_name="t", payload=payload, reason="malformed")
        session.commit()
        kept = session.scalars(select(DeadMessage.payload).order_by(DeadMessage.created_at)).all()
    assert {"value": [1, 2]} in kept
    assert count(engine) == 3


def test_the_database_itself_refuses_a_second_pending_row(engine: Engine) -> None:
    message_id = uuid.uuid4()
    with Session(engine) as session:
        for _ in range(2):
            session.add(DeadMessage(message_id=message_id, task_name="t", payload={}, reason="r"))
        with pytest.raises(IntegrityError):
            session.commit()
    assert count(engine) == 0
