"""The demo seed of `make run`: Kukar innovations in different states, with evidence in S3."""

from __future__ import annotations

import argparse
from collections import Counter

import pytest
from sqlalchemy import select

from services.submission.cli import seed_demo
from services.submission.deps import SubmissionRuntime
from services.submission.models import EvidenceItem, Innovation, OutboxMessage


class TestSeedDemo:
    def test_seeding_twice_gives_the_same_innovations_with_their_evidence(
        self, runtime: SubmissionRuntime, capsys: pytest.CaptureFixture[str]
    ) -> None:
        seed_demo(argparse.Namespace())
        seed_demo(argparse.Namespace())
        assert "kepala.disdik@kukar.demo" in capsys.readouterr().out
        with runtime.session_factory() as session:
            innovations = list(session.scalars(select(Innovation)))
            keys = [e.object_key for e in session.scalars(select(EvidenceItem)) if e.object_key]
            cases = list(
                session.scalars(select(OutboxMessage).where(OutboxMessage.task_name == "review.open_case"))
            )
        assert Counter(i.status.value for i in innovations) == {
            "submitted": 2,
            "awaiting_head": 1,
            "draft": 1,
        }
        assert len(cases) == 2
        assert keys
        assert all(runtime.store.stat(key) is not None for key in keys)
        assert runtime.store.get(keys[0]).startswith(b"%PDF-1.4")
