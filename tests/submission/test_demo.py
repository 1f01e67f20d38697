"""The demo seed of `make run`: Kukar innovations in different states, with evidence in S3."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from services.submission.cli import seed_demo
from services.submission.config import SubmissionSettings
from services.submission.deps import SubmissionRuntime, holder
from services.submission.models import EvidenceItem, Innovation, Opd, OutboxMessage, ScanStatus, UserAccount
from shared.auth import Role
from shared.config import CommonSettings


class TestSeedDemo:
    def test_seeding_twice_gives_the_same_innovations_with_their_evidence(
        self, runtime: SubmissionRuntime, capsys: pytest.CaptureFixture[str]
    ) -> None:
        seed_demo(argparse.Namespace())
        seed_demo(argparse.Namespace())
        assert "kepala.disdik@kukar.demo" in capsys.readouterr().out
        with runtime.session_factory() as session:
            innovations = list(session.scalars(select(Innovation)))
            items = list(session.scalars(select(EvidenceItem)))
            keys = [e.object_key for e in items if e.object_key]
            cases = list(
                session.scalars(select(OutboxMessage).where(OutboxMessage.task_name == "review.open_case"))
            )
        assert Counter(i.status.value for i in innovations) == {
            "submitted": 6,
            "awaiting_head": 1,
            "draft": 1,
        }
        assert len(cases) == 6
        assert keys
        assert all(runtime.store.stat(key) is not None for key in keys)
        assert runtime.store.get(keys[0]).startswith(b"%PDF-1.4")
        assert {e.scan_status for e in items} == {ScanStatus.clean}  # scanned by the seed itself

    def test_every_demo_opd_has_an_operator_to_remind(self, runtime: SubmissionRuntime) -> None:
        seed_demo(argparse.Namespace())

        with runtime.session_factory() as session:
            opds = list(session.scalars(select(Opd)))
            operators = {
                u.opd_id
                for u in session.scalars(select(UserAccount))
                if u.role is Role.opd_operator and u.is_active
            }
        assert opds
        assert [o.name for o in opds if o.id not in operators] == []


class TestSeedDemoOnSqlite:
    def test_make_runs_embedded_database_migrates_and_seeds(
        self, common_settings: CommonSettings, tmp_path: Path
    ) -> None:
        runtime = SubmissionRuntime(
            SubmissionSettings(database_url=f"sqlite:///{tmp_path}/submission.db", common=common_settings)
        )
        runtime.migrate()
        holder.use(runtime)
        try:
            seed_demo(argparse.Namespace())
            seed_demo(argparse.Namespace())
            with runtime.session_factory() as session:
                states = Counter(i.status.value for i in session.scalars(select(Innovation)))
            assert states == {"submitted": 6, "awaiting_head": 1, "draft": 1}
        finally:
            holder.use(None)
            runtime.dispose()
