"""Log in, accept an invitation, reset a password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from services.submission import accounts, principals
from services.submission.deps import CurrentUser, PolicyDep, RuntimeDep, UnitOfWorkDep
from services.submission.schemas import TokenRead
from shared.auth import Principal
from shared.errors import Unauthorized

router = APIRouter(prefix="/auth", tags=["auth"])


class PasswordWithToken(BaseModel):
    token: str = Field(min_length=10, max_length=200)
    password: str = Field(min_length=1, max_length=200)


class ResetRequest(BaseModel):
    email: str = Field(min_length=3, max_length=254)


@router.post("/token", response_model=TokenRead)
def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    uow: UnitOfWorkDep,
    runtime: RuntimeDep,
    policy: PolicyDep,
) -> TokenRead:
    """Log in with email (as `username`) and password; repeated failures lock the account a while (429)."""
    try:
        user = accounts.authenticate(uow.session, email=form.username, password=form.password, policy=policy)
    except Unauthorized:
        # The failure is counted in its own transaction: this request's is rolled back first (on SQLite
        # it holds the write lock) and the 401 leaves it that way.
        uow.session.rollback()
        with runtime.db.unit_of_work() as failure:
            accounts.record_failed_login(failure, email=form.username, policy=policy)
        raise
    issuer = runtime.issuer
    token = issuer.issue(principals.principal_of(user))
    return TokenRead(access_token=token, expires_in=int(issuer.ttl.total_seconds()))


@router.get("/me", response_model=Principal)
def read_me(principal: CurrentUser) -> Principal:
    """Who the token says you are."""
    return principal


@router.post("/invitations/accept", status_code=status.HTTP_204_NO_CONTENT)
def accept_invitation(data: PasswordWithToken, uow: UnitOfWorkDep) -> None:
    """Set the password with the one-time link of an invitation."""
    accounts.set_password_with_token(uow, raw_token=data.token, password=data.password, purpose="invite")


@router.post("/password-reset", status_code=status.HTTP_202_ACCEPTED)
def request_password_reset(data: ResetRequest, uow: UnitOfWorkDep, policy: PolicyDep) -> dict[str, str]:
    """Send a reset link to the account's email/WhatsApp (the answer is the same for unknown emails)."""
    accounts.request_password_reset(uow, email=data.email, policy=policy)
    return {"status": "accepted"}


@router.post("/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
def confirm_password_reset(data: PasswordWithToken, uow: UnitOfWorkDep) -> None:
    """Set a new password with the one-time reset link."""
    accounts.set_password_with_token(uow, raw_token=data.token, password=data.password, purpose="reset")
