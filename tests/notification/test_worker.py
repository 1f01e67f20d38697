"""The notification worker as `make run` and production start it (`python -m services.notification
worker`), riding out a broker outage: Redis killed for ten seconds, then back."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.notification.deps import NotificationRuntime
from shared.config import CommonSettings
from shared.devtools.netutil import wait_until
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from shared.devtools.testing import RedisServer
from tests.notification.helpers import WA_TOKEN, notify_message, person, purge_queues, send_on_bus

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture
def notification_common(common_settings: CommonSettings, broker: RedisServer) -> CommonSettings:
    return common_settings.model_copy(update={"redis_url": broker.url, "broker_url": None})


@pytest.fixture
def worker_process(
    runtime: NotificationRuntime,
    broker: RedisServer,
    smtp_sink: SmtpSink,
    whatsapp: WhatsAppSandbox,
    tmp_path: Path,
) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """A real worker process on the test's Redis and database."""
    purge_queues(runtime)
    common = runtime.settings.common
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NOTIFICATION_", "SMTP_", "WHATSAPP_", "REDIS_", "BROKER_", "SESSION_"))
    }
    env.update(
        ENVIRONMENT="test",
        REDIS_URL=broker.url,
        KEYS_DIR=str(common.keys_dir),
        CELERY_VISIBILITY_TIMEOUT="60",
        NOTIFICATION_DATABASE_URL=runtime.settings.database_url,
        NOTIFICATION_RETRY_BACKOFF_MAX_SECONDS="1",
        NOTIFICATION_QUIET_START="00:00",
        NOTIFICATION_QUIET_END="00:00",
        NOTIFICATION_WHATSAPP_SAME_NUMBER_SECONDS="0",
        SMTP_HOST=smtp_sink.host,
        SMTP_PORT=str(smtp_sink.port),
        SMTP_SECURITY="none",
        WHATSAPP_BASE_URL=whatsapp.base_url,
        WHATSAPP_TOKEN=WA_TOKEN,
        WHATSAPP_PHONE_NUMBER_ID="1234567890",
        WORKER_CONCURRENCY="1",
    )
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.notification", "worker"],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: b"ready." in log_path.read_bytes(), timeout=60, what="the worker to be ready")
        yield process, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


class TestBrokerOutage:
    def test_the_worker_survives_redis_killed_for_ten_seconds_and_works_afterwards(
        self,
        runtime: NotificationRuntime,
        broker: RedisServer,
        worker_process: tuple[subprocess.Popen[bytes], Path],
        smtp_sink: SmtpSink,
    ) -> None:
        process, log_path = worker_process
        send_on_bus(runtime, notify_message(person(email="sebelum@dinkes.kukar.demo", opt_in=False)))
        wait_until(lambda: len(smtp_sink.messages) == 1, timeout=30, what="the email before the outage")

        assert broker.process is not None
        broker.process.kill()  # SIGKILL: no goodbye to the worker's connections
        broker.process.wait(timeout=10)
        started = time.monotonic()
        time.sleep(10)
        assert process.poll() is None, "the worker exited during the outage:\n" + log_path.read_text()
        broker.start()  # the same port, empty, as after a crash without persistence

        send_on_bus(runtime, notify_message(person(email="sesudah@dinkes.kukar.demo", opt_in=False)))
        wait_until(
            lambda: len(smtp_sink.messages) == 2,
            timeout=45,
            what="the email after the outage:\n" + log_path.read_text()[-3000:],
        )
        assert smtp_sink.messages[1].rcpt_tos == ("sesudah@dinkes.kukar.demo",)
        assert process.poll() is None
        assert time.monotonic() - started < 60
