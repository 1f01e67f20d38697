"""The notification runtime and the request dependencies built on it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Annotated

from fastapi import Depends

from services.notification.config import NotificationSettings
from services.notification.models import OutboxMessage, ProcessedMessage
from services.notification.providers import Providers, SmtpProvider, create_whatsapp_provider
from shared.auth import Principal
from shared.db import ping
from shared.messaging.outbox import UnitOfWork
from shared.runtime import Runtime, RuntimeHolder
from shared.web import ReadinessCheck, principal_dependency

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class NotificationRuntime(Runtime):
    settings: NotificationSettings

    def __init__(self, settings: NotificationSettings):
        super().__init__(
            settings, outbox_model=OutboxMessage, inbox_model=ProcessedMessage, migrations_dir=MIGRATIONS_DIR
        )
        self.settings = settings

    @cached_property
    def providers(self) -> Providers:
        return Providers(
            email=SmtpProvider(self.settings.smtp), whatsapp=create_whatsapp_provider(self.settings.whatsapp)
        )

    def readiness(self) -> Sequence[ReadinessCheck]:
        # Notification keeps no files: S3 being down must not take it out of rotation.
        return [("database", lambda: ping(self.engine)), ("broker", self.ping_broker)]

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
