"""the 2026 profile fields: klasifikasi, Asta Cita, PKPN, coordinates, contact, funding

All nullable: drafts from before the fields existed keep sending.

Revision ID: 20261208034320
Revises: 20261208030000
Create Date: 2026-12-08 03:43:21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261208034320"
down_revision: str | None = "20261208030000"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("innovation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "klasifikasi",
                sa.Enum(
                    "perangkat_daerah", "desa", "masyarakat", name="klasifikasi", native_enum=False, length=40
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("asta_cita", sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column("klaster_pkpn", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("program_pkpn", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("kontak_nama", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("kontak_telepon", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("kontak_email", sa.String(length=254), nullable=True))
        batch_op.add_column(
            sa.Column(
                "sumber_dana",
                sa.Enum(
                    "apbd",
                    "apbn",
                    "apbdes",
                    "csr",
                    "swadaya",
                    "lainnya",
                    name="sumberdana",
                    native_enum=False,
                    length=40,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("anggaran", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("innovation", schema=None) as batch_op:
        batch_op.drop_column("anggaran")
        batch_op.drop_column("sumber_dana")
        batch_op.drop_column("kontak_email")
        batch_op.drop_column("kontak_telepon")
        batch_op.drop_column("kontak_nama")
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")
        batch_op.drop_column("program_pkpn")
        batch_op.drop_column("klaster_pkpn")
        batch_op.drop_column("asta_cita")
        batch_op.drop_column("klasifikasi")
