"""The one beat process of the whole system: periodic work, sent by task name."""

from __future__ import annotations

from celery import Celery

from shared.config import VAR_DIR, CommonSettings
from shared.contracts.schedule import PERIODIC_TASKS, RELAY_TASKS
from shared.logging import configure_logging
from shared.messaging.celery_app import create_celery_app

RELAY_EVERY_SECONDS = 5.0


def create_beat_app(common: CommonSettings | None = None) -> Celery:
    common = common or CommonSettings()
    app = create_celery_app("beat", common)
    app.conf.task_default_queue = "submission"
    every = {name: RELAY_EVERY_SECONDS for name in RELAY_TASKS} | PERIODIC_TASKS
    unknown = set(common.beat_intervals) - set(every)
    if unknown:
        raise ValueError(f"BEAT_INTERVALS names tasks the beat does not run: {sorted(unknown)}")
    every |= {name: max(1.0, seconds) for name, seconds in common.beat_intervals.items()}
    # A run that could not be delivered in time is dropped: the next one does the same work.
    app.conf.beat_schedule = {
        name: {"task": name, "schedule": seconds, "options": {"expires": seconds * 2}}
        for name, seconds in every.items()
    }
    VAR_DIR.mkdir(exist_ok=True)
    app.conf.beat_schedule_filename = str(VAR_DIR / "beat-schedule")
    return app


def main() -> None:
    common = CommonSettings()
    configure_logging("beat", common.log_level)
    create_beat_app(common).start(["beat", "--loglevel", common.log_level])


if __name__ == "__main__":
    main()
