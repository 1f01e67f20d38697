"""spd figures and catalogue schema 2: an SPD entry keeps the figure typed; every period's
catalogue (in its settings) in the shape of schema 2

Revision ID: 20261208024319
Revises: 20261208003450
Create Date: 2026-12-08 02:43:19.392413
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from shared.contracts.catalogue_versions import to_schema_1, to_schema_2

revision: str = "20261208024319"
down_revision: str | None = "20261208003450"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


review_period = sa.table("review_period", sa.column("period_id", sa.Uuid()), sa.column("settings", sa.JSON()))


def _rewrite(change: Any) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(review_period.c.period_id, review_period.c.settings)).all()
    for row in rows:
        catalogue = (row.settings or {}).get("catalogue")
        if catalogue:
            new = change(catalogue)
            if new != catalogue:
                connection.execute(
                    review_period.update()
                    .where(review_period.c.period_id == row.period_id)
                    .values(settings={**row.settings, "catalogue": new})
                )


def upgrade() -> None:
    with op.batch_alter_table("spd_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("figure", sa.String(length=40), nullable=True))
    _rewrite(to_schema_2)


def downgrade() -> None:
    _rewrite(to_schema_1)
    with op.batch_alter_table("spd_entry", schema=None) as batch_op:
        batch_op.drop_column("figure")
