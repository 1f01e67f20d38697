"""Every service's migrations build exactly the tables its models describe, on PostgreSQL and SQLite."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData

from shared.alembic_env import _render_item
from shared.db import create_db_engine, migrate

SERVICES = ["submission", "review", "notification"]


def metadata_of(service: str) -> MetaData:
    models = importlib.import_module(f"services.{service}.models")
    metadata: MetaData = models.Base.metadata
    return metadata


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
@pytest.mark.parametrize("service", SERVICES)
def test_migrations_match_the_models(
    service: str, dialect: str, pg_database: Callable[[str], str], tmp_path: Path
) -> None:
    url = pg_database(f"drift_{service}") if dialect == "postgresql" else f"sqlite:///{tmp_path}/{service}.db"
    migrate(url, Path(__file__).parents[2] / "services" / service / "migrations")
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_item": _render_item}
            )
            differences = compare_metadata(context, metadata_of(service))
    finally:
        engine.dispose()
    assert differences == []


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_one_migration_head(service: str) -> None:
    """Two branches that each added a migration on the same parent leave two heads: `migrate` fails."""
    config = Config()
    config.set_main_option(
        "script_location", str(Path(__file__).parents[2] / "services" / service / "migrations")
    )
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
