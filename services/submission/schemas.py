"""API models of the submission service."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.submission.models import InnovationStatus, Jenis, Tahapan


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105
    expires_in: int


class InnovationCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    nama: str = Field(min_length=3, max_length=300, description="Nama inovasi")
    tahapan: Tahapan
    jenis: Jenis

    @field_validator("nama")
    @classmethod
    def _collapse_spaces(cls, value: str) -> str:
        return " ".join(value.split())


class EvidenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    indicator_no: int
    filename: str
    content_type: str
    size: int
    sha256: str
    object_key: str
    nomor_surat: str | None
    tanggal_surat: date | None
    tentang: str | None
    created_at: datetime


class InnovationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    pemda_id: uuid.UUID
    period_id: uuid.UUID
    opd_id: uuid.UUID
    nama: str
    tahapan: Tahapan
    jenis: Jenis
    status: InnovationStatus
    version: int
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    review_note: str | None
    evidence: list[EvidenceRead]
