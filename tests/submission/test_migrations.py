"""Submission's data migrations on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.submission.deps import MIGRATIONS_DIR
from services.submission.models import Innovation, Jenis, Tahapan
from shared.db import create_db_engine, migrate


class TestUrusanFromTheList:
    def test_free_text_urusan_of_innovations_become_codes_and_the_rest_is_kept(
        self, pg_database: Callable[[str], str]
    ) -> None:
        url = pg_database("submission_urusan_migration")
        migrate(url, MIGRATIONS_DIR, revision="20261208025802")  # the one before the urusan list
        engine = create_db_engine(url)
        typed = {
            "Jalan Mulus": ("Pekerjaan Umum", ["pemukiman", "PUPR", "Trantibum"]),
            "Satpol Siaga": ("Ketenteraman, Ketertiban Umum, dan Perlindungan Masyarakat", []),
            "Ramah Semua": ("Urusan Kebahagiaan", ["sosial", "lain-lain"]),
            "Belum Diisi": (None, []),
        }
        with Session(engine) as session:
            # the rows alone: their pemda, OPD, period and author are beside the point here
            session.execute(sa.text("SET session_replication_role = replica"))
            # a Core insert names only these columns and those with defaults: columns that later
            # revisions add (nullable, no default) are not asked of this older schema
            for nama, (utama, lain) in typed.items():
                session.execute(
                    sa.insert(Innovation).values(
                        pemda_id=uuid.uuid4(),
                        period_id=uuid.uuid4(),
                        opd_id=uuid.uuid4(),
                        created_by=uuid.uuid4(),
                        nama=nama,
                        tahapan=Tahapan.penerapan,
                        jenis=Jenis.digital,
                        urusan_utama=utama,
                        urusan_lain=lain,
                    )
                )
            session.commit()

        migrate(url, MIGRATIONS_DIR)

        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT nama, urusan_utama, urusan_lain FROM innovation")).all()
        engine.dispose()
        assert {r.nama: (r.urusan_utama, r.urusan_lain) for r in rows} == {
            "Jalan Mulus": ("pupr", ["perkim", "trantibumlinmas"]),  # PUPR is the main one already
            "Satpol Siaga": ("trantibumlinmas", []),
            "Ramah Semua": ("Urusan Kebahagiaan", ["sosial", "lain-lain"]),  # kept as typed
            "Belum Diisi": (None, []),
        }
