"""Debian's clamd as a child process on loopback, for the tests and `make run` (machines are offline).

With no signature database to download, it can run on a database written on the spot: one `.ndb`
signature for the EICAR test string, the marker every antivirus recognises and nothing else carries.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from shared.devtools.netutil import stop_process, wait_until
from shared.malware import Scanner

CLAMD = Path("/usr/sbin/clamd")
DEBIAN_DATABASE = Path("/var/lib/clamav")
APT_HINT = "clamd is not installed: apt-get install clamav-daemon"
# The standard 68-byte EICAR test file (split so this source file is not itself the marker).
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_SIGNATURE = "Eicar-Test-Signature"
# Big enough for the largest evidence file (a 200 MB video) with room to spare.
STREAM_MAX_MB = 256


def clamd_installed() -> bool:
    return CLAMD.exists()


def real_database(directory: Path = DEBIAN_DATABASE) -> bool:
    """Whether freshclam has put a real signature database there (main/daily/bytecode)."""
    return any(directory.glob("*.cvd")) or any(directory.glob("*.cld"))


def write_test_database(directory: Path) -> Path:
    """A signature directory holding only the EICAR test signature (clamd names it `...UNOFFICIAL`)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "eicar.ndb").write_text(f"{EICAR_SIGNATURE}:0:*:{EICAR.hex()}\n")
    return directory


class ClamdExited(RuntimeError):
    """clamd stopped while starting (a bad config or database: its log says why)."""


class ClamdServer:
    """One clamd in the foreground on a loopback TCP port, with its own config and database."""

    def __init__(self, work_dir: Path, *, port: int, database_dir: Path | None = None):
        # clamd wants absolute paths in its config (`make run` works under the relative `var/`).
        self.work_dir, self.port = work_dir.resolve(), port
        self.database_dir = (database_dir or write_test_database(self.work_dir / "signatures")).resolve()
        self.config = work_dir / "clamd.conf"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def write_config(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        lines = {
            "Foreground": "yes",
            "TCPSocket": str(self.port),
            "TCPAddr": "127.0.0.1",
            "DatabaseDirectory": str(self.database_dir),
            "LogFile": str(self.work_dir / "clamd.log"),
            "PidFile": str(self.work_dir / "clamd.pid"),
            "StreamMaxLength": f"{STREAM_MAX_MB}M",
            "MaxScanSize": f"{STREAM_MAX_MB}M",
            "MaxFileSize": f"{STREAM_MAX_MB}M",
            "ReadTimeout": "120",
            "CommandReadTimeout": "30",
        }
        self.config.write_text("".join(f"{key} {value}\n" for key, value in lines.items()))

    def start(self, *, timeout: float = 120) -> ClamdServer:
        if not clamd_installed():
            raise RuntimeError(APT_HINT)
        self.write_config()
        with (self.work_dir / "clamd.out").open("ab") as log:
            self.process = subprocess.Popen(
                [str(CLAMD), "--config-file", str(self.config)], stdout=log, stderr=subprocess.STDOUT
            )
        scanner = Scanner(self.url, timeout=5)

        def ready() -> bool:
            if self.process is not None and self.process.poll() is not None:
                raise ClamdExited(f"clamd exited; see {self.work_dir / 'clamd.log'}")
            return scanner.ping()

        wait_until(ready, timeout=timeout, what="clamd PING", fatal=(ClamdExited,))
        return self

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None
