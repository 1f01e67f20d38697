"""A stored catalogue copy moved between contract schema versions (what the services' migrations run on
the copies periods keep). Frozen per version: a later schema adds its own pair, never edits these."""

from __future__ import annotations

from typing import Any

SCHEMA_2_KEYS = (
    *("schema_version", "source", "year_rules", "variable"),
    *("input", "unit", "min", "max", "choices"),
)


def to_schema_2(catalogue: dict[str, Any]) -> dict[str, Any]:
    """A schema 1 copy in schema 2's shape, its contents kept (an admin may have edited them)."""
    if not catalogue or catalogue.get("schema_version") == 2:
        return catalogue
    rows = [{**row, "wajib": row.get("wajib", False)} for row in catalogue.get("spd_indicators", [])]
    return {"schema_version": 2, **catalogue, "spd_indicators": rows}


def to_schema_1(value: Any) -> Any:
    """Schema 2 back to 1: the new keys dropped; a weight such as 0,75 has no schema 1 form (refused)."""
    if isinstance(value, list):
        return [to_schema_1(v) for v in value]
    if not isinstance(value, dict):
        return value
    kept = {k: to_schema_1(v) for k, v in value.items() if k not in SCHEMA_2_KEYS}
    if "bobot" in kept and float(kept["bobot"]) != int(float(kept["bobot"])):
        raise RuntimeError(
            f"weight {kept['bobot']} of {kept.get('code') or kept.get('no')} has no schema 1 form"
        )
    if "bobot" in kept:
        kept["bobot"] = int(float(kept["bobot"]))
    if "parameters" in kept and "code" in kept and "no" not in kept:
        kept.pop("wajib", None)
    return kept
