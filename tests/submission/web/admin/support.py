"""What the admin page tests share: a browser logged in as the pemda admin, and reading back what the
pages wrote (messages in the outbox, periods, accounts)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.submission import principals
from services.submission.deps import SubmissionRuntime, holder
from services.submission.models import Period, UserAccount
from tests.pages import login_browser
from tests.submission.conftest import Tenant
from tests.submission.test_accounts import outbox


def browser_login(client: TestClient, user: UserAccount) -> None:
    """A browser session for `user` (the login form itself is tested with the session pages)."""
    runtime = holder.get()
    with runtime.session_factory() as session:
        account = session.get(UserAccount, user.id)
        assert account is not None
        login_browser(client, runtime.issuer.issue(principals.principal_of(account)))


def admin_browser(client: TestClient, tenant: Tenant) -> TestClient:
    """`client` logged in as the tenant's pemda admin."""
    browser_login(client, tenant.admin)
    return client


def notices(runtime: SubmissionRuntime, event_type: str) -> list[dict[str, Any]]:
    return [m for m in outbox(runtime, "notification.notify") if m["event_type"] == event_type]


def period_of(runtime: SubmissionRuntime, year: int, tenant: Tenant) -> Period | None:
    with runtime.session_factory() as session:
        return session.scalar(select(Period).where(Period.pemda_id == tenant.pemda.id, Period.year == year))


def user_by_email(runtime: SubmissionRuntime, email: str) -> UserAccount | None:
    with runtime.session_factory() as session:
        return session.scalar(select(UserAccount).where(UserAccount.email == email))
