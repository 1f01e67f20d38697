"""The system started as `make run` starts it: `python -m shared.devtools.run` in a folder of its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from shared.devtools.netutil import free_ports, wait_until

PROJECT = Path(__file__).resolve().parents[2]
PASSWORD = "kata-sandi-e2e-1"


@dataclass
class System:
    """One running system: its folder, its settings and the URL of each API."""

    workdir: Path
    env: dict[str, str]
    urls: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    output: list[str] = field(default_factory=list)

    def cli(self, service: str, *args: str) -> str:
        """Run an admin command the way an operator of the system would."""
        result = subprocess.run(
            [sys.executable, "-m", f"services.{service}", *args],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def log(self, name: str) -> str:
        path = self.workdir / "var" / "log" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def start_system(workdir: Path, extra_env: dict[str, str]) -> System:
    """Start the launcher and wait until it says the system is ready."""
    workdir.mkdir(parents=True, exist_ok=True)
    submission, review, notification, s3, smtp, whatsapp = free_ports(6)
    ports = {"submission": submission, "review": review, "notification": notification}
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUBMISSION_", "REVIEW_", "NOTIFICATION_", "S3_", "SMTP_", "WHATSAPP_"))
    }
    env.update({f"DEVRUN_{name.upper()}_PORT": str(port) for name, port in ports.items()})
    env.update(
        DEVRUN_S3_PORT=str(s3),
        DEVRUN_SMTP_PORT=str(smtp),
        DEVRUN_WHATSAPP_PORT=str(whatsapp),
        DEVRUN_SEED="0",
        WORKER_CONCURRENCY="1",
        OUTBOX_RELAY_GRACE_SECONDS="2",
        LOG_LEVEL="INFO",
    )
    env.update(extra_env)
    system = System(workdir, env, {name: f"http://127.0.0.1:{port}" for name, port in ports.items()})
    log = (workdir / "devrun.out").open("wb")
    system.process = subprocess.Popen(
        [sys.executable, "-m", "shared.devtools.run"],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()

    def ready() -> bool:
        assert system.process is not None
        if system.process.poll() is not None:
            raise AssertionError("devrun exited:\n" + (workdir / "devrun.out").read_text())
        return "Ready." in (workdir / "devrun.out").read_text()

    try:
        wait_until(ready, timeout=420, what="make run's launcher to be ready", fatal=(AssertionError,))
    except TimeoutError:
        stop_system(system)
        raise AssertionError("not ready:\n" + (workdir / "devrun.out").read_text()) from None
    return system


def stop_system(system: System) -> None:
    """Ctrl-C, as a person would; everything must stop."""
    if system.process is None:
        return
    system.process.send_signal(signal.SIGINT)
    try:
        system.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(system.process.pid, signal.SIGKILL)
        system.process.wait(timeout=10)
        raise AssertionError("the launcher did not stop within 60 s of Ctrl-C") from None


def token(base: str, email: str) -> dict[str, str]:
    response = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": email, "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def poll(fetch: object, *, timeout: float = 60, what: str) -> object:
    """Call fetch() until it returns something truthy; return that."""
    found: list[object] = []

    def check() -> bool:
        value = fetch()  # type: ignore[operator]
        if value:
            found.append(value)
            return True
        return False

    wait_until(check, timeout=timeout, interval=0.5, what=what)
    return found[0]
