"""Log in, refresh, log out (here or everywhere), list sessions, accept an invitation, reset a password."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from services.submission import accounts, principals, repository
from services.submission.deps import (
    CurrentUser,
    GuardDep,
    PasswordLinksDep,
    PolicyDep,
    RuntimeDep,
    SessionsDep,
    SubmissionRuntime,
    UnitOfWorkDep,
)
from services.submission.models import UserAccount
from services.submission.schemas import TokenRead
from shared.auth import Principal
from shared.errors import Unauthorized
from shared.sessions import SessionKind
from shared.throttle import address_of

router = APIRouter(prefix="/auth", tags=["auth"])


class PasswordWithToken(BaseModel):
    token: str = Field(min_length=10, max_length=200)
    password: str = Field(min_length=1, max_length=200)


class ResetRequest(BaseModel):
    email: str = Field(min_length=3, max_length=254)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=200)


class SessionRead(BaseModel):
    session_id: str
    kind: SessionKind
    created: datetime
    seen: datetime
    agent: str
    address: str
    current: bool


def _tokens(runtime: SubmissionRuntime, user: UserAccount, session_id: str) -> TokenRead:
    """An access token for the session and the refresh token that replaces it when it expires."""
    issuer = runtime.issuer
    principal = principals.principal_of(user).model_copy(update={"session_id": session_id})
    return TokenRead(
        access_token=issuer.issue(principal),
        expires_in=int(issuer.ttl.total_seconds()),
        refresh_token=runtime.sessions.new_refresh_token(session_id),
    )


@router.post("/token", response_model=TokenRead)
def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    uow: UnitOfWorkDep,
    runtime: RuntimeDep,
    guard: GuardDep,
    request: Request,
) -> TokenRead:
    """Log in with email (as `username`) and password. Failures count per account and address: after a
    few the account is blocked from that address for a while (429 with `Retry-After`), and an address
    failing on many accounts is too. The access token lives minutes; the refresh token trades for a new
    pair until the session ends."""
    email, address = form.username.strip(), address_of(request)
    user = accounts.log_in(uow, runtime.db, guard, email=email, password=form.password, address=address)
    session_id = runtime.sessions.start(
        user.id,
        kind=SessionKind.api,
        lifetime=timedelta(hours=runtime.settings.api_session_hours),
        agent=request.headers.get("user-agent", ""),
        address=address,
    )
    return _tokens(runtime, user, session_id)


@router.post("/refresh", response_model=TokenRead)
def refresh(data: RefreshRequest, uow: UnitOfWorkDep, runtime: RuntimeDep) -> TokenRead:
    """A new access token and refresh token for the session; a refresh token works once (a second use ends
    the session: someone else has a copy), and never for a deactivated account."""
    session_id, user_id = runtime.sessions.redeem_refresh_token(data.refresh_token)
    user = repository.get_user(uow.session, user_id)
    if user is None or not user.is_active:
        runtime.sessions.end(session_id)
        raise Unauthorized("auth.session_ended")
    return _tokens(runtime, user, session_id)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(principal: CurrentUser, sessions: SessionsDep) -> None:
    """End this session: its tokens stop working in every service."""
    sessions.end(str(principal.session_id))


@router.post("/logout-everywhere", status_code=status.HTTP_204_NO_CONTENT)
def logout_everywhere(principal: CurrentUser, sessions: SessionsDep) -> None:
    """End every session of yours, this one too (a lost phone, a shared computer)."""
    sessions.end_all(principal.user_id)


@router.get("/sessions", response_model=list[SessionRead])
def list_sessions(principal: CurrentUser, sessions: SessionsDep) -> list[SessionRead]:
    """Your active sessions, newest first."""
    return [
        SessionRead(
            session_id=info.session_id,
            kind=info.kind,
            created=info.created,
            seen=info.seen,
            agent=info.agent,
            address=info.address,
            current=info.session_id == principal.session_id,
        )
        for info in sessions.active(principal.user_id)
    ]


@router.get("/me", response_model=Principal)
def read_me(principal: CurrentUser) -> Principal:
    """Who the token says you are."""
    return principal


@router.post("/invitations/accept", status_code=status.HTTP_204_NO_CONTENT)
def accept_invitation(data: PasswordWithToken, links: PasswordLinksDep) -> None:
    """Set the password with the one-time link of an invitation (wrong links are throttled per address)."""
    links.set_password(token=data.token, password=data.password, purpose="invite")


@router.post("/password-reset", status_code=status.HTTP_202_ACCEPTED)
def request_password_reset(
    data: ResetRequest, uow: UnitOfWorkDep, policy: PolicyDep, guard: GuardDep, request: Request
) -> dict[str, str]:
    """Send a reset link to the account's email/WhatsApp (the answer is the same for unknown emails, and
    once an account has had its links for the hour). Too many requests from one address: 429."""
    accounts.request_password_reset(
        uow, email=data.email, policy=policy, guard=guard, address=address_of(request)
    )
    return {"status": "accepted"}


@router.post("/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
def confirm_password_reset(data: PasswordWithToken, links: PasswordLinksDep) -> None:
    """Set a new password with the one-time reset link (every session of the old password ends)."""
    links.set_password(token=data.token, password=data.password, purpose="reset")
