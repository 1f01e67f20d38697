"""`make run`'s launcher: a child that stops is started again with a backoff (only one that keeps
stopping brings everything down, saying which), and Debian's clamd runs as a child or scanning is
plainly off."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared.devtools import run
from shared.devtools.clamd import EICAR
from shared.devtools.netutil import free_port
from shared.devtools.run import DevRun
from shared.malware import Scanner


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


class TestScanner:
    def test_without_a_database_clamd_runs_on_the_test_signature_and_says_so(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(run, "real_database", lambda directory: False)
        monkeypatch.chdir(tmp_path)  # `make run` works under the relative `var/`
        devrun = run.DevRun(env={"DEVRUN_CLAMD_PORT": str(free_port())}, var=Path("var"))
        try:
            devrun._scanner()
            url = devrun.env["CLAMD_URL"]
            assert Scanner(url).scan([b"%PDF-1.4\n", EICAR]).infected
            assert (tmp_path / "var" / "clamav" / "signatures" / "eicar.ndb").exists()
        finally:
            devrun.stop()
        assert "ONLY the EICAR test signature" in capsys.readouterr().out

    def test_without_clamd_scanning_is_off_and_the_output_says_how_to_install_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(run, "clamd_installed", lambda: False)
        devrun = run.DevRun(env={}, var=tmp_path)
        devrun._scanner()
        assert devrun.env["CLAMD_URL"] == ""
        assert devrun.clamd is None
        assert (
            "Pemindaian malware MATI: clamd tidak terpasang (apt-get install clamav-daemon)"
            in capsys.readouterr().out
        )
