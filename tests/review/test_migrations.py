"""The migrations on PostgreSQL: cases of the Foundation (one per version) become rounds of one case."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa

from services.review.deps import MIGRATIONS_DIR
from shared.db import create_db_engine, migrate, utc_now


class TestCasesBecomeRounds:
    def test_two_versions_of_one_innovation_become_one_case_with_two_rounds(
        self, pg_database: Callable[[str], str]
    ) -> None:
        url = pg_database("review_migration")
        migrate(url, MIGRATIONS_DIR, revision="20261129b")
        engine = create_db_engine(url)
        innovation, other = uuid.uuid4(), uuid.uuid4()
        now = utc_now()
        case = sa.table(
            "review_case",
            *(sa.column(c) for c in ("id", "innovation_id", "version", "pemda_id", "opd_id", "period_id")),
            sa.column("submitted_at", sa.DateTime(timezone=True)),
            sa.column("snapshot", sa.JSON()),
            *(sa.column(c) for c in ("status", "decision", "decision_note")),
            sa.column("created_at", sa.DateTime(timezone=True)),
            sa.column("decided_at", sa.DateTime(timezone=True)),
        )

        def row(innovation_id: uuid.UUID, version: int, nama: str, decision: str | None) -> dict[str, object]:
            return {
                "id": uuid.uuid4(),
                "innovation_id": innovation_id,
                "version": version,
                "pemda_id": uuid.uuid4(),
                "opd_id": uuid.uuid4(),
                "period_id": uuid.uuid4(),
                "submitted_at": now - timedelta(days=3 - version),
                "snapshot": {
                    "snapshot": {"nama": nama, "tahapan": "penerapan", "jenis": "digital"},
                    "evidence": [],
                },
                "status": "decided" if decision else "open",
                "decision": decision,
                "decision_note": "Perbaiki SK" if decision else None,
                "created_at": now,
                "decided_at": now if decision else None,
            }

        with engine.begin() as conn:
            conn.execute(
                case.insert(),
                [
                    row(innovation, 1, "Antrean v1", "revision_requested"),
                    row(innovation, 2, "Antrean v2", None),
                    row(other, 1, "Rapor Digital", None),
                ],
            )

        migrate(url, MIGRATIONS_DIR)

        with engine.connect() as conn:
            cases = conn.execute(
                sa.text("SELECT id, innovation_id, version, round, nama FROM review_case ORDER BY nama")
            ).all()
            rounds = conn.execute(
                sa.text("SELECT case_id, round, version, decision FROM review_round ORDER BY case_id, round")
            ).all()
        engine.dispose()
        assert [(c.innovation_id, c.version, c.round, c.nama) for c in cases] == [
            (innovation, 2, 2, "Antrean v2"),
            (other, 1, 1, "Rapor Digital"),
        ]
        antrean = cases[0].id
        assert [(r.round, r.version, r.decision) for r in rounds if r.case_id == antrean] == [
            (1, 1, "revision_requested"),
            (2, 2, None),
        ]
