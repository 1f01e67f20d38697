"""The body of every service's Alembic env.py (online migrations with the service's metadata)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData

from shared.db import create_db_engine


def run_migrations(metadata: MetaData) -> None:
    """Run migrations against the URL the caller put in the config attributes."""
    config = context.config
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL given to the migrations")
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    finally:
        engine.dispose()
