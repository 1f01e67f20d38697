"""dialect_insert: one ON CONFLICT upsert that runs on PostgreSQL and on SQLite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import MetaData, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from shared.db import create_db_engine, dialect_insert


class Base(DeclarativeBase):
    metadata = MetaData()


class Thing(Base):
    __tablename__ = "thing"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int]


def _upsert_twice(url: str) -> int:
    engine = create_db_engine(url)
    Base.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            for count in (1, 2):
                statement = dialect_insert(session)(Thing).values(name="a", count=count)
                session.execute(
                    statement.on_conflict_do_update(
                        index_elements=["name"], set_={"count": statement.excluded.count}
                    )
                )
            return session.scalars(select(Thing.count)).one()
    finally:
        engine.dispose()


def test_upsert_on_sqlite(tmp_path: Path) -> None:
    assert _upsert_twice(f"sqlite:///{tmp_path}/db.sqlite") == 2


def test_upsert_on_postgresql(pg_database: Callable[[str], str]) -> None:
    assert _upsert_twice(pg_database("dialect_insert")) == 2
