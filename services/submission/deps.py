"""The submission runtime and the request dependencies built on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from services.submission.accounts import AccountPolicy, set_password_with_token
from services.submission.config import SubmissionSettings
from services.submission.models import OutboxMessage, ProcessedMessage, UserAccount
from services.submission.throttling import LoginGuard, ThrottlePolicy
from shared.auth import Principal, TokenIssuer, dev_key_pair
from shared.config import Environment
from shared.malware import Scanner, scanner_for
from shared.messaging.outbox import UnitOfWork
from shared.runtime import Runtime, RuntimeHolder
from shared.sessions import SessionStore
from shared.throttle import address_of, throttle_of
from shared.web import principal_dependency

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class SubmissionRuntime(Runtime):
    settings: SubmissionSettings
    outbox_model, inbox_model, migrations_dir = OutboxMessage, ProcessedMessage, MIGRATIONS_DIR

    def __init__(self, settings: SubmissionSettings):
        super().__init__(settings)
        self.settings = settings
        self._issuer: TokenIssuer | None = None

    @property
    def issuer(self) -> TokenIssuer:
        if self._issuer is None:
            common = self.settings.common
            if self.settings.jwt_private_key is not None:
                private = self.settings.jwt_private_key.get_secret_value()
            elif common.environment is Environment.production:
                raise RuntimeError("SUBMISSION_JWT_PRIVATE_KEY must be set in production")
            else:
                private = dev_key_pair(common.keys_dir)[0]
            self._issuer = TokenIssuer(
                private,
                issuer=common.jwt_issuer,
                audience=common.jwt_audience,
                ttl=timedelta(minutes=self.settings.token_ttl_minutes),
                sessions=self.sessions,
            )
        return self._issuer

    @property
    def scanner(self) -> Scanner | None:
        """The malware scanner every stored file goes through (None: scanning off, never in production)."""
        common = self.settings.common
        return scanner_for(common.clamd_url, timeout=common.clamd_timeout_seconds)

    @cached_property
    def guard(self) -> LoginGuard:
        """Login, reset and link throttling, its counters beside the sessions (shared by replicas)."""
        settings = self.settings
        policy = ThrottlePolicy(
            login_failures=settings.login_max_failures,
            login_address_failures=settings.login_address_failures,
            lock_minutes=settings.login_lock_minutes,
        )
        return LoginGuard(throttle_of(settings.common.effective_session_url), policy)


holder: RuntimeHolder[SubmissionRuntime] = RuntimeHolder(lambda: SubmissionRuntime(SubmissionSettings()))
get_runtime = holder.get


current_principal = principal_dependency(lambda: get_runtime().verifier)

RuntimeDep = Annotated[SubmissionRuntime, Depends(get_runtime)]
UnitOfWorkDep = Annotated[UnitOfWork, Depends(holder.unit_of_work, scope="function")]
CurrentUser = Annotated[Principal, Depends(current_principal)]


def get_sessions() -> SessionStore:
    return get_runtime().sessions


SessionsDep = Annotated[SessionStore, Depends(get_sessions)]


def account_policy(runtime: RuntimeDep) -> AccountPolicy:
    """Links, lifetimes and login limits from the settings."""
    settings = runtime.settings
    return AccountPolicy(
        public_url=settings.common.public_base_url.rstrip("/"),
        invite_days=settings.invite_days,
        reset_hours=settings.reset_hours,
    )


PolicyDep = Annotated[AccountPolicy, Depends(account_policy)]


def get_guard() -> LoginGuard:
    return get_runtime().guard


GuardDep = Annotated[LoginGuard, Depends(get_guard)]


@dataclass(frozen=True)
class PasswordLinks:
    """What using a one-time link (invitation or reset) needs: the request's transaction, the sessions to
    end, and the throttle of wrong links by the caller's address."""

    uow: UnitOfWork
    sessions: SessionStore
    guard: LoginGuard
    address: str

    def set_password(self, *, token: str, password: str, purpose: str) -> UserAccount:
        return set_password_with_token(
            self.uow,
            raw_token=token,
            password=password,
            purpose=purpose,
            sessions=self.sessions,
            guard=self.guard,
            address=self.address,
        )


def password_links(
    uow: UnitOfWorkDep, sessions: SessionsDep, guard: GuardDep, request: Request
) -> PasswordLinks:
    return PasswordLinks(uow, sessions, guard, address_of(request))


PasswordLinksDep = Annotated[PasswordLinks, Depends(password_links)]
