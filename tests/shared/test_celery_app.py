"""The Celery app is configured for at-least-once delivery and refuses unknown queues."""

from __future__ import annotations

import pytest
from celery.exceptions import QueueNotFound

from shared.config import CommonSettings
from shared.messaging.celery_app import create_celery_app


class TestAtLeastOnce:
    def test_delivery_settings(self) -> None:
        conf = create_celery_app("review", CommonSettings(celery_visibility_timeout=900)).conf
        assert conf.task_acks_late is True
        assert conf.task_reject_on_worker_lost is True
        assert conf.worker_prefetch_multiplier == 1
        assert conf.accept_content == ["json"]
        assert conf.task_serializer == "json"
        assert conf.broker_transport_options["visibility_timeout"] == 900
        assert conf.result_backend_transport_options["visibility_timeout"] == 900
        assert conf.visibility_timeout == 900
        assert conf.task_time_limit < 900

    def test_a_broker_outage_is_waited_out_by_every_worker_and_beat(self) -> None:
        # Every worker and beat is made by this factory (see tests/notification/test_worker.py for
        # a real worker riding out a killed Redis).
        conf = create_celery_app("submission", CommonSettings()).conf
        assert conf.broker_connection_retry is True
        assert conf.broker_connection_retry_on_startup is True
        assert conf.broker_connection_max_retries is None, "never give up and exit"
        assert conf.broker_transport_options["health_check_interval"] == 10

    def test_one_declared_queue_per_service(self) -> None:
        conf = create_celery_app("review", CommonSettings()).conf
        assert sorted(q.name for q in conf.task_queues) == ["notification", "review", "submission"]
        assert conf.task_create_missing_queues is False


class TestRouting:
    def test_a_task_goes_to_the_queue_its_name_starts_with(self) -> None:
        app = create_celery_app("submission", CommonSettings())
        route = app.amqp.router.route({}, "review.open_case")
        assert route["queue"].name == "review"

    def test_an_unknown_queue_is_refused(self) -> None:
        app = create_celery_app("submission", CommonSettings())
        with pytest.raises(QueueNotFound):
            app.amqp.router.route({}, "billing.charge")


class TestFilesystemFallback:
    def test_the_filesystem_transport_keeps_messages_under_var(self, tmp_path: object) -> None:
        from pathlib import Path

        folder = Path(str(tmp_path)) / "broker"
        app = create_celery_app("review", CommonSettings(broker_url=f"filesystem://{folder}"))
        app.send_task("review.open_case", args=[{"x": 1}], task_id="abc")
        files = list((folder / "queue").iterdir())
        assert len(files) == 1
        assert files[0].name.endswith(".review.msg")


class TestBeat:
    def test_every_relay_and_periodic_task_is_scheduled_on_its_own_queue(self) -> None:
        from shared.messaging.beat import create_beat_app

        app = create_beat_app(CommonSettings())
        schedule = app.conf.beat_schedule
        assert {"submission.relay_outbox", "review.relay_outbox", "notification.relay_outbox"} <= set(
            schedule
        )
        assert "submission.send_deadline_reminders" in schedule
        for name in schedule:
            assert app.amqp.router.route({}, name)["queue"].name == name.split(".")[0]

    def test_beat_intervals_shorten_a_periodic_task_and_refuse_an_unknown_name(self) -> None:
        from shared.messaging.beat import create_beat_app

        app = create_beat_app(CommonSettings(beat_intervals={"submission.sweep_orphan_objects": 5}))
        assert app.conf.beat_schedule["submission.sweep_orphan_objects"]["schedule"] == 5
        assert app.conf.beat_schedule["submission.send_admin_digest"]["schedule"] == 900
        with pytest.raises(ValueError, match="does not run"):
            create_beat_app(CommonSettings(beat_intervals={"submission.sweep_orphans": 5}))
