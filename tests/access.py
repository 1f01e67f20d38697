"""Role x endpoint tables (issue 13 item 9): each service's `test_access_matrix.py` lists its rows.

An actor is a name (`operator_a`, `admin_2`, ...); a row names a method, a path with `{placeholders}`,
the status each actor must get, and the body to send (its string values may name placeholders too).
`mismatches` sends every row as every actor and lists the cells that differ, so one failure shows all
of the table's disagreements.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Nobody logged in, the operator and head of OPD A (the resource's) and of OPD B, a reviewer without an
# OPD and one of OPD A, the pemda's admin, and a second pemda's admin and operator.
ACTORS = (
    "public",
    "operator_a",
    "operator_b",
    "head_a",
    "head_b",
    "reviewer",
    "reviewer_opd_a",
    "admin",
    "admin_2",
    "operator_2",
)

Send = Callable[[str, str, str, Any], int]  # (actor, method, path, body) -> status


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expected: Mapping[str, int]
    body: Any = None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def cells(actors: Sequence[str], default: int, **others: int) -> dict[str, int]:
    """Every actor's status: `default`, but for the ones named."""
    unknown = set(others) - set(actors)
    assert not unknown, f"not actors of the table: {unknown}"
    return {actor: others.get(actor, default) for actor in actors}


def mismatches(rows: Sequence[Row], actors: Sequence[str], ids: Mapping[str, str], send: Send) -> list[str]:
    """Send every row as every actor, in order; the cells that differ from the table."""
    wrong: list[str] = []
    for row in rows:
        path, body = row.path.format(**ids), _filled(row.body, ids)
        for actor in actors:
            status = send(actor, row.method, path, body)
            if status != row.expected[actor]:
                wrong.append(f"{row} as {actor}: {status}, the table says {row.expected[actor]}")
    return wrong


def _filled(body: Any, ids: Mapping[str, str]) -> Any:
    """The body with `{placeholders}` in its top-level string values filled from `ids`."""
    if isinstance(body, dict):
        return {key: value.format(**ids) if isinstance(value, str) else value for key, value in body.items()}
    return body
