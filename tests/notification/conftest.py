"""The notification service on real servers: its own PostgreSQL database per test, a Redis of its own,
the SMTP sink and the WhatsApp fake, and a real Celery worker when a test asks for one."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import time
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from fastapi.testclient import TestClient

import services.notification.tasks  # noqa: F401 - registers the tasks on every Celery app made later
from services.notification.config import NotificationSettings, SmtpSettings, WhatsAppSettings
from services.notification.deps import NotificationRuntime, holder
from services.notification.main import create_app
from shared.auth import Principal, Role
from shared.config import CommonSettings
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from shared.devtools.testing import RedisServer
from tests.notification.helpers import PEMDA_ID, purge_queues, whatsapp_settings_for
from tests.tokens import issuer_for

RuntimeFactory = Callable[..., NotificationRuntime]
TokenFor = Callable[..., dict[str, str]]


@pytest.fixture(scope="session")
def notification_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A redis-server of these tests' own: no other test run takes our messages, nor we theirs."""
    server = RedisServer(tmp_path_factory.mktemp("notification-redis")).start()
    yield server.url
    server.stop()


@pytest.fixture
def notification_common(common_settings: CommonSettings, notification_redis: str) -> CommonSettings:
    return common_settings.model_copy(update={"redis_url": notification_redis, "broker_url": None})


@pytest.fixture
def make_runtime(
    pg_database: Callable[[str], str],
    notification_common: CommonSettings,
    smtp_sink: SmtpSink,
    whatsapp: WhatsAppSandbox,
) -> Iterator[RuntimeFactory]:
    """Build a migrated runtime on a fresh database, pointed at the sink and the fake, and install it."""
    made: list[NotificationRuntime] = []

    def make(
        *,
        smtp: SmtpSettings | None = None,
        whatsapp_settings: WhatsAppSettings | None = None,
        **overrides: Any,
    ) -> NotificationRuntime:
        settings = NotificationSettings(
            database_url=pg_database("notification"),
            common=notification_common,
            smtp=smtp or SmtpSettings(host=smtp_sink.host, port=smtp_sink.port, timeout_seconds=5),
            whatsapp=whatsapp_settings or whatsapp_settings_for(whatsapp),
            retry_backoff_max_seconds=overrides.pop("retry_backoff_max_seconds", 1),
            # No quiet hours and no per-number gap unless a test is about them: tests run at any hour.
            quiet_start=overrides.pop("quiet_start", time(0, 0)),
            quiet_end=overrides.pop("quiet_end", time(0, 0)),
            whatsapp_same_number_seconds=overrides.pop("whatsapp_same_number_seconds", 0),
            **overrides,
        )
        runtime = NotificationRuntime(settings)
        runtime.migrate()
        holder.use(runtime)
        made.append(runtime)
        return runtime

    yield make
    holder.use(None)
    for runtime in made:
        runtime.dispose()


@pytest.fixture
def runtime(make_runtime: RuntimeFactory) -> NotificationRuntime:
    return make_runtime()


@pytest.fixture
def start_worker_for(make_runtime: RuntimeFactory) -> Iterator[Callable[[NotificationRuntime], None]]:
    """Start a real Celery worker (solo pool, in a thread) on the runtime's broker; stopped at the end."""
    with ExitStack() as stack:

        def start(runtime: NotificationRuntime) -> None:
            purge_queues(runtime)
            stack.callback(purge_queues, runtime)  # runs after the worker stopped: no leftovers
            stack.enter_context(
                start_worker(
                    runtime.celery,
                    pool="solo",
                    perform_ping_check=False,
                    queues=["notification"],
                    shutdown_timeout=30,
                )
            )

        yield start


@pytest.fixture
def finished_tasks() -> Iterator[list[tuple[str, str]]]:
    """(task name, state) of every task run the worker finished, retries included."""
    finished: list[tuple[str, str]] = []

    def record(task: Any = None, state: str | None = None, **_: Any) -> None:
        finished.append((str(getattr(task, "name", "")), str(state)))

    task_postrun.connect(record, weak=False)
    yield finished
    task_postrun.disconnect(record)


@pytest.fixture
def client(runtime: NotificationRuntime) -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def auth(runtime: NotificationRuntime) -> TokenFor:
    """Authorization headers for a person of a role, signed with the key submission signs with."""
    common = runtime.settings.common
    issuer = issuer_for(common)

    def headers(
        role: Role = Role.admin,
        pemda_id: uuid.UUID | None = PEMDA_ID,
        user_id: uuid.UUID | None = None,
        name: str = "Admin BRIDA",
    ) -> dict[str, str]:
        principal = Principal(
            user_id=user_id or uuid.uuid4(), pemda_id=pemda_id, opd_id=None, role=role, name=name
        )
        return {"Authorization": f"Bearer {issuer.issue(principal)}"}

    return headers
