"""dead messages take the shared shape

Revision ID: 20261207122116
Revises: 20261129183443
Create Date: 2026-12-07 12:21:16.267807
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207122116"
down_revision: str | None = "20261129183443"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The shape notification's dead messages have (shared DeadMessageMixin): an id of its own, the
    message id nullable, `error` -> `reason`, `failed_at` -> `created_at`, and `replayed_at`."""
    with op.batch_alter_table("dead_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("replayed_at", sa.DateTime(timezone=True), nullable=True))
    dead = sa.table(
        "dead_message",
        sa.column("message_id", sa.Uuid()),
        sa.column("id", sa.Uuid()),
        sa.column("error", sa.Text()),
        sa.column("reason", sa.Text()),
        sa.column("failed_at", sa.DateTime(timezone=True)),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    bind = op.get_bind()
    for (message_id,) in bind.execute(sa.select(dead.c.message_id)).all():
        bind.execute(dead.update().where(dead.c.message_id == message_id).values(id=uuid.uuid4()))
    bind.execute(dead.update().values(reason=dead.c.error, created_at=dead.c.failed_at))
    with op.batch_alter_table("dead_message", schema=None, recreate="always") as batch_op:
        batch_op.drop_constraint("pk_dead_message", type_="primary")
        batch_op.alter_column("id", existing_type=sa.Uuid(), nullable=False)
        batch_op.alter_column("reason", existing_type=sa.Text(), nullable=False)
        batch_op.alter_column("created_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column("message_id", existing_type=sa.Uuid(), nullable=True)
        batch_op.create_primary_key("pk_dead_message", ["id"])
        batch_op.drop_column("failed_at")
        batch_op.drop_column("error")
    with op.batch_alter_table("dead_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dead_message_message_id"), ["message_id"], unique=False)
        batch_op.create_index(
            "uq_dead_message_pending_message",
            ["message_id"],
            unique=True,
            postgresql_where=sa.text("replayed_at IS NULL"),
            sqlite_where=sa.text("replayed_at IS NULL"),
        )


def downgrade() -> None:
    raise NotImplementedError("dead messages keep their shared shape; restore a backup to go back")
