"""evidence scan status: files stored before it are queued for the scanner by the sweep, links are clean

Revision ID: 20261208001946
Revises: 20261207232921
Create Date: 2026-12-08 00:19:47.162172
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261208001946"
down_revision: str | None = "20261207232921"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("evidence_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "scan_status",
                sa.Enum(
                    "pending", "clean", "infected", "refused", name="scanstatus", native_enum=False, length=40
                ),
                nullable=False,
                server_default="pending",
            )
        )
        batch_op.add_column(sa.Column("scan_detail", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE evidence_item SET scan_status = 'clean' WHERE object_key = ''")


def downgrade() -> None:
    with op.batch_alter_table("evidence_item", schema=None) as batch_op:
        batch_op.drop_column("scanned_at")
        batch_op.drop_column("scan_detail")
        batch_op.drop_column("scan_status")
