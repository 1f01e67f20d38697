"""catalogue schema 2: every period's copy of its catalogue in the shape of schema 2

Revision ID: 20261208024326
Revises: 20261208003449
Create Date: 2026-12-08 02:43:27.092054
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from shared.contracts.catalogue_versions import to_schema_1, to_schema_2

revision: str = "20261208024326"
down_revision: str | None = "20261208003449"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


period = sa.table("period", sa.column("id", sa.Uuid()), sa.column("catalogue", sa.JSON()))


def _rewrite(change: Any) -> None:
    connection = op.get_bind()
    for row in connection.execute(sa.select(period.c.id, period.c.catalogue)).all():
        if row.catalogue:
            new = change(row.catalogue)
            if new != row.catalogue:
                connection.execute(period.update().where(period.c.id == row.id).values(catalogue=new))


def upgrade() -> None:
    _rewrite(to_schema_2)


def downgrade() -> None:
    _rewrite(to_schema_1)
