"""`make run`: the whole system on one machine, on embedded defaults unless settings say otherwise.

Starts what is not configured (SeaweedFS S3, an SMTP sink, a sandbox WhatsApp provider, Debian's
clamd for malware scanning when it is installed; Celery's filesystem transport when Redis does not
answer), applies migrations, seeds the demo pemda, then runs the three APIs, their workers and one
beat until Ctrl-C, starting again a child that stops (with a backoff; five stops within a minute stop
everything). Tests start it the same way.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import httpx
import redis

from shared.auth import dev_key_pair
from shared.config import DEV_S3_ACCESS_KEY, DEV_S3_SECRET_KEY, VAR_DIR
from shared.devtools.clamd import (
    DEBIAN_DATABASE,
    ClamdServer,
    clamd_installed,
    real_database,
    write_test_database,
)
from shared.devtools.netutil import free_port, port_open, wait_until
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from shared.devtools.seaweed import SeaweedServer
from shared.devtools.testing import free_ports_with_grpc

SERVICES = ("submission", "review", "notification")
DEFAULT_PORTS = {"submission": 8001, "review": 8002, "notification": 8003}
DEFAULT_S3_PORT = 8333
DEFAULT_SMTP_PORT = 1025
DEFAULT_WHATSAPP_PORT = 8390
DEFAULT_CLAMD_PORT = 3310
# A child that stops is started again after 1, 2, 4 ... 30 s; this many stops within the window in a
# row means it cannot run here, and everything is stopped.
RESTART_BACKOFF_SECONDS = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
RESTART_GIVE_UP_AFTER = 5
RESTART_WINDOW_SECONDS = 60.0
HEALTH_TIMEOUT_SECONDS = 240  # three APIs start beside two busy test processes on a 2-core CI machine
DEV_WHATSAPP_TOKEN = "sandbox-whatsapp-token"  # noqa: S105 - the local sandbox only

log = logging.getLogger("devrun")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except (redis.RedisError, ValueError):
        return False


@dataclass
class DevRun:
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    var: Path = VAR_DIR
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    seaweed: SeaweedServer | None = None
    smtp: SmtpSink | None = None
    whatsapp: WhatsAppSandbox | None = None
    clamd: ClamdServer | None = None
    ports: dict[str, int] = field(default_factory=dict)
    one_offs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    commands: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Per child: when it stopped recently (for the give-up rule) and when it is due to start again.
    stops: dict[str, list[float]] = field(default_factory=dict)
    restart_at: dict[str, float] = field(default_factory=dict)

    def port(self, name: str, default: int) -> int:
        configured = self.env.get(f"DEVRUN_{name.upper()}_PORT")
        if configured:
            return int(configured)
        return default if not port_open("127.0.0.1", default) else free_port()

    def prepare(self) -> None:
        """Fill in every setting that is not given with an embedded default, starting what it needs."""
        (self.var / "log").mkdir(parents=True, exist_ok=True)
        self.env.setdefault("ENVIRONMENT", "development")
        self.env.setdefault("PYTHONUNBUFFERED", "1")
        dev_key_pair(self.var / "keys")  # one pair for all processes, made before they start
        self._broker()
        self._object_store()
        self._mail()
        self._whatsapp()
        self._scanner()
        for name in SERVICES:
            self.ports[name] = self.port(name, DEFAULT_PORTS[name])
        self.env.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{self.ports['submission']}")
        self.env.setdefault("REVIEW_BASE_URL", f"http://127.0.0.1:{self.ports['review']}")
        self.env.setdefault("NOTIFICATION_BASE_URL", f"http://127.0.0.1:{self.ports['notification']}")

    def _broker(self) -> None:
        if self.env.get("BROKER_URL"):
            return
        url = self.env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
        if redis_answers(url):
            say(f"broker: Redis at {url}")
        else:
            self.env["BROKER_URL"] = f"filesystem://{self.var / 'broker'}"
            say(f"broker: Redis at {url} does not answer; Celery's filesystem transport in {self.var}/broker")
            if not self.env.get("SESSION_STORE_URL"):
                self.env["SESSION_STORE_URL"] = f"sqlite:///{self.var / 'sessions.db'}"
                say(f"sessions: in {self.var}/sessions.db (shared by every process)")

    def _object_store(self) -> None:
        if self.env.get("S3_ENDPOINT"):
            say(f"object store: S3 at {self.env['S3_ENDPOINT']}")
            return
        s3_port = self.port("s3", DEFAULT_S3_PORT)
        master, volume, filer = free_ports_with_grpc(3)
        self.seaweed = SeaweedServer(
            self.var / "s3",
            s3_port=s3_port,
            master_port=master,
            volume_port=volume,
            filer_port=filer,
            access_key=DEV_S3_ACCESS_KEY,
            secret_key=DEV_S3_SECRET_KEY,
            log_file=self.var / "log" / "seaweedfs.log",
        ).start()
        self.env.update(
            S3_ENDPOINT=f"127.0.0.1:{s3_port}",
            S3_ACCESS_KEY=DEV_S3_ACCESS_KEY,
            S3_SECRET_KEY=DEV_S3_SECRET_KEY,
        )
        say(f"object store: SeaweedFS S3 at 127.0.0.1:{s3_port} (data in {self.var}/s3)")

    def _mail(self) -> None:
        if self.env.get("SMTP_HOST"):
            return
        self.smtp = SmtpSink(port=self.port("smtp", DEFAULT_SMTP_PORT), maildir=self.var / "mail").start()
        self.env.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(self.smtp.port), SMTP_SECURITY="none")
        say(f"email: local SMTP sink at 127.0.0.1:{self.smtp.port} (messages in {self.var}/mail)")

    def _whatsapp(self) -> None:
        if self.env.get("WHATSAPP_BASE_URL"):
            return
        self.whatsapp = WhatsAppSandbox(
            port=self.port("whatsapp", DEFAULT_WHATSAPP_PORT),
            token=DEV_WHATSAPP_TOKEN,
            store_dir=self.var / "whatsapp",
        ).start()
        self.env.update(
            WHATSAPP_PROVIDER="cloud_api",
            WHATSAPP_BASE_URL=self.whatsapp.base_url,
            WHATSAPP_TOKEN=DEV_WHATSAPP_TOKEN,
        )
        say(f"WhatsApp: sandbox provider at {self.whatsapp.base_url} (messages in {self.var}/whatsapp)")

    def _scanner(self) -> None:
        if "CLAMD_URL" in self.env:  # given, or set empty on purpose (scanning off)
            url = self.env["CLAMD_URL"]
            say(f"malware scan: clamd at {url}" if url else "Pemindaian malware MATI: CLAMD_URL kosong")
            return
        if not clamd_installed():
            self.env["CLAMD_URL"] = ""
            say("Pemindaian malware MATI: clamd tidak terpasang (apt-get install clamav-daemon)")
            return
        real = real_database(DEBIAN_DATABASE)
        database = DEBIAN_DATABASE if real else write_test_database(self.var / "clamav" / "signatures")
        self.clamd = ClamdServer(
            self.var / "clamav", port=self.port("clamd", DEFAULT_CLAMD_PORT), database_dir=database
        ).start()
        self.env["CLAMD_URL"] = self.clamd.url
        if real:
            say(f"malware scan: clamd at {self.clamd.url} (signatures in {DEBIAN_DATABASE})")
        else:
            say(
                f"malware scan: clamd at {self.clamd.url} with ONLY the EICAR test signature "
                f"({DEBIAN_DATABASE} holds no database; run freshclam for real signatures): "
                "real malware is NOT detected"
            )

    def run_once(self, *args: str, quiet: bool = False) -> None:
        """Run a CLI command to completion (migrations, seeding), failing loudly."""
        log_path = self.var / "log" / "setup.log"
        with log_path.open("ab") as log_file:
            result = subprocess.run(
                [sys.executable, "-m", *args],
                env=self.env,
                check=False,
                stdout=log_file if quiet else None,
                stderr=log_file,
            )
        if result.returncode != 0:
            raise RuntimeError(
                f"`python -m {' '.join(args)}` failed with exit code {result.returncode}; see {log_path}"
            )

    def spawn(self, name: str, *args: str) -> None:
        self.commands[name] = args
        log_file = (self.var / "log" / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", *args], env=self.env, stdout=log_file, stderr=subprocess.STDOUT
        )
        log_file.close()

    def start(self, *, seed: bool = True) -> None:
        self.prepare()
        for name in SERVICES:
            self.run_once(f"services.{name}", "migrate", quiet=True)
        if seed:
            self.run_once("services.submission", "seed-demo")
        for name in SERVICES:
            self.spawn(f"{name}-api", f"services.{name}", "serve", "--port", str(self.ports[name]))
            self.spawn(f"{name}-worker", f"services.{name}", "worker")
        self.spawn("beat", "shared.messaging.beat")
        for name in SERVICES:
            self.wait_healthy(name)
        say("")
        say(f"  portal        http://127.0.0.1:{self.ports['submission']}/  (one login serves all three)")
        say(f"  showcase      http://127.0.0.1:{self.ports['submission']}/showcase  (public, no login)")
        for name in SERVICES:
            say(f"  {name:<13} http://127.0.0.1:{self.ports[name]}/docs")
        say(f"  dev inbox     http://127.0.0.1:{self.ports['notification']}/notification/dev/inbox")
        say(f"  logs          {self.var}/log/")
        say("Ready. Press Ctrl-C to stop everything.")
        if seed:
            # Review's demo needs the cases the submission seed sent through the bus: it waits for them
            # in the background and is allowed to finish (unlike the long-running children).
            log_file = (self.var / "log" / "review-seed.log").open("ab")
            self.one_offs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "services.review", "seed-demo", "--wait", "120"],
                    env=self.env,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
            )
            log_file.close()
            say(f"  review demo   cases reach every state in the background ({self.var}/log/review-seed.log)")

    def wait_healthy(self, name: str) -> None:
        """Wait for a service's API to answer; if it dies or stays silent, say why from its log."""
        url = f"http://127.0.0.1:{self.ports[name]}/healthz"

        def healthy() -> bool:
            if (exited := self.check_children()) is not None:
                raise ChildExited(exited)
            return httpx.get(url, timeout=2).status_code == 200

        try:
            wait_until(healthy, timeout=HEALTH_TIMEOUT_SECONDS, what=url, fatal=(ChildExited,))
        except (TimeoutError, ChildExited) as error:
            culprit = error.args[0] if isinstance(error, ChildExited) else f"{name}-api"
            log = self.var / "log" / f"{culprit}.log"
            tail = log.read_text(errors="replace")[-4000:] if log.exists() else "(no log)"
            raise RuntimeError(f"{culprit} did not come up ({error}); the end of {log}:\n{tail}") from None

    def check_children(self) -> str | None:
        """The name of a child that has exited, if any."""
        for name, process in self.processes.items():
            if process.poll() is not None:
                return name
        return None

    def _children(self) -> dict[str, subprocess.Popen[bytes]]:
        """Every long-running child process, the embedded S3 server included."""
        children = dict(self.processes)
        if self.seaweed is not None and self.seaweed.process is not None:
            children["seaweedfs"] = self.seaweed.process
        return children

    def _restart(self, name: str) -> None:
        if name == "seaweedfs" and self.seaweed is not None:
            self.seaweed.start()
        else:
            self.spawn(name, *self.commands[name])

    def supervise(self, now: float | None = None) -> str | None:
        """Start again the children that stopped, each after its backoff; a message saying why
        everything must stop when one keeps stopping (RESTART_GIVE_UP_AFTER times within a minute)."""
        now = time.monotonic() if now is None else now
        for name, process in self._children().items():
            code = process.poll()
            if code is None:
                continue
            if name not in self.restart_at:
                recent = [t for t in self.stops.get(name, []) if now - t < RESTART_WINDOW_SECONDS]
                recent.append(now)
                self.stops[name] = recent
                if len(recent) >= RESTART_GIVE_UP_AFTER:
                    return (
                        f"{name} stopped {len(recent)} times within {RESTART_WINDOW_SECONDS:.0f} s "
                        f"(last exit code {code}); giving up. See {self.var}/log/{name}.log"
                    )
                delay = RESTART_BACKOFF_SECONDS[min(len(recent), len(RESTART_BACKOFF_SECONDS)) - 1]
                self.restart_at[name] = now + delay
                say(
                    f"{name} stopped unexpectedly (exit code {code}); restarting it in {delay:.0f} s. "
                    f"See {self.var}/log/{name}.log"
                )
            elif now >= self.restart_at[name]:
                del self.restart_at[name]
                try:
                    self._restart(name)
                except (OSError, TimeoutError) as error:
                    say(f"{name} could not be started again: {error}")
                    continue  # its process is still the stopped one: counted as another stop next round
                say(f"{name} restarted")
        return None

    def stop(self) -> None:
        for process in [*self.one_offs, *self.processes.values()]:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 20
        for process in [*self.one_offs, *self.processes.values()]:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        self.processes.clear()
        self.one_offs.clear()
        for server in (self.seaweed, self.smtp, self.whatsapp, self.clamd):
            if server is not None:
                server.stop()
        self.seaweed = self.smtp = self.whatsapp = self.clamd = None


class ChildExited(Exception):
    """A long-running child stopped while the system was starting."""


def main() -> int:
    run = DevRun()
    stopping = False

    def on_signal(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        run.start(seed=os.environ.get("DEVRUN_SEED", "1") != "0")
        while not stopping:
            fatal = run.supervise()
            if fatal:
                say(fatal)
                say("Stopping everything.")
                return 1
            time.sleep(0.5)
        return 0
    finally:
        say("Stopping...")
        run.stop()
        say("Stopped.")


if __name__ == "__main__":
    raise SystemExit(main())
