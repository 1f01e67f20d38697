"""Everything one service process holds: database, outbox, bus, object store, token checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Generic, TypeVar

from celery import Celery
from sqlalchemy.orm import Session, sessionmaker

from shared.auth import TokenVerifier, public_key_pem
from shared.config import Environment, ServiceSettings
from shared.db import create_db_engine, create_session_factory, migrate, ping
from shared.messaging.celery_app import (
    celery_sender,
    create_celery_app,
    register_confirm_task,
    register_relay_task,
)
from shared.messaging.outbox import Database, OutboxMixin, ProcessedMessageMixin, UnitOfWork
from shared.sessions import SessionStore, session_store
from shared.storage import EvidenceStore
from shared.web import ReadinessCheck


class Runtime:
    """Built once per process from the service's settings (tests build their own). A service's
    subclass names its outbox and inbox tables and its migrations folder."""

    outbox_model: type[OutboxMixin]
    inbox_model: type[ProcessedMessageMixin]
    migrations_dir: Path

    def __init__(self, settings: ServiceSettings):
        self.settings = settings
        self.name = settings.service_name
        outbox_model, inbox_model = self.outbox_model, self.inbox_model
        self.engine = create_db_engine(settings.database_url)
        self.session_factory: sessionmaker[Session] = create_session_factory(self.engine)
        self.celery: Celery = create_celery_app(
            self.name, settings.common, include=[f"services.{self.name}.tasks"]
        )
        self.db = Database(
            self.session_factory,
            outbox_model=outbox_model,
            inbox_model=inbox_model,
            send=celery_sender(self.celery),
            grace_seconds=settings.common.outbox_relay_grace_seconds,
            service=self.name,
            confirm_grace_seconds=settings.common.outbox_confirm_grace_seconds,
        )
        register_relay_task(self.celery, self.db.outbox.relay)
        register_confirm_task(self.celery, self.db.outbox.confirm)

    @cached_property
    def store(self) -> EvidenceStore:
        return EvidenceStore(self.settings.common.s3)

    @cached_property
    def verifier(self) -> TokenVerifier:
        common = self.settings.common
        key = public_key_pem(
            configured=common.jwt_public_key,
            keys_dir=common.keys_dir,
            production=common.environment is Environment.production,
        )
        return TokenVerifier(
            key, issuer=common.jwt_issuer, audience=common.jwt_audience, sessions=self.sessions
        )

    @cached_property
    def sessions(self) -> SessionStore:
        return session_store(self.settings.common.effective_session_url)

    def migrate(self) -> None:
        migrate(self.settings.database_url, self.migrations_dir)

    def ping_broker(self) -> None:
        with self.celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=3)

    def readiness(self) -> Sequence[ReadinessCheck]:
        return [
            ("database", lambda: ping(self.engine)),
            ("broker", self.ping_broker),
            ("sessions", self.sessions.ping),
            ("storage", self.store.ping),
        ]

    def dispose(self) -> None:
        self.engine.dispose()


R = TypeVar("R", bound=Runtime)


class RuntimeHolder(Generic[R]):
    """The process's runtime, built on first use; tests install their own with `use`."""

    def __init__(self, factory: Callable[[], R]):
        self._factory = factory
        self._runtime: R | None = None

    def get(self) -> R:
        if self._runtime is None:
            self._runtime = self._factory()
        return self._runtime

    def use(self, runtime: R | None) -> None:
        self._runtime = runtime

    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """A request dependency: one transaction, committed once when the handler returns."""
        with self.get().db.unit_of_work() as uow:
            yield uow
