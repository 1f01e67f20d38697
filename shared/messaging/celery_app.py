"""Celery configured for at-least-once delivery with one declared queue per service."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from celery import Celery
from celery.signals import task_postrun, task_prerun
from kombu import Exchange, Queue
from sqlalchemy.exc import OperationalError

from shared.config import VAR_DIR, CommonSettings
from shared.contracts import CONFIRM_SUFFIX, QUEUES
from shared.contracts.schedule import relay_task_name
from shared.errors import TransientError
from shared.logging import task_id_var

# What a consumer retries rather than drops: our own transient errors and a database that did not answer.
RETRYABLE: tuple[type[Exception], ...] = (TransientError, OperationalError)

# Retry policy for consumers: exponential backoff with jitter, capped well under the visibility timeout.
RETRY_POLICY: dict[str, Any] = {
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


def route_by_task_name(name: str, args: Any, kwargs: Any, options: Any, task: Any = None, **kw: Any) -> Any:
    """`review.open_case` goes to queue `review`; an unknown prefix names an undeclared queue and fails."""
    return {"queue": name.split(".", 1)[0]}


def transport_options(common: CommonSettings) -> dict[str, Any]:
    url = common.effective_broker_url
    if url.startswith("filesystem://"):
        folder = Path(url.removeprefix("filesystem://") or VAR_DIR / "broker")
        for sub in ("queue", "control", "processed"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        return {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "control_folder": str(folder / "control"),
            "processed_folder": str(folder / "processed"),
            "store_processed": False,
        }
    return {
        "visibility_timeout": common.celery_visibility_timeout,
        "socket_timeout": 5,
        "socket_connect_timeout": 3,
        "retry_on_timeout": False,
        # A half-open connection (Redis killed, no RST) is noticed within seconds, not minutes.
        "health_check_interval": 10,
    }


def create_celery_app(name: str, common: CommonSettings, *, include: list[str] | None = None) -> Celery:
    """A Celery app whose default queue is `name`, knowing every service queue (and no others)."""
    url = common.effective_broker_url
    app = Celery(name, broker="filesystem://" if url.startswith("filesystem://") else url, include=include)
    options = transport_options(common)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        event_serializer="json",
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options=options,
        result_backend_transport_options=options,
        visibility_timeout=common.celery_visibility_timeout,
        task_ignore_result=True,
        task_store_errors_even_if_ignored=False,
        task_queues=[Queue(q, Exchange(q, type="direct"), routing_key=q) for q in QUEUES],
        task_default_queue=name,
        task_default_exchange=name,
        task_default_routing_key=name,
        task_create_missing_queues=False,
        task_routes=(route_by_task_name,),
        task_time_limit=common.celery_task_time_limit,
        task_soft_time_limit=max(common.celery_task_time_limit - 10, 1),
        # A broker outage is waited out, never a reason to exit: the consumer reconnects with a
        # growing pause (2, 4, 6 ... s), beat and publishers retry, however long Redis is away.
        broker_connection_retry=True,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        broker_channel_error_retry=True,
        broker_connection_timeout=3,
        # Late-acked tasks running when the connection drops finish; Redis hands them out again
        # after the visibility timeout if their ack could not be sent.
        worker_cancel_long_running_tasks_on_connection_loss=False,
        task_publish_retry=False,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        timezone="UTC",
        enable_utc=True,
    )
    return app


@task_prerun.connect
def _bind_task_id(task_id: str | None = None, **_: Any) -> None:
    task_id_var.set(task_id)


@task_postrun.connect
def _unbind_task_id(**_: Any) -> None:
    task_id_var.set(None)


def celery_sender(app: Celery) -> Callable[[str, dict[str, Any], uuid.UUID], None]:
    """Publish by task name; the message id doubles as the Celery task id."""

    def send(task_name: str, payload: dict[str, Any], message_id: uuid.UUID) -> None:
        app.send_task(task_name, args=[payload], task_id=str(message_id), retry=False)

    return send


def register_relay_task(app: Celery, relay: Callable[[], int]) -> None:
    """`<service>.relay_outbox`: beat sends it every few seconds to publish what was left behind."""

    # shared=False: otherwise Celery hands this closure (bound to this runtime's outbox) to every
    # app created later in the process, and the first one registered wins.
    @app.task(name=relay_task_name(app.main), ignore_result=True, acks_late=False, shared=False)
    def relay_outbox() -> int:
        sent = relay()
        if sent:
            logging.getLogger(__name__).info("outbox.relay.sent", extra={"count": sent})
        return sent


def register_confirm_task(app: Celery, confirm: Callable[[list[uuid.UUID]], int]) -> None:
    """`<service>.confirm_messages`: a consumer says these messages of ours are done (see the outbox)."""

    @app.task(name=f"{app.main}{CONFIRM_SUFFIX}", ignore_result=True, shared=False)
    def confirm_messages(payload: dict[str, Any]) -> int:
        ids = [uuid.UUID(str(value)) for value in payload.get("message_ids", [])]
        return confirm(ids)
