"""Helpers for tests on real servers: PostgreSQL databases, a killable Redis, free port sets."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

from shared.devtools.netutil import free_port, port_open, stop_process, wait_until
from shared.devtools.seaweed import GRPC_OFFSET

PG_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def pg_available(dsn: str = PG_ADMIN_DSN) -> bool:
    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def create_pg_database(prefix: str, dsn: str = PG_ADMIN_DSN) -> str:
    """A new empty database; returns its SQLAlchemy URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    user, host, port = params.get("user", "postgres"), params.get("host"), params.get("port")
    return f"postgresql+psycopg://{user}@{host}:{port}/{name}"


def drop_pg_database(url: str, dsn: str = PG_ADMIN_DSN) -> None:
    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def free_ports_with_grpc(count: int) -> list[int]:
    """`count` free ports whose +10000 neighbours are free too (SeaweedFS's gRPC ports)."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if (
            port + GRPC_OFFSET < 65536
            and not port_open("127.0.0.1", port + GRPC_OFFSET)
            and port not in ports
        ):
            ports.append(port)
    return ports


class RedisServer:
    """A redis-server of the test's own, so a test can take the broker away and bring it back."""

    def __init__(self, workdir: Path, port: int | None = None):
        self.workdir, self.port = workdir, port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: port_open("127.0.0.1", self.port), timeout=20, what="redis-server")
        return self

    def stop(self) -> None:
        stop_process(self.process, grace=10)
        self.process = None
