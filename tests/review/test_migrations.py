"""The migrations on PostgreSQL: cases of the Foundation (one per version) become rounds of one case."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from services.review.deps import MIGRATIONS_DIR
from shared.contracts.catalogue import Catalogue
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


class TestDeadMessagesTakeTheSharedShape:
    @pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
    def test_rows_keep_their_message_task_reason_and_time(
        self, dialect: str, pg_database: Callable[[str], str], tmp_path: Path
    ) -> None:
        url = pg_database("review_dead") if dialect == "postgresql" else f"sqlite:///{tmp_path}/review.db"
        migrate(url, MIGRATIONS_DIR, revision="20261129183443")
        engine = create_db_engine(url)
        dead = sa.table(
            "dead_message",
            sa.column("message_id", sa.Uuid()),
            *(sa.column(c) for c in ("task_name", "error", "attempts")),
            sa.column("payload", sa.JSON()),
            sa.column("failed_at", sa.DateTime(timezone=True)),
        )
        first, second = uuid.uuid4(), uuid.uuid4()
        when = utc_now().replace(microsecond=0)
        with engine.begin() as conn:
            conn.execute(
                dead.insert(),
                [
                    {
                        "message_id": m,
                        "task_name": "review.open_case",
                        "error": f"E{n}",
                        "attempts": n,
                        "payload": {"n": n},
                        "failed_at": when,
                    }
                    for n, m in ((3, first), (6, second))
                ],
            )
        engine.dispose()
        migrate(url, MIGRATIONS_DIR)
        with create_db_engine(url).connect() as conn:
            rows = conn.execute(
                sa.text("SELECT id, message_id, reason, attempts, created_at, replayed_at FROM dead_message")
            ).all()
        assert len({row.id for row in rows}) == 2
        assert sorted(
            (str(uuid.UUID(str(r.message_id))), r.reason, r.attempts, r.replayed_at) for r in rows
        ) == sorted([(str(first), "E3", 3, None), (str(second), "E6", 6, None)])
        assert all(r.created_at is not None for r in rows)


class TestCatalogueSchemaTwo:
    def test_a_periods_schema_1_catalogue_is_upgraded_and_spd_entries_keep_a_figure(
        self, pg_database: Callable[[str], str]
    ) -> None:
        url = pg_database("review_catalogue_v2")
        migrate(url, MIGRATIONS_DIR, revision="20261208003450")
        engine = create_db_engine(url)
        v1 = {
            "code": "iid-2025",
            "name": "Indeks Inovasi Daerah 2025/26",
            "total_bobot": 3,
            "spd_total_bobot": 1,
            "indicators": [
                {
                    "no": 1,
                    "name": "Regulasi inovasi daerah",
                    "bobot": 3,
                    "wajib": True,
                    "parameters": [{"value": v, "text": f"tingkat {v}"} for v in (1, 2, 3)],
                    "evidence_kind": "pdf",
                    "max_size_mb": 10,
                }
            ],
            "spd_indicators": [
                {
                    "code": "1",
                    "name": "Visi dan misi",
                    "bobot": 1,
                    "parameters": [{"value": v, "text": f"tingkat {v}"} for v in (1, 2, 3)],
                }
            ],
        }
        period_id = uuid.uuid4()
        review_period = sa.table(
            "review_period",
            sa.column("period_id", sa.Uuid()),
            sa.column("pemda_id", sa.Uuid()),
            sa.column("settings", sa.JSON()),
            sa.column("changed_at", sa.DateTime(timezone=True)),
        )
        with engine.begin() as conn:
            conn.execute(
                review_period.insert(),
                [
                    {
                        "period_id": period_id,
                        "pemda_id": uuid.uuid4(),
                        "settings": {"k": 10, "catalogue": v1},
                        "changed_at": utc_now(),
                    }
                ],
            )
        engine.dispose()

        migrate(url, MIGRATIONS_DIR)

        engine = create_db_engine(url)
        with engine.connect() as conn:
            settings = conn.execute(sa.select(review_period.c.settings)).scalar_one()
            columns = {c["name"] for c in sa.inspect(conn).get_columns("spd_entry")}
        engine.dispose()
        upgraded = Catalogue.model_validate(settings["catalogue"])
        assert settings["catalogue"]["schema_version"] == 2
        assert settings["k"] == 10
        assert [(s.code, s.wajib, s.bobot) for s in upgraded.spd_indicators] == [("1", False, Decimal(1))]
        assert "figure" in columns


class TestUrusanFromTheList:
    def test_free_text_urusan_of_cases_and_snapshots_become_codes_and_the_rest_is_kept(
        self, pg_database: Callable[[str], str]
    ) -> None:
        url = pg_database("review_urusan_migration")
        migrate(url, MIGRATIONS_DIR, revision="20261208003450")
        engine = create_db_engine(url)
        now = utc_now()
        case = sa.table(
            "review_case",
            *(sa.column(c) for c in ("id", "innovation_id", "version", "round", "pemda_id", "opd_id")),
            *(sa.column(c) for c in ("period_id", "opd_name", "nama", "tahapan", "jenis", "bentuk")),
            *(sa.column(c) for c in ("urusan", "status", "claimed_score", "verified_score")),
            sa.column("submitted_at", sa.DateTime(timezone=True)),
            sa.column("created_at", sa.DateTime(timezone=True)),
            sa.column("snapshot", sa.JSON()),
        )

        def row(nama: str, utama: str, lain: list[str]) -> dict[str, object]:
            return {
                "id": uuid.uuid4(),
                "innovation_id": uuid.uuid4(),
                "version": 1,
                "round": 1,
                "pemda_id": uuid.uuid4(),
                "opd_id": uuid.uuid4(),
                "period_id": uuid.uuid4(),
                "opd_name": "Dinas",
                "nama": nama,
                "tahapan": "penerapan",
                "jenis": "digital",
                "bentuk": "",
                "urusan": utama,
                "status": "open",
                "claimed_score": 0.0,
                "verified_score": 0.0,
                "submitted_at": now,
                "created_at": now,
                "snapshot": {"profile": {"urusan_utama": utama, "urusan_lain": lain}, "evidence": []},
            }

        with engine.begin() as conn:
            conn.execute(
                case.insert(),
                [
                    row("Jalan Mulus", "PUPR", ["pemukiman", "Trantibum"]),
                    row("Satpol Siaga", "Ketenteraman, Ketertiban Umum, dan Perlindungan Masyarakat", []),
                    row("Ramah Semua", "Urusan Kebahagiaan", ["Sosial", "lain-lain"]),
                ],
            )

        migrate(url, MIGRATIONS_DIR)

        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT nama, urusan, snapshot FROM review_case ORDER BY nama")).all()
        engine.dispose()
        found = {r.nama: (r.urusan, r.snapshot["profile"]["urusan_lain"]) for r in rows}
        assert found == {
            "Jalan Mulus": ("pupr", ["perkim", "trantibumlinmas"]),
            "Ramah Semua": ("Urusan Kebahagiaan", ["sosial", "lain-lain"]),  # kept, for the admin's list
            "Satpol Siaga": ("trantibumlinmas", []),
        }
        assert rows[0].snapshot["profile"]["urusan_utama"] == "pupr"
