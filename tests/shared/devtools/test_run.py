"""`make run`'s malware scanner: Debian's clamd as a child, or plainly off when it is not installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.devtools import run
from shared.devtools.clamd import EICAR
from shared.devtools.netutil import free_port
from shared.malware import Scanner


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
