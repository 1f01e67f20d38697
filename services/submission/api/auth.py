"""Log in: exchange an email and password for a signed access token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from services.submission import service
from services.submission.deps import CurrentUser, RuntimeDep, UnitOfWorkDep
from services.submission.schemas import TokenRead
from shared.auth import Principal

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenRead)
def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], uow: UnitOfWorkDep, runtime: RuntimeDep
) -> TokenRead:
    """Log in with email (as `username`) and password; the token works on all three services."""
    user = service.authenticate(uow.session, email=form.username, password=form.password)
    issuer = runtime.issuer
    token = issuer.issue(service.principal_of(user))
    return TokenRead(access_token=token, expires_in=int(issuer.ttl.total_seconds()))


@router.get("/me", response_model=Principal)
def read_me(principal: CurrentUser) -> Principal:
    """Who the token says you are."""
    return principal
