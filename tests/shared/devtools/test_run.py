"""`make run`'s launcher keeps the system up: a child that stops is started again with a backoff, and
only one that keeps stopping brings everything down, with a message saying which."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared.devtools import run
from shared.devtools.run import DevRun


def wait_exited(process: subprocess.Popen[bytes]) -> None:
    process.wait(timeout=30)


class TestSupervise:
    def test_a_stopped_child_is_restarted_after_a_growing_pause_then_given_up(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        devrun = DevRun(env={"PATH": "/usr/bin:/bin"}, var=tmp_path)
        (tmp_path / "log").mkdir()
        # A module that does not exist: the child stops at once, every time.
        devrun.spawn("review-worker", "shared.devtools.no_such_module")
        clock, fatal, restarts = 0.0, None, 0
        pauses: list[float] = []
        while fatal is None and clock < 120:
            wait_exited(devrun.processes["review-worker"])
            fatal = devrun.supervise(now=clock)
            if fatal is None:
                pauses.append(devrun.restart_at["review-worker"] - clock)
                clock = devrun.restart_at["review-worker"]
                assert devrun.supervise(now=clock) is None
                restarts += 1
        out = capsys.readouterr().out

        assert pauses == [1.0, 2.0, 4.0, 8.0]
        assert restarts == 4
        assert fatal is not None
        assert "review-worker stopped 5 times within 60 s" in fatal
        assert "giving up" in fatal
        assert "review-worker stopped unexpectedly (exit code 1); restarting it in 1 s" in out
        assert out.count("review-worker restarted") == 4

    def test_a_child_that_ran_a_while_starts_again_from_the_shortest_pause(self, tmp_path: Path) -> None:
        devrun = DevRun(env={"PATH": "/usr/bin:/bin"}, var=tmp_path)
        (tmp_path / "log").mkdir()
        devrun.spawn("beat", "shared.devtools.no_such_module")
        for clock in (0.0, 1.0, 3.0):  # stopped at 0 (pause 1), restarted at 1; stopped again at 3 (pause 2)
            wait_exited(devrun.processes["beat"])
            assert devrun.supervise(now=clock) is None
        assert devrun.restart_at["beat"] == pytest.approx(3.0 + 2.0)
        assert devrun.supervise(now=5.0) is None  # restarted
        wait_exited(devrun.processes["beat"])
        assert devrun.supervise(now=5.0 + run.RESTART_WINDOW_SECONDS + 1) is None
        assert devrun.restart_at["beat"] == pytest.approx(5.0 + run.RESTART_WINDOW_SECONDS + 1 + 1.0), (
            "a minute later the earlier stops no longer count"
        )

    def test_a_running_child_is_left_alone(self, tmp_path: Path) -> None:
        devrun = DevRun(env={"PATH": "/usr/bin:/bin"}, var=tmp_path)
        (tmp_path / "log").mkdir()
        devrun.processes["api"] = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        try:
            assert devrun.supervise(now=time.monotonic()) is None
            assert devrun.restart_at == {}
        finally:
            devrun.processes["api"].kill()
            devrun.processes["api"].wait(timeout=10)
