"""A submission runtime on a fresh PostgreSQL database, a demo pemda and tokens for its people."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from services.submission import accounts, pemdas, periods
from services.submission.config import SubmissionSettings
from services.submission.deps import SubmissionRuntime, holder
from services.submission.main import create_app
from services.submission.models import Opd, Pemda, PemdaKind, Period, UserAccount
from shared.auth import Role
from shared.config import CommonSettings
from shared.db import utc_now
from shared.messaging.outbox import UnitOfWork
from tests.conftest import clear_throttle

PASSWORD = "kata-sandi-uji-1"


@pytest.fixture
def make_runtime(
    pg_database: Callable[[str], str], common_settings: CommonSettings
) -> Iterator[Callable[..., SubmissionRuntime]]:
    made: list[SubmissionRuntime] = []

    def make(max_upload_mb: int = 1, **common_overrides: object) -> SubmissionRuntime:
        common = common_settings.model_copy(update=common_overrides)
        clear_throttle(common.redis_url)
        runtime = SubmissionRuntime(
            SubmissionSettings(
                database_url=pg_database("submission"), common=common, max_upload_mb=max_upload_mb
            )
        )
        runtime.migrate()
        made.append(runtime)
        return runtime

    yield make
    holder.use(None)
    for runtime in made:
        runtime.dispose()


@pytest.fixture
def runtime(make_runtime: Callable[..., SubmissionRuntime]) -> SubmissionRuntime:
    runtime = make_runtime()
    holder.use(runtime)
    return runtime


@dataclass
class Tenant:
    pemda: Pemda
    opd: Opd
    other_opd: Opd
    operator: UserAccount
    head: UserAccount
    reviewer: UserAccount
    admin: UserAccount
    period: Period | None


def seed_tenant(runtime: SubmissionRuntime, slug: str = "kukar") -> Tenant:
    with runtime.db.unit_of_work() as uow:
        pemda = pemdas.create_pemda(
            uow.session,
            slug=slug,
            name=f"Kabupaten {slug.title()}",
            kind=PemdaKind.kabupaten,
            timezone="Asia/Makassar",
        )
        opd = accounts.create_opd(uow, pemda=pemda, name="Dinas Kesehatan", kind="dinas")
        other = accounts.create_opd(uow, pemda=pemda, name="Dinas Pendidikan", kind="dinas")

        def user(email: str, role: Role, opd_: Opd | None, phone: str | None = None) -> UserAccount:
            return add_user(uow, pemda, email=f"{email}@{slug}.test", role=role, opd=opd_, phone=phone)

        now = utc_now()
        return Tenant(
            pemda=pemda,
            opd=opd,
            other_opd=other,
            operator=user("operator", Role.opd_operator, opd, "0812-3456-7001"),
            head=user("kepala", Role.opd_head, opd),
            reviewer=user("reviewer", Role.reviewer, None),
            admin=user("admin", Role.admin, None),
            period=periods.create_period(
                uow,
                pemda=pemda,
                data=periods.PeriodInput(
                    year=now.year, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30)
                ),
            ),
        )


def add_user(
    uow: UnitOfWork, pemda: Pemda, *, email: str, role: Role, opd: Opd | None, phone: str | None = None
) -> UserAccount:
    return accounts.create_user(
        uow,
        email=email,
        name=email.split("@")[0].title(),
        role=role,
        password=PASSWORD,
        pemda=pemda,
        opd=opd,
        whatsapp=phone,
        whatsapp_opt_in=phone is not None,
    )


def add_operator(runtime: SubmissionRuntime, tenant: Tenant, email: str, opd: Opd) -> None:
    """Another OPD operator of the tenant's pemda."""
    with runtime.db.unit_of_work() as uow:
        pemda = uow.session.get(Pemda, tenant.pemda.id)
        assert pemda is not None
        add_user(uow, pemda, email=email, role=Role.opd_operator, opd=opd)


@pytest.fixture
def tenant(runtime: SubmissionRuntime) -> Tenant:
    return seed_tenant(runtime)


@pytest.fixture
def client(runtime: SubmissionRuntime) -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


def login(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def operator_headers(client: TestClient, tenant: Tenant) -> dict[str, str]:
    return login(client, tenant.operator.email)
