"""Messages shaped like the ones submission sends, and a way to open cases from them."""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from services.review import cases, directory
from services.review.deps import ReviewRuntime
from services.review.models import ReviewCase
from shared.auth import Principal, Role, TokenIssuer
from shared.contracts.accounts import AccountSnapshot, SyncReviewerAccount
from shared.contracts.catalogue import (
    Catalogue,
    IndicatorDefinition,
    JumlahInovasiRule,
    Parameter,
    Predicate,
    SpdIndicatorDefinition,
)
from shared.contracts.review import (
    EvidenceRef,
    IndicatorAnswer,
    InnovationSnapshot,
    OpenReviewCase,
    PeriodSettings,
    SyncPeriod,
)
from shared.db import utc_now
from shared.storage import sha256_of

# The weights of the 20 indicators of the 2025/26 national catalogue (DOMAIN.md §3): total 37, max 111.
NATIONAL_BOBOT = (3, 2, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 2, 3, 2, 3, 2, 4)
PREDICATES_2023 = (
    Predicate(name="Sangat Inovatif", min_score=60.01),
    Predicate(name="Inovatif", min_score=35),
    Predicate(name="Kurang Inovatif", min_score=0.01),
    Predicate(name="Tidak Dapat Dinilai", min_score=0),
)


def _parameters(label: str) -> tuple[Parameter, ...]:
    return tuple(Parameter(value=v, text=f"{label} tingkat {v}") for v in (1, 2, 3))


def catalogue(
    bobot: Sequence[int] = NATIONAL_BOBOT, spd_bobot: Sequence[int] = (3, 2), code: str = "uji-2025"
) -> Catalogue:
    """A valid catalogue with these weights (indicators 1..n; SPD indicators spd-1..)."""
    return Catalogue(
        code=code,
        name="Katalog uji",
        total_bobot=sum(bobot),
        spd_total_bobot=sum(spd_bobot),
        indicators=tuple(
            IndicatorDefinition(
                no=n,
                name=f"Indikator {n}",
                bobot=b,
                wajib=n in (1, 2),
                parameters=_parameters(f"Indikator {n}"),
                evidence_kind="pdf",
                max_size_mb=20,
            )
            for n, b in enumerate(bobot, start=1)
        ),
        spd_indicators=tuple(
            SpdIndicatorDefinition(
                code=f"spd-{n}", name=f"SPD {n}", bobot=b, parameters=_parameters(f"SPD {n}")
            )
            for n, b in enumerate(spd_bobot, start=1)
        ),
    )


def period_message(
    *,
    pemda_id: uuid.UUID,
    period_id: uuid.UUID | None = None,
    cat: Catalogue | None = None,
    k: int = 10,
    reviewers_per_case: int = 2,
    review_due_days: int = 7,
    escalate_after_days: int = 3,
    jumlah_inovasi: JumlahInovasiRule | None = None,
    changed_at: datetime | None = None,
) -> SyncPeriod:
    now = utc_now()
    return SyncPeriod(
        period=PeriodSettings(
            period_id=period_id or uuid.uuid4(),
            pemda_id=pemda_id,
            pemda_name="Kabupaten Kutai Kartanegara",
            timezone="Asia/Makassar",
            year=2026,
            name="Gelar Inovasi 2026",
            opens_at=now - timedelta(days=30),
            closes_at=now + timedelta(days=30),
            k=k,
            predicates=PREDICATES_2023,
            jumlah_inovasi=jumlah_inovasi or JumlahInovasiRule(),
            reviewers_per_case=reviewers_per_case,
            review_due_days=review_due_days,
            escalate_after_days=escalate_after_days,
            catalogue=cat or catalogue(),
        ),
        changed_at=changed_at or now,
    )


def sync_period(runtime: ReviewRuntime, message: SyncPeriod) -> uuid.UUID:
    with runtime.db.unit_of_work() as uow:
        directory.sync_period(uow, message=message)
    return message.period.period_id


@dataclass(frozen=True)
class Person:
    """Someone in the directory, with the token submission would give them."""

    user_id: uuid.UUID
    pemda_id: uuid.UUID
    opd_id: uuid.UUID | None
    role: Role
    name: str

    def headers(self, issuer: TokenIssuer, **extra: str) -> dict[str, str]:
        principal = Principal(
            user_id=self.user_id, pemda_id=self.pemda_id, opd_id=self.opd_id, role=self.role, name=self.name
        )
        return {"Authorization": f"Bearer {issuer.issue(principal)}", **extra}


def account_message(
    person: Person, *, changed_at: datetime | None = None, **fields: Any
) -> SyncReviewerAccount:
    values: dict[str, Any] = {
        "user_id": person.user_id,
        "pemda_id": person.pemda_id,
        "opd_id": person.opd_id,
        "role": person.role.value,
        "name": person.name,
        "email": f"{person.name.split()[0].lower()}@kukar.test",
        "whatsapp": "+6281255550099",
        "whatsapp_opt_in": True,
        "timezone": "Asia/Makassar",
        "changed_at": changed_at or utc_now(),
        **fields,
    }
    return SyncReviewerAccount(account=AccountSnapshot(**values))


def add_person(
    runtime: ReviewRuntime,
    *,
    pemda_id: uuid.UUID,
    name: str,
    role: Role = Role.reviewer,
    opd_id: uuid.UUID | None = None,
) -> Person:
    """Put a person into the directory the way submission's sync message does."""
    person = Person(user_id=uuid.uuid4(), pemda_id=pemda_id, opd_id=opd_id, role=role, name=name)
    with runtime.db.unit_of_work() as uow:
        directory.sync_account(uow, message=account_message(person))
    return person


PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)


def evidence_ref(
    *,
    pemda_id: uuid.UUID,
    period_id: uuid.UUID,
    innovation_id: uuid.UUID,
    content: bytes = PDF,
    indicator_no: int = 1,
    filename: str = "sk-bupati.pdf",
) -> EvidenceRef:
    sha256 = sha256_of(content)
    return EvidenceRef(
        evidence_id=uuid.uuid4(),
        indicator_no=indicator_no,
        object_key=f"{pemda_id}/{period_id}/{innovation_id}/{indicator_no:02d}/{sha256}",
        sha256=sha256,
        size=len(content),
        content_type="application/pdf",
        filename=filename,
    )


def open_case_message(
    *,
    pemda_id: uuid.UUID,
    innovation_id: uuid.UUID | None = None,
    period_id: uuid.UUID | None = None,
    version: int = 1,
    evidence_count: int = 1,
    nama: str = "Sistem Antrean Puskesmas Daring",
    minutes_ago: int = 5,
    opd_id: uuid.UUID | None = None,
    claimed: dict[int, int] | None = None,
    profile: dict[str, Any] | None = None,
    reopened: tuple[int, ...] = (),
    tahapan: str = "penerapan",
    jenis: str = "digital",
    opd_name: str = "Dinas Kesehatan",
) -> OpenReviewCase:
    innovation_id = innovation_id or uuid.uuid4()
    period_id = period_id or uuid.uuid4()
    evidence = tuple(
        evidence_ref(
            pemda_id=pemda_id,
            period_id=period_id,
            innovation_id=innovation_id,
            content=PDF + f"% berkas {n}\n".encode(),
            indicator_no=n,
        )
        for n in range(1, evidence_count + 1)
    )
    return OpenReviewCase(
        innovation_id=innovation_id,
        version=version,
        pemda_id=pemda_id,
        opd_id=opd_id or uuid.uuid4(),
        period_id=period_id,
        submitted_at=utc_now() - timedelta(minutes=minutes_ago),
        snapshot=InnovationSnapshot(nama=nama, tahapan=tahapan, jenis=jenis),
        evidence=evidence,
        opd_name=opd_name,
        profile=profile or {"bentuk": "Inovasi pelayanan publik", "urusan_utama": "kesehatan"},
        answers=tuple(
            IndicatorAnswer(indicator_no=no, claimed_parameter=p) for no, p in sorted((claimed or {}).items())
        ),
        reopened_indicators=reopened,
    )


def redelivered(message: OpenReviewCase, *, new_id: bool = False) -> OpenReviewCase:
    """The same message again, or (new_id) a second message about the same version."""
    return OpenReviewCase.model_validate(
        {**message.to_payload(), **({"message_id": str(uuid.uuid4())} if new_id else {})}
    )


def open_case(runtime: ReviewRuntime, message: OpenReviewCase) -> uuid.UUID:
    """Deliver `message` as the task would (one committed unit of work); the case id."""
    with runtime.db.unit_of_work() as uow:
        return cases.open_case(uow, message=message).id


def store_evidence(runtime: ReviewRuntime, ref: EvidenceRef, content: bytes) -> None:
    """Put the file where submission would have stored it."""
    runtime.store.put(
        ref.object_key,
        io.BytesIO(content),
        length=len(content),
        content_type=ref.content_type,
        sha256=ref.sha256,
    )


def cases_of(runtime: ReviewRuntime, innovation_id: uuid.UUID) -> list[ReviewCase]:
    """The innovation's review cases, as stored."""
    with runtime.session_factory() as session:
        return list(session.scalars(select(ReviewCase).where(ReviewCase.innovation_id == innovation_id)))


def deliver(runtime: ReviewRuntime, handler: Any, message: Any) -> None:
    """Hand a message to its handler in one unit of work, as the task does."""
    with runtime.db.unit_of_work() as uow:
        handler(uow, message=message)


def error_of(response: Any, status: int, code: str) -> dict[str, Any]:
    """The error body of a refused request, after checking its status and code."""
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    return error


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """`error_of`, and the message is a sentence for people, not the bare key."""
    error = error_of(response, status, code)
    assert error["message"]
    assert error["message"] != code  # a sentence, not a key
    return error
