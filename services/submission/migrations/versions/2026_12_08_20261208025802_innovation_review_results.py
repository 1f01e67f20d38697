"""innovation review results: the last decision per indicator and its scores, for the OPD's result page

Revision ID: 20261208025802
Revises: 20261208024326
Create Date: 2026-12-08 02:58:02.442419
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261208025802"
down_revision: str | None = "20261208024326"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("innovation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("review_results", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch_op.add_column(sa.Column("reviewed_claimed_score", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("verified_score", sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("innovation", schema=None) as batch_op:
        batch_op.drop_column("verified_score")
        batch_op.drop_column("reviewed_claimed_score")
        batch_op.drop_column("review_results")
