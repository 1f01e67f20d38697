"""urusan from the list: innovations' free-text urusan become codes of UU 23/2014's list

What names no urusan of the list is kept as typed; the admin's page lists it. Data only: the
downgrade leaves the codes (they are valid text for the older code too).

Revision ID: 20261208030000
Revises: 20261208025802
Create Date: 2026-12-08 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.contracts.urusan import as_codes

revision: str = "20261208030000"
down_revision: str | None = "20261208025802"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

innovation = sa.table(
    "innovation",
    sa.column("id", sa.Uuid()),
    sa.column("urusan_utama", sa.String(100)),
    sa.column("urusan_lain", sa.JSON()),
)


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(innovation.c.id, innovation.c.urusan_utama, innovation.c.urusan_lain))
    for row_id, utama, lain in rows.all():
        main, others = as_codes(utama, lain)
        if (main, others) != (utama, lain or []):
            conn.execute(
                innovation.update()
                .where(innovation.c.id == row_id)
                .values(urusan_utama=main[:100] if main else main, urusan_lain=others)
            )


def downgrade() -> None:
    pass
