"""`make run` with a worker killed under it: the launcher says so, starts it again, and the system
keeps working (a submission still reaches the person by email)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from shared.devtools.netutil import free_port, wait_until
from tests.e2e.conftest import poll, start_system, stop_system, token
from tests.e2e.submission_steps import draft_upload, seed_people, submit


def child_pid(parent: int, command: str) -> int | None:
    found = subprocess.run(
        ["pgrep", "-P", str(parent), "-f", command], capture_output=True, text=True, check=False
    )
    pids = [int(p) for p in found.stdout.split()]
    return pids[0] if pids else None


class TestCrashedChild:
    def test_a_killed_worker_is_restarted_and_the_system_still_works(self, tmp_path: Path) -> None:
        workdir = tmp_path / "system"
        system = start_system(workdir, {"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
        try:
            people = seed_people(system, "kukar")
            operator = token(system.urls["submission"], people["operator"])
            innovation_id = draft_upload(system, operator)
            assert system.process is not None
            launcher = system.process.pid
            worker = child_pid(launcher, "services.notification worker")
            assert worker is not None
            started = time.monotonic()
            os.kill(worker, signal.SIGKILL)

            output = workdir / "devrun.out"
            wait_until(
                lambda: "notification-worker restarted" in output.read_text(), timeout=30, what="the restart"
            )
            text = output.read_text()
            assert "notification-worker stopped unexpectedly (exit code -9); restarting it in 1 s" in text
            again = child_pid(launcher, "services.notification worker")
            assert again is not None
            assert again != worker
            assert system.process.poll() is None, "the launcher kept everything else running"

            submitted = submit(system, operator, innovation_id)
            assert submitted.status_code == 200, submitted.text
            mail_dir = workdir / "var" / "mail"
            poll(
                lambda: mail_dir.exists() and len(list(mail_dir.iterdir())) >= 1,
                what="the submitted email, sent by the restarted worker",
            )
            assert time.monotonic() - started < 90, "from the kill to the email sent by the new worker"
        finally:
            stop_system(system)
