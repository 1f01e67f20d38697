"""Messages consumed by the review service."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts import Message
from shared.contracts.catalogue import Catalogue, JumlahInovasiRule, Predicate

# Every field of an innovation's profile (DOMAIN.md §2), in the order forms and exports show them;
# submission sends them in `OpenReviewCase.profile`.
PROFILE_FIELDS: tuple[str, ...] = (
    "nama",
    "tahapan",
    "inisiator",
    "nama_inisiator",
    "jenis",
    "bentuk",
    "tematik",
    "urusan_utama",
    "urusan_lain",
    "waktu_uji_coba",
    "waktu_penerapan",
    "pengembangan",
    "waktu_pengembangan",
    "rancang_bangun",
    "tujuan",
    "manfaat",
    "hasil",
)
# Added by the 2026 guidelines (Pedoman IGA 2026); optional, and absent from cases opened before them.
PROFILE_FIELDS_2026: tuple[str, ...] = (
    "klasifikasi",
    "asta_cita",
    "klaster_pkpn",
    "program_pkpn",
    "latitude",
    "longitude",
    "kontak_nama",
    "kontak_telepon",
    "kontak_email",
    "sumber_dana",
    "anggaran",
)
PROFILE_FIELDS = PROFILE_FIELDS + PROFILE_FIELDS_2026


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class EvidenceRef(_Part):
    """One evidence item as submitted: a file (where it is and what its bytes hash to) or a link."""

    evidence_id: UUID
    indicator_no: int
    object_key: str = ""
    sha256: str = ""
    size: int = 0
    content_type: str = ""
    filename: str = ""
    link_url: str | None = None
    nomor_surat: str | None = None
    tanggal_surat: date | None = None
    tentang: str | None = None
    flags: tuple[str, ...] = Field(default=(), description="e.g. pdf_javascript, duplicate_in_pemda")


class InnovationSnapshot(_Part):
    """The frozen profile of one submitted version (the short fields every case shows)."""

    nama: str
    tahapan: str
    jenis: str


class IndicatorAnswer(_Part):
    """The OPD's self-assessment of one indicator: the claimed parameter (0 = not answered)."""

    indicator_no: int
    claimed_parameter: int = Field(ge=0, le=3)
    kemanfaatan_basis: str | None = None


class CaseFlag(_Part):
    """Something submission noticed for the reviewers (a duplicate file, a PDF with scripts...)."""

    code: str
    indicator_no: int | None = None
    detail: str = ""


class OpenReviewCase(Message):
    """Submission -> review: a version was submitted; open its case (no-op if already open)."""

    task_name = "review.open_case"

    innovation_id: UUID
    version: int
    pemda_id: UUID
    opd_id: UUID
    period_id: UUID
    submitted_at: datetime
    snapshot: InnovationSnapshot
    evidence: tuple[EvidenceRef, ...]
    opd_name: str = ""
    profile: dict[str, Any] = Field(default_factory=dict, description="every profile field of DOMAIN.md §2")
    answers: tuple[IndicatorAnswer, ...] = ()
    flags: tuple[CaseFlag, ...] = ()
    reopened_indicators: tuple[int, ...] = Field(
        default=(),
        description="on a resubmission: the indicators the reviewers flagged (the rest is unchanged)",
    )


class WithdrawReviewCase(Message):
    """Submission -> review: the OPD withdrew this version before review started."""

    task_name = "review.withdraw_case"

    innovation_id: UUID
    version: int


class PeriodSettings(_Part):
    """What review needs of a period: its zone and deadlines, the catalogue and the index rules."""

    period_id: UUID
    pemda_id: UUID
    pemda_name: str
    timezone: str
    year: int
    name: str
    opens_at: datetime
    closes_at: datetime
    revision_days: int = 7
    k: int = Field(default=10, ge=1, description="the k of MAX(k, n) in the SID average")
    predicates: tuple[Predicate, ...]
    jumlah_inovasi: JumlahInovasiRule = Field(default_factory=JumlahInovasiRule)
    reviewers_per_case: int = Field(default=2, ge=1, le=5)
    review_due_days: int = Field(default=7, ge=1)
    escalate_after_days: int = Field(default=3, ge=0)
    catalogue: Catalogue


class SyncPeriod(Message):
    """Submission -> review: a period was created or changed (latest `changed_at` wins)."""

    task_name = "review.sync_period"

    period: PeriodSettings
    changed_at: datetime
