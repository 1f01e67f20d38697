"""Tables of the submission service: tenants, people, periods, innovations and their evidence."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.auth import Role
from shared.db import TYPE_ANNOTATION_MAP, IdMixin, TimestampMixin, service_metadata, utc_now
from shared.messaging.outbox import OutboxMixin, ProcessedMessageMixin


class Base(DeclarativeBase):
    metadata = service_metadata()
    type_annotation_map = TYPE_ANNOTATION_MAP


def _enum(cls: type[StrEnum]) -> Enum:
    return Enum(cls, native_enum=False, length=40, validate_strings=True)


class OutboxMessage(OutboxMixin, Base):
    __tablename__ = "outbox_message"


class ProcessedMessage(ProcessedMessageMixin, Base):
    __tablename__ = "processed_message"


class PemdaKind(StrEnum):
    kabupaten = "kabupaten"
    kota = "kota"
    provinsi = "provinsi"


class Pemda(IdMixin, TimestampMixin, Base):
    """A regional government: the tenant."""

    __tablename__ = "pemda"

    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PemdaKind] = mapped_column(_enum(PemdaKind))
    timezone: Mapped[str] = mapped_column(String(40))


class Opd(IdMixin, TimestampMixin, Base):
    """A regional agency that submits innovations."""

    __tablename__ = "opd"
    __table_args__ = (UniqueConstraint("pemda_id", "name"),)

    pemda_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pemda.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))


class UserAccount(IdMixin, TimestampMixin, Base):
    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role))
    pemda_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("pemda.id"), index=True)
    opd_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("opd.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    whatsapp: Mapped[str | None] = mapped_column(String(20))
    whatsapp_opt_in: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(2), default="id")
    is_active: Mapped[bool] = mapped_column(default=True)


class Period(IdMixin, TimestampMixin, Base):
    """A pemda's yearly call (Gelar Inovasi Daerah)."""

    __tablename__ = "period"
    __table_args__ = (UniqueConstraint("pemda_id", "year"),)

    pemda_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pemda.id"), index=True)
    year: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]


class Tahapan(StrEnum):
    inisiatif = "inisiatif"
    uji_coba = "uji_coba"
    penerapan = "penerapan"


class Jenis(StrEnum):
    digital = "digital"
    non_digital = "non_digital"


class InnovationStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    revision_requested = "revision_requested"
    accepted = "accepted"
    rejected = "rejected"


class Innovation(IdMixin, TimestampMixin, Base):
    __tablename__ = "innovation"

    pemda_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pemda.id"), index=True)
    period_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("period.id"), index=True)
    opd_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("opd.id"), index=True)
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    nama: Mapped[str] = mapped_column(String(300))
    tahapan: Mapped[Tahapan] = mapped_column(_enum(Tahapan))
    jenis: Mapped[Jenis] = mapped_column(_enum(Jenis))
    status: Mapped[InnovationStatus] = mapped_column(_enum(InnovationStatus), default=InnovationStatus.draft)
    version: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    review_note: Mapped[str | None] = mapped_column(Text)

    evidence: Mapped[list[EvidenceItem]] = relationship(
        back_populates="innovation", order_by="EvidenceItem.created_at", lazy="selectin"
    )


class EvidenceItem(IdMixin, Base):
    """One evidence file (data dukung) for one indicator, stored in S3 under its SHA-256."""

    __tablename__ = "evidence_item"
    __table_args__ = (UniqueConstraint("innovation_id", "indicator_no", "sha256"),)

    innovation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("innovation.id"), index=True)
    indicator_no: Mapped[int]
    object_key: Mapped[str] = mapped_column(String(400))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    nomor_surat: Mapped[str | None] = mapped_column(String(100))
    tanggal_surat: Mapped[date | None]
    tentang: Mapped[str | None] = mapped_column(String(500))
    uploaded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    innovation: Mapped[Innovation] = relationship(back_populates="evidence")
