"""A review runtime on a fresh PostgreSQL database, and tokens like the ones submission issues."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import redis
from fastapi.testclient import TestClient

from services.review.config import ReviewSettings
from services.review.deps import ReviewRuntime, holder
from services.review.main import create_app
from shared.auth import Principal, Role, TokenIssuer
from shared.config import CommonSettings
from tests.conftest import REVIEW_REDIS_URL
from tests.review.samples import (
    Person,
    add_person,
    catalogue,
    open_case,
    open_case_message,
    period_message,
    sync_period,
)
from tests.tokens import issuer_for

Response = httpx.Response


# The review tests' own Redis database (REVIEW_REDIS_URL): the messages they publish (to the submission
# queue) never reach another module's worker, and the review worker here never eats another's messages.
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
    return issuer_for(common_settings)


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


@dataclass(frozen=True)
class Scene:
    """A pemda with a synced period (small catalogue), two reviewers, an admin and an OPD's case."""

    runtime: ReviewRuntime
    client: TestClient
    issuer: TokenIssuer
    pemda_id: uuid.UUID
    period_id: uuid.UUID
    opd_id: uuid.UUID
    ani: Person
    budi: Person
    admin: Person

    def open(self, **overrides: Any) -> uuid.UUID:
        """Open a case of the scene's OPD: claimed 3/2/1/2 on indicators 1-4, evidence on each."""
        values: dict[str, Any] = {
            "pemda_id": self.pemda_id,
            "period_id": self.period_id,
            "opd_id": self.opd_id,
            "evidence_count": 4,
            "claimed": dict(CLAIMED),
            **overrides,
        }
        return open_case(self.runtime, open_case_message(**values))

    def verdicts(self, who: Person, case_id: uuid.UUID, marks: dict[int, tuple[str, int, str]]) -> Response:
        body = {
            "verdicts": [
                {"indicator_no": no, "verdict": v, "verified_parameter": p, "note": note}
                for no, (v, p, note) in sorted(marks.items())
            ]
        }
        response: Response = self.client.put(
            f"/api/v1/cases/{case_id}/verdicts", json=body, headers=who.headers(self.issuer)
        )
        return response

    def submit(self, who: Person, case_id: uuid.UUID) -> Response:
        response: Response = self.client.post(
            f"/api/v1/cases/{case_id}/verdicts/submit", headers=who.headers(self.issuer)
        )
        return response

    def assess(self, who: Person, case_id: uuid.UUID, marks: dict[int, tuple[str, int, str]]) -> None:
        """Record and submit a reviewer's verdicts, asserting both went through."""
        recorded = self.verdicts(who, case_id, marks)
        assert recorded.status_code == 200, recorded.text
        submitted = self.submit(who, case_id)
        assert submitted.status_code == 200, submitted.text

    def decide(self, who: Person, case_id: uuid.UUID, **body: Any) -> Response:
        response: Response = self.client.post(
            f"/api/v1/cases/{case_id}/decision", json=body, headers=who.headers(self.issuer)
        )
        return response

    def read(self, who: Person, case_id: uuid.UUID) -> dict[str, Any]:
        response = self.client.get(f"/api/v1/cases/{case_id}", headers=who.headers(self.issuer))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


# Weights of the scene's small catalogue: 3, 2, 1, 4 (total 10, max 30); the OPD claims 3, 2, 1, 2 = 22.
SCENE_BOBOT = (3, 2, 1, 4)
CLAIMED = {1: 3, 2: 2, 3: 1, 4: 2}
ALL_SESUAI = {1: ("sesuai", 3, ""), 2: ("sesuai", 2, ""), 3: ("sesuai", 1, ""), 4: ("sesuai", 2, "")}


@pytest.fixture
def scene(runtime: ReviewRuntime, client: TestClient, issuer: TokenIssuer, pemda_id: uuid.UUID) -> Scene:
    period_id = sync_period(runtime, period_message(pemda_id=pemda_id, cat=catalogue(SCENE_BOBOT)))
    return Scene(
        runtime=runtime,
        client=client,
        issuer=issuer,
        pemda_id=pemda_id,
        period_id=period_id,
        opd_id=uuid.uuid4(),
        ani=add_person(runtime, pemda_id=pemda_id, name="Ani Verifikator", opd_id=uuid.uuid4()),
        budi=add_person(runtime, pemda_id=pemda_id, name="Budi Verifikator", opd_id=uuid.uuid4()),
        admin=add_person(runtime, pemda_id=pemda_id, name="Admin BRIDA", role=Role.admin),
    )


TOP = {no: ("sesuai", 3, "") for no in (1, 2, 3, 4)}
PENDIDIKAN = {"urusan_utama": "pendidikan", "bentuk": "Inovasi tata kelola pemerintahan daerah"}
DAY = 24 * 60


@pytest.fixture
def season(scene: Scene) -> dict[str, uuid.UUID]:
    """A: accepted 22 (kesehatan, penerapan, sent 14 days ago); B: accepted 30 (pendidikan, uji coba,
    non digital, another OPD, sent 7 days ago); C: rejected (kesehatan, sent now); D: in review, only
    Ani's verdict on indicator 1, so verified 9 (kesehatan, sent now)."""
    a = scene.open(nama="Antrean Puskesmas", minutes_ago=14 * DAY + 5)
    b = scene.open(
        nama="Rapor Digital Sekolah",
        opd_id=uuid.uuid4(),
        opd_name="Dinas Pendidikan",
        profile=PENDIDIKAN,
        jenis="non_digital",
        tahapan="uji_coba",
        claimed={1: 3, 2: 3, 3: 3, 4: 3},
        minutes_ago=7 * DAY + 5,
    )
    c = scene.open(nama="Inovasi Ganda")
    d = scene.open(nama="Posyandu Keliling")
    for case_id, marks in ((a, ALL_SESUAI), (b, TOP), (c, ALL_SESUAI)):
        for reviewer in (scene.ani, scene.budi):
            scene.assess(reviewer, case_id, marks)
    assert scene.decide(scene.admin, a, decision="accepted").status_code == 200
    assert scene.decide(scene.admin, b, decision="accepted").status_code == 200
    assert scene.decide(scene.admin, c, decision="rejected", note="Judul ganda").status_code == 200
    assert scene.verdicts(scene.ani, d, {1: ("sesuai", 3, "")}).status_code == 200
    return {"A": a, "B": b, "C": c, "D": d}


def get(scene: Scene, path: str, **params: Any) -> Any:
    """GET as the scene's admin, asserting it succeeded; the JSON body."""
    response = scene.client.get(path, params=params, headers=scene.admin.headers(scene.issuer))
    assert response.status_code == 200, response.text
    return response.json()


def reviewers_of(scene: Scene, case_id: uuid.UUID) -> list[str]:
    """The names of the case's reviewers, as the admin reads the case."""
    return sorted(a["reviewer_name"] for a in scene.read(scene.admin, case_id)["assignments"])
