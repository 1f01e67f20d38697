"""directory knows pending invitations

Revision ID: 20261207232637
Revises: 20261207122116
Create Date: 2026-12-07 23:26:37.566334
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207232637"
down_revision: str | None = "20261207122116"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("directory_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("invitation_pending", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("directory_account", schema=None) as batch_op:
        batch_op.drop_column("invitation_pending")
