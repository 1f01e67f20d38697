"""Real servers for the tests: PostgreSQL databases, Redis, SeaweedFS S3, an SMTP sink, a WhatsApp fake."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from shared.config import CHEAP_HASH_VARIABLE

# Before any service module is imported (and for the systems the e2e tests start): passwords hashed with
# argon2's cheapest parameters, so the suite's thousands of logins cost milliseconds, not CPU-seconds.
os.environ.setdefault(CHEAP_HASH_VARIABLE, "1")

from shared.config import CommonSettings, Environment, S3Settings
from shared.devtools.clamd import APT_HINT, ClamdServer, clamd_installed
from shared.devtools.netutil import free_port, wait_for_success
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from shared.devtools.seaweed import SeaweedServer
from shared.devtools.testing import create_pg_database, drop_pg_database, free_ports_with_grpc, pg_available
from shared.sessions import SessionStore, session_store
from shared.storage import EvidenceStore


# Under `pytest -n 2` each worker process gets its own pair of Redis databases (13/14, then 11/12).
# TEST_REDIS_PORT points a run at a Redis of its own (two checkouts tested side by side).
@pytest.fixture
def real_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in production: without the suite's cheap-hashing switch (production settings refuse it)."""
    monkeypatch.delenv(CHEAP_HASH_VARIABLE, raising=False)


WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
TEST_REDIS_PORT = int(os.environ.get("TEST_REDIS_PORT", "6379"))
TEST_REDIS_URL = f"redis://127.0.0.1:{TEST_REDIS_PORT}/{13 - 2 * WORKER}"
REVIEW_REDIS_URL = f"redis://127.0.0.1:{TEST_REDIS_PORT}/{14 - 2 * WORKER}"
S3_TEST_ACCESS = "test-access"
S3_TEST_SECRET = "test-secret-0123456789"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[Callable[[str], str]]:
    """Make fresh PostgreSQL databases (dropped at the end); returns their SQLAlchemy URLs."""
    if not pg_available():
        pytest.exit("PostgreSQL is needed at 127.0.0.1:5432 (trust auth); see README 'make test'", 2)
    made: list[str] = []

    def make(prefix: str) -> str:
        url = create_pg_database(f"gi_test_{prefix}")
        made.append(url)
        return url

    yield make
    for url in made:
        drop_pg_database(url)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A Redis database of the test run's own on the machine's Redis, emptied first."""
    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError:
        pytest.exit(f"Redis is needed at 127.0.0.1:{TEST_REDIS_PORT}; see README 'make test'", 2)
    client.flushdb()
    return TEST_REDIS_URL


def clear_throttle(redis_url: str) -> None:
    """Forget every throttle counter (tests log in from the same address with the same emails)."""
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=3)
    keys = [*client.scan_iter("gi:throttle*")]
    if keys:
        client.delete(*keys)


@pytest.fixture(scope="session")
def sessions(redis_url: str) -> SessionStore:
    """The session records every service of the test run reads (the test run's Redis)."""
    return session_store(redis_url)


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedServer]:
    """A real SeaweedFS S3 server on free loopback ports, with the evidence bucket created."""
    s3_port, master, volume, filer = free_ports_with_grpc(4)
    server = SeaweedServer(
        tmp_path_factory.mktemp("seaweed"),
        s3_port=s3_port,
        master_port=master,
        volume_port=volume,
        filer_port=filer,
        access_key=S3_TEST_ACCESS,
        secret_key=S3_TEST_SECRET,
    ).start()
    wait_for_success(EvidenceStore(server.settings()).ensure_bucket, timeout=60, what="SeaweedFS bucket")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClamdServer]:
    """A real clamd on a free loopback port whose only signature is the EICAR test string's."""
    if not clamd_installed():
        pytest.fail(f"the malware tests need a real clamd: {APT_HINT}")
    server = ClamdServer(tmp_path_factory.mktemp("clamd"), port=free_port()).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_settings(seaweed: SeaweedServer) -> S3Settings:
    return seaweed.settings()


@pytest.fixture(scope="session")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="session")
def common_settings(
    redis_url: str, s3_settings: S3Settings, keys_dir: Path, clamd: ClamdServer
) -> CommonSettings:
    """Settings every service of the test run shares (broker, S3, token keys, the malware scanner)."""
    return CommonSettings(
        environment=Environment.test,
        redis_url=redis_url,
        session_store_url=redis_url,  # one session store for every service, as in production
        s3=s3_settings,
        keys_dir=keys_dir,
        outbox_relay_grace_seconds=0,
        celery_visibility_timeout=60,
        clamd_url=clamd.url,
        clamd_timeout_seconds=30,
    )


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def whatsapp() -> Iterator[WhatsAppSandbox]:
    fake = WhatsAppSandbox(token="test-wa-token").start()
    yield fake
    fake.stop()


HEAVY_FIRST = ("tests/e2e/", "test_openapi_fuzz.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long files (whole systems, fault suite, fuzzing) first: with `--dist loadfile` each starts at
    once beside the many short ones instead of running alone at the end of the run."""
    items.sort(key=lambda item: not any(part in item.nodeid for part in HEAVY_FIRST))
