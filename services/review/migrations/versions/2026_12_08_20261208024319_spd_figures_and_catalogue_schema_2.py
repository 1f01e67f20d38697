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

revision: str = "20261208024319"
down_revision: str | None = "20261208003450"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


review_period = sa.table("review_period", sa.column("period_id", sa.Uuid()), sa.column("settings", sa.JSON()))


def _upgraded(catalogue: dict[str, Any]) -> dict[str, Any]:
    """A schema 1 copy in schema 2's shape, its contents kept (an admin may have edited them)."""
    if not catalogue or catalogue.get("schema_version") == 2:
        return catalogue
    rows = [{**row, "wajib": row.get("wajib", False)} for row in catalogue.get("spd_indicators", [])]
    return {"schema_version": 2, **catalogue, "spd_indicators": rows}


NEW_KEYS = ("schema_version", "source", "year_rules", "variable", "input", "unit", "min", "max", "choices")


def _downgraded(value: Any) -> Any:
    """Schema 2 back to 1: the new keys dropped; a weight such as 0,75 has no schema 1 form."""
    if isinstance(value, list):
        return [_downgraded(v) for v in value]
    if not isinstance(value, dict):
        return value
    kept = {k: _downgraded(v) for k, v in value.items() if k not in NEW_KEYS}
    if "bobot" in kept and float(kept["bobot"]) != int(float(kept["bobot"])):
        raise RuntimeError(
            f"weight {kept['bobot']} of {kept.get('code') or kept.get('no')} has no schema 1 form"
        )
    if "bobot" in kept:
        kept["bobot"] = int(float(kept["bobot"]))
    if "parameters" in kept and "code" in kept and "no" not in kept:
        kept.pop("wajib", None)
    return kept


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
    _rewrite(_upgraded)


def downgrade() -> None:
    _rewrite(_downgraded)
    with op.batch_alter_table("spd_entry", schema=None) as batch_op:
        batch_op.drop_column("figure")
