"""The review command line: `recompute` checks and corrects the stored scores."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

from sqlalchemy import update

from services.review.models import ReviewCase
from tests.review.conftest import Scene, get


class TestRecompute:
    def _run(self, scene: Scene) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "REVIEW_DATABASE_URL": scene.runtime.settings.database_url,
            "REDIS_URL": scene.runtime.settings.common.redis_url,
            "ENVIRONMENT": "test",
        }
        return subprocess.run(
            [sys.executable, "-m", "services.review", "recompute", "--check"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def test_recomputing_from_scratch_agrees_with_the_live_scores(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        before = get(scene, "/api/v1/rankings/innovations")

        result = self._run(scene)

        assert result.returncode == 0, result.stdout + result.stderr
        assert "recomputed 4 cases; 0 differed" in result.stdout
        assert get(scene, "/api/v1/rankings/innovations") == before

    def test_a_stored_score_that_drifted_is_found_and_corrected(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        with scene.runtime.db.unit_of_work() as uow:
            uow.session.execute(
                update(ReviewCase).where(ReviewCase.id == season["B"]).values(verified_score=99)
            )

        result = self._run(scene)

        assert result.returncode == 1
        assert "1 differed" in result.stdout
        assert get(scene, "/api/v1/rankings/innovations")[0]["verified_score"] == 30
