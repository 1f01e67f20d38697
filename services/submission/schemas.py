"""API models of the submission service."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from services.submission.models import (
    Bentuk,
    Inisiator,
    InnovationStatus,
    Jenis,
    Klasifikasi,
    PemdaKind,
    ScanStatus,
    SumberDana,
    Tahapan,
)
from shared.contracts.catalogue import Bobot, JumlahInovasiRule, Points, Predicate
from shared.schemas import PlainName


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105
    expires_in: int
    refresh_token: str


def _collapse(value: str | None) -> str | None:
    return " ".join(value.split()) if value is not None else None


def _rupiah(value: object) -> object:
    """ "Rp 12.500.000" or "12.500.000" as typed on the form -> 12500000; anything else as it came."""
    if isinstance(value, str):
        text = value.strip().removeprefix("Rp").removeprefix("rp").replace(" ", "").replace(".", "")
        if text == "":
            return None
        if text.lstrip("-").isdigit():
            return int(text)
    return value


def _decimal_comma(value: object) -> object:
    """ "-0,5" as Indonesians type it -> "-0.5"; an empty string is nothing."""
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        return text or None
    return value


Rupiah = Annotated[int | None, BeforeValidator(_rupiah)]
Degrees = Annotated[float | None, BeforeValidator(_decimal_comma)]


class _Profile(BaseModel):
    """The optional fields of an innovation's profile (DOMAIN.md §2)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    inisiator: Inisiator | None = None
    nama_inisiator: str | None = Field(default=None, max_length=200)
    bentuk: Bentuk | None = None
    tematik: str | None = Field(default=None, max_length=100)
    urusan_utama: str | None = Field(default=None, max_length=100)
    urusan_lain: list[str] | None = Field(default=None, max_length=40)
    waktu_uji_coba: date | None = None
    waktu_penerapan: date | None = None
    pengembangan: bool | None = None
    waktu_pengembangan: date | None = None
    rancang_bangun: str | None = Field(default=None, max_length=100_000, description="at least 300 words")
    tujuan: str | None = Field(default=None, max_length=20_000)
    manfaat: str | None = Field(default=None, max_length=20_000)
    hasil: str | None = Field(default=None, max_length=20_000)
    # the 2026 fields; the rules that need words (bounds, phone, email, amount) are in profile_fields
    klasifikasi: Klasifikasi | None = None
    asta_cita: int | None = Field(default=None, description="1-8: the Asta Cita of the 2025-2029 vision")
    klaster_pkpn: str | None = Field(default=None, max_length=200, description="as typed (free text)")
    program_pkpn: str | None = Field(default=None, max_length=300, description="as typed (free text)")
    latitude: Degrees = Field(default=None, description="within Indonesia: -11.2 to 6.3")
    longitude: Degrees = Field(default=None, description="within Indonesia: 94.7 to 141.1")
    kontak_nama: str | None = Field(default=None, max_length=200)
    kontak_telepon: str | None = Field(default=None, max_length=40, description="stored as +62...")
    kontak_email: str | None = Field(default=None, max_length=254)
    sumber_dana: SumberDana | None = None
    anggaran: Rupiah = Field(default=None, description="rupiah, a whole number >= 0")


class InnovationCreate(_Profile):
    nama: PlainName = Field(min_length=3, max_length=300, description="Nama inovasi")
    tahapan: Tahapan
    jenis: Jenis

    @field_validator("nama")
    @classmethod
    def _collapse_spaces(cls, value: str) -> str:
        return " ".join(value.split())


class InnovationUpdate(_Profile):
    nama: PlainName | None = Field(default=None, min_length=3, max_length=300)
    tahapan: Tahapan | None = None
    jenis: Jenis | None = None

    @field_validator("nama")
    @classmethod
    def _collapse_spaces(cls, value: str | None) -> str | None:
        return _collapse(value)


class EvidenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    indicator_no: int
    slot: str | None
    filename: str
    link_url: str | None
    content_type: str
    size: int
    sha256: str
    object_key: str
    nomor_surat: str | None
    tanggal_surat: date | None
    tentang: str | None
    flags: list[str]
    scan_status: ScanStatus = Field(
        description="pending (being checked: not downloadable, the innovation cannot be sent), clean, "
        "infected or refused (the file was deleted; `notice` says why)"
    )
    scan_detail: str | None = Field(default=None, description="the malware signature or the PDF flag")
    notice: str | None = Field(
        default=None, description="what the OPD is told about a pending or refused file"
    )
    replaced_by_id: uuid.UUID | None
    removed_at: datetime | None
    frozen_in_version: int | None
    created_at: datetime


class LinkCreate(BaseModel):
    indicator_no: int = Field(ge=1)
    url: str = Field(min_length=8, max_length=1000)
    title: PlainName = Field(default="tautan", max_length=255)
    nomor_surat: str | None = Field(default=None, max_length=100)
    tanggal_surat: date | None = None
    tentang: str | None = Field(default=None, max_length=500)
    replaces: uuid.UUID | None = None


class AnswerWrite(BaseModel):
    parameter: int = Field(description="1, 2 or 3 as in the catalogue; anything else is refused with 422")
    kemanfaatan_basis: str | None = Field(default=None, description="indicator 18: a, b, c, d, e or f")


class AnswerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    indicator_no: int
    parameter: int
    kemanfaatan_basis: str | None


class WarningRead(BaseModel):
    code: str
    message: str
    similar_to: list[str] = []


class InnovationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    pemda_id: uuid.UUID
    period_id: uuid.UUID
    opd_id: uuid.UUID
    nama: str
    tahapan: Tahapan
    jenis: Jenis
    inisiator: Inisiator | None
    nama_inisiator: str | None
    bentuk: Bentuk | None
    tematik: str | None
    urusan_utama: str | None
    urusan_lain: list[str]
    waktu_uji_coba: date | None
    waktu_penerapan: date | None
    pengembangan: bool
    waktu_pengembangan: date | None
    rancang_bangun: str
    rancang_bangun_words: int = 0
    tujuan: str
    manfaat: str
    hasil: str
    klasifikasi: Klasifikasi | None = None
    asta_cita: int | None = None
    klaster_pkpn: str | None = None
    program_pkpn: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    kontak_nama: str | None = None
    kontak_telepon: str | None = None
    kontak_email: str | None = None
    sumber_dana: SumberDana | None = None
    anggaran: int | None = None
    status: InnovationStatus
    version: int
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    review_note: str | None
    head_note: str | None
    revision_deadline: datetime | None
    reopened_indicators: list[int]
    indicator_notes: list[dict[str, Any]]
    answers: list[AnswerRead]
    evidence: list[EvidenceRead] = Field(
        description="the current evidence (replaced and removed items left out)"
    )
    refused_evidence: list[EvidenceRead] = Field(
        default=[], description="files refused after upload (malware, an active PDF) not yet replaced"
    )
    warnings: list[WarningRead] = []


class IndicatorScoreRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    no: int
    name: str
    bobot: Bobot
    wajib: bool
    evidence_kind: str
    parameter: int
    kemanfaatan_basis: str | None
    score: Points
    evidence_count: int
    reopened: bool
    unsupported: bool = Field(description="a parameter claimed without any evidence")


class MissingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    message: str
    field: str | None
    indicator_no: int | None


class AssessmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    indicators: list[IndicatorScoreRead]
    total: Points
    supported_total: Points = Field(description="the total counting only indicators with evidence")
    unsupported_indicators: list[int]
    max_score: Points
    rancang_bangun_words: int
    complete: bool
    missing: list[MissingRead]


class HeadReturn(BaseModel):
    note: str = Field(min_length=3, max_length=2000)


class VersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    submitted_at: datetime


class PeriodCreate(BaseModel):
    year: int = Field(ge=2000, le=2100)
    name: str | None = Field(default=None, max_length=200)
    opens_at: datetime | None = Field(default=None, description="default: 1 January 00:00 local time")
    closes_at: datetime | None = Field(default=None, description="default: 1 January of the next year")
    catalogue_code: str = "iid-2025"
    revision_days: int = Field(default=7, ge=1, le=90)
    eligible_from: date | None = None
    eligible_to: date | None = None
    k: int | None = Field(default=None, ge=1, le=1000, description="default: the catalogue's year rule")
    predicates: list[Predicate] | None = None
    jumlah_inovasi: JumlahInovasiRule | None = None
    tematik_options: list[str] | None = None


class PeriodUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    catalogue_code: str | None = None
    revision_days: int | None = Field(default=None, ge=1, le=90)
    eligible_from: date | None = None
    eligible_to: date | None = None
    k: int | None = Field(default=None, ge=1, le=1000)
    predicates: list[Predicate] | None = None
    jumlah_inovasi: JumlahInovasiRule | None = None
    tematik_options: list[str] | None = None


class PeriodRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    pemda_id: uuid.UUID
    year: int
    name: str
    opens_at: datetime
    closes_at: datetime
    opens_at_local: str = ""
    closes_at_local: str = ""
    catalogue_code: str
    revision_days: int
    eligible_from: date | None
    eligible_to: date | None
    k: int
    predicates: list[dict[str, Any]]
    jumlah_inovasi: dict[str, Any]
    tematik_options: list[str]


class ExtensionWrite(BaseModel):
    closes_at: datetime
    reason: str = Field(default="", max_length=500)


class ExtensionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    period_id: uuid.UUID
    opd_id: uuid.UUID
    closes_at: datetime
    reason: str


class PemdaCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    slug: str = Field(min_length=2, max_length=60, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: PlainName = Field(min_length=2, max_length=200)
    kind: PemdaKind
    timezone: str = Field(description="Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)")


class PemdaUpdate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: PlainName = Field(min_length=2, max_length=200)


class PemdaRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    name: str
    kind: PemdaKind
    timezone: str
