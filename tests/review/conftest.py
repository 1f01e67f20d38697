"""A review runtime on a fresh PostgreSQL database, and tokens like the ones submission issues."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
import redis
from fastapi.testclient import TestClient

from services.review.config import ReviewSettings
from services.review.deps import ReviewRuntime, holder
from services.review.main import create_app
from shared.auth import Principal, Role, TokenIssuer, dev_key_pair
from shared.config import CommonSettings

# The review tests' own Redis database: the messages they publish (to the submission queue) never
# reach another module's worker, and the review worker here never eats another module's messages.
REVIEW_REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture(scope="session")
def review_common(common_settings: CommonSettings) -> CommonSettings:
    return common_settings.model_copy(update={"redis_url": REVIEW_REDIS_URL})


@pytest.fixture
def broker(review_common: CommonSettings) -> Iterator[redis.Redis]:
    """The (emptied) Redis database the review runtime publishes to."""
    client = redis.Redis.from_url(review_common.redis_url, socket_connect_timeout=3)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def runtime(
    pg_database: Callable[[str], str], review_common: CommonSettings, broker: redis.Redis
) -> Iterator[ReviewRuntime]:
    runtime = ReviewRuntime(ReviewSettings(database_url=pg_database("review"), common=review_common))
    runtime.migrate()
    holder.use(runtime)
    yield runtime
    holder.use(None)
    runtime.dispose()


@pytest.fixture
def client(runtime: ReviewRuntime) -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def issuer(common_settings: CommonSettings) -> TokenIssuer:
    """Signs like submission does (the development key pair both sides read)."""
    return TokenIssuer(
        dev_key_pair(common_settings.keys_dir)[0],
        issuer=common_settings.jwt_issuer,
        audience=common_settings.jwt_audience,
        ttl=timedelta(minutes=10),
    )


def principal(pemda_id: uuid.UUID | None, role: Role = Role.reviewer) -> Principal:
    return Principal(
        user_id=uuid.uuid4(), pemda_id=pemda_id, opd_id=None, role=role, name=f"Uji {role.value}"
    )


def bearer(issuer: TokenIssuer, pemda_id: uuid.UUID | None, role: Role = Role.reviewer) -> dict[str, str]:
    return {"Authorization": f"Bearer {issuer.issue(principal(pemda_id, role))}"}


@pytest.fixture
def pemda_id() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def reviewer_headers(issuer: TokenIssuer, pemda_id: uuid.UUID) -> dict[str, str]:
    return bearer(issuer, pemda_id)
