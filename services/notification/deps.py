"""The notification runtime and the request dependencies built on it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Annotated

import redis
from fastapi import Depends

from services.notification.config import NotificationSettings
from services.notification.models import OutboxMessage, ProcessedMessage
from services.notification.notifying import QuietHours
from services.notification.providers import Providers, SmtpProvider, create_whatsapp_provider
from services.notification.ratelimit import Limiter, NoLimiter, RedisLimiter
from services.notification.sending import Pace
from shared.auth import Principal
from shared.db import ping
from shared.messaging.outbox import UnitOfWork
from shared.runtime import Runtime, RuntimeHolder
from shared.web import ReadinessCheck, principal_dependency

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class NotificationRuntime(Runtime):
    settings: NotificationSettings
    outbox_model, inbox_model, migrations_dir = OutboxMessage, ProcessedMessage, MIGRATIONS_DIR

    @cached_property
    def providers(self) -> Providers:
        return Providers(
            email=SmtpProvider(self.settings.smtp), whatsapp=create_whatsapp_provider(self.settings.whatsapp)
        )

    @cached_property
    def limiter(self) -> Limiter:
        url = self.settings.common.effective_broker_url
        if not url.startswith(("redis://", "rediss://")):
            return NoLimiter()  # the filesystem broker of `make run`: no Redis to count with
        return RedisLimiter(redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2))

    @property
    def pace(self) -> Pace:
        settings = self.settings
        return Pace(
            limiter=self.limiter,
            whatsapp_per_second=settings.whatsapp_per_second,
            whatsapp_same_number_seconds=settings.whatsapp_same_number_seconds,
            email_per_second=settings.email_per_second,
        )

    @property
    def quiet_hours(self) -> QuietHours:
        return QuietHours(start=self.settings.quiet_start, end=self.settings.quiet_end)

    def readiness(self) -> Sequence[ReadinessCheck]:
        # Notification keeps no files: S3 being down must not take it out of rotation.
        return [
            ("database", lambda: ping(self.engine)),
            ("broker", self.ping_broker),
            ("sessions", self.sessions.ping),
        ]

    def dispose(self) -> None:
        if "providers" in self.__dict__:
            self.providers.close()
        super().dispose()


holder: RuntimeHolder[NotificationRuntime] = RuntimeHolder(
    lambda: NotificationRuntime(NotificationSettings())
)
get_runtime = holder.get


current_principal = principal_dependency(lambda: get_runtime().verifier)

RuntimeDep = Annotated[NotificationRuntime, Depends(get_runtime)]
UnitOfWorkDep = Annotated[UnitOfWork, Depends(holder.unit_of_work, scope="function")]
CurrentUser = Annotated[Principal, Depends(current_principal)]
