"""urusan from the list: cases' and snapshots' free-text urusan become codes of UU 23/2014's list

The jumlah-inovasi score reads the case's urusan and its snapshot's urusan lain, so both are mapped
(the rounds' snapshots too, so history reads the same). What names no urusan of the list is kept as
typed; the admin's page lists it. Data only: the downgrade leaves the codes.

Revision ID: 20261208030001
Revises: 20261208024319
Create Date: 2026-12-08 03:00:01
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from shared.contracts.urusan import as_codes

revision: str = "20261208030001"
down_revision: str | None = "20261208024319"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

case = sa.table(
    "review_case",
    sa.column("id", sa.Uuid()),
    sa.column("urusan", sa.String(200)),
    sa.column("snapshot", sa.JSON()),
)
round_ = sa.table("review_round", sa.column("id", sa.Uuid()), sa.column("snapshot", sa.JSON()))


def _mapped(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    """The snapshot with its profile's urusan as codes; None if nothing changes."""
    profile = (snapshot or {}).get("profile")
    if not isinstance(profile, dict):
        return None
    utama, lain = profile.get("urusan_utama"), profile.get("urusan_lain")
    main, others = as_codes(utama, lain if isinstance(lain, list) else [])
    if (main, others) == (utama, lain or []):
        return None
    return {**(snapshot or {}), "profile": {**profile, "urusan_utama": main, "urusan_lain": others}}


def upgrade() -> None:
    conn = op.get_bind()
    for row_id, urusan, snapshot in conn.execute(sa.select(case.c.id, case.c.urusan, case.c.snapshot)).all():
        main, _ = as_codes(urusan, [])
        new_snapshot = _mapped(snapshot)
        changes: dict[str, Any] = {}
        if main != urusan:
            changes["urusan"] = (main or "")[:200]
        if new_snapshot is not None:
            changes["snapshot"] = new_snapshot
        if changes:
            conn.execute(case.update().where(case.c.id == row_id).values(**changes))
    for row_id, snapshot in conn.execute(sa.select(round_.c.id, round_.c.snapshot)).all():
        new_snapshot = _mapped(snapshot)
        if new_snapshot is not None:
            conn.execute(round_.update().where(round_.c.id == row_id).values(snapshot=new_snapshot))


def downgrade() -> None:
    pass
