"""Tables of the submission service: tenants, people, periods, innovations and their evidence."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.auth import Role
from shared.db import IdMixin, TimestampMixin, service_registry, string_enum, utc_now
from shared.messaging.outbox import OutboxMixin, ProcessedMessageMixin


class Base(DeclarativeBase):
    registry = service_registry()


class OutboxMessage(OutboxMixin, Base): ...


class ProcessedMessage(ProcessedMessageMixin, Base): ...


class PemdaKind(StrEnum):
    kabupaten = "kabupaten"
    kota = "kota"
    provinsi = "provinsi"


class ScanStatus(StrEnum):
    """Where a stored file stands with the malware scanner and the PDF inspector."""

    pending = "pending"  # stored, not yet scanned: nobody may open it, the dossier cannot be sent
    clean = "clean"
    infected = "infected"  # the scanner found malware: the object is deleted
    refused = "refused"  # a PDF with scripts or a launch action, or unreadable: the object is deleted


class Pemda(IdMixin, TimestampMixin, Base):
    """A regional government: the tenant."""

    __tablename__ = "pemda"

    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PemdaKind] = mapped_column(string_enum(PemdaKind))
    timezone: Mapped[str] = mapped_column(String(40))


class Opd(IdMixin, TimestampMixin, Base):
    """A regional agency that submits innovations."""

    __tablename__ = "opd"
    __table_args__ = (UniqueConstraint("pemda_id", "name"),)

    pemda_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pemda.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("opd.id"), default=None)


class UserAccount(IdMixin, TimestampMixin, Base):
    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(string_enum(Role))
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
    catalogue_code: Mapped[str] = mapped_column(String(60), default="iid-2025")
    catalogue: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    revision_days: Mapped[int] = mapped_column(default=7)
    eligible_from: Mapped[date | None] = mapped_column(default=None)
    eligible_to: Mapped[date | None] = mapped_column(default=None)
    k: Mapped[int] = mapped_column(default=14)
    predicates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    jumlah_inovasi: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    tematik_options: Mapped[list[str]] = mapped_column(JSON, default=list)


class PeriodExtension(IdMixin, TimestampMixin, Base):
    """A later close for one OPD in one period."""

    __tablename__ = "period_extension"
    __table_args__ = (UniqueConstraint("period_id", "opd_id"),)

    period_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("period.id"), index=True)
    opd_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("opd.id"))
    closes_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(500), default="")


class Tahapan(StrEnum):
    inisiatif = "inisiatif"
    uji_coba = "uji_coba"
    penerapan = "penerapan"


class Jenis(StrEnum):
    digital = "digital"
    non_digital = "non_digital"


class Inisiator(StrEnum):
    kepala_daerah = "kepala_daerah"
    anggota_dprd = "anggota_dprd"
    opd = "opd"
    asn = "asn"
    masyarakat = "masyarakat"


class Bentuk(StrEnum):
    tata_kelola = "tata_kelola"
    pelayanan_publik = "pelayanan_publik"
    lainnya = "lainnya"


class Klasifikasi(StrEnum):
    perangkat_daerah = "perangkat_daerah"
    desa = "desa"
    masyarakat = "masyarakat"


class SumberDana(StrEnum):
    apbd = "apbd"
    apbn = "apbn"
    apbdes = "apbdes"
    csr = "csr"
    swadaya = "swadaya"
    lainnya = "lainnya"


class InnovationStatus(StrEnum):
    draft = "draft"
    awaiting_head = "awaiting_head"
    submitted = "submitted"
    in_review = "in_review"
    revision_requested = "revision_requested"
    resubmitted = "resubmitted"
    accepted = "accepted"
    rejected = "rejected"
    withdrawn = "withdrawn"


class Innovation(IdMixin, TimestampMixin, Base):
    __tablename__ = "innovation"
    __table_args__ = (UniqueConstraint("period_id", "title_key"),)

    pemda_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pemda.id"), index=True)
    period_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("period.id"), index=True)
    opd_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("opd.id"), index=True)
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    nama: Mapped[str] = mapped_column(String(300))
    title_key: Mapped[str | None] = mapped_column(String(300), default=None)
    tahapan: Mapped[Tahapan] = mapped_column(string_enum(Tahapan))
    jenis: Mapped[Jenis] = mapped_column(string_enum(Jenis))
    inisiator: Mapped[Inisiator | None] = mapped_column(string_enum(Inisiator), default=None)
    nama_inisiator: Mapped[str | None] = mapped_column(String(200), default=None)
    bentuk: Mapped[Bentuk | None] = mapped_column(string_enum(Bentuk), default=None)
    tematik: Mapped[str | None] = mapped_column(String(100), default=None)
    urusan_utama: Mapped[str | None] = mapped_column(String(100), default=None)
    urusan_lain: Mapped[list[str]] = mapped_column(JSON, default=list)
    waktu_uji_coba: Mapped[date | None] = mapped_column(default=None)
    waktu_penerapan: Mapped[date | None] = mapped_column(default=None)
    pengembangan: Mapped[bool] = mapped_column(default=False)
    waktu_pengembangan: Mapped[date | None] = mapped_column(default=None)
    rancang_bangun: Mapped[str] = mapped_column(Text, default="")
    tujuan: Mapped[str] = mapped_column(Text, default="")
    manfaat: Mapped[str] = mapped_column(Text, default="")
    hasil: Mapped[str] = mapped_column(Text, default="")
    # the 2026 profile fields (Pedoman IGA 2026); all optional, so drafts from before still send
    klasifikasi: Mapped[Klasifikasi | None] = mapped_column(string_enum(Klasifikasi), default=None)
    asta_cita: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    klaster_pkpn: Mapped[str | None] = mapped_column(String(200), default=None)
    program_pkpn: Mapped[str | None] = mapped_column(String(300), default=None)
    latitude: Mapped[float | None] = mapped_column(Float, default=None)
    longitude: Mapped[float | None] = mapped_column(Float, default=None)
    kontak_nama: Mapped[str | None] = mapped_column(String(200), default=None)
    kontak_telepon: Mapped[str | None] = mapped_column(String(20), default=None)
    kontak_email: Mapped[str | None] = mapped_column(String(254), default=None)
    sumber_dana: Mapped[SumberDana | None] = mapped_column(string_enum(SumberDana), default=None)
    anggaran: Mapped[int | None] = mapped_column(BigInteger, default=None)
    head_note: Mapped[str | None] = mapped_column(Text, default=None)
    # Where a "return" by the OPD head sends it back to (draft, withdrawn or revision_requested).
    head_from_status: Mapped[InnovationStatus | None] = mapped_column(
        string_enum(InnovationStatus), default=None
    )
    revision_deadline: Mapped[datetime | None] = mapped_column(default=None)
    reopened_indicators: Mapped[list[int]] = mapped_column(JSON, default=list)
    indicator_notes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The last decision's result per indicator (shared.contracts.submission.IndicatorResult) and scores.
    review_results: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reviewed_claimed_score: Mapped[float | None] = mapped_column(default=None)
    verified_score: Mapped[float | None] = mapped_column(default=None)
    status: Mapped[InnovationStatus] = mapped_column(
        string_enum(InnovationStatus), default=InnovationStatus.draft
    )
    version: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    review_note: Mapped[str | None] = mapped_column(Text)

    evidence: Mapped[list[EvidenceItem]] = relationship(
        back_populates="innovation", order_by="EvidenceItem.created_at", lazy="selectin"
    )
    answers: Mapped[list[IndicatorAnswer]] = relationship(
        order_by="IndicatorAnswer.indicator_no", lazy="selectin", cascade="all, delete-orphan"
    )

    @property
    def current_evidence(self) -> list[EvidenceItem]:
        """Evidence as it stands: neither replaced nor removed."""
        return [e for e in self.evidence if e.replaced_by_id is None and e.removed_at is None]

    @property
    def refused_evidence(self) -> list[EvidenceItem]:
        """Files refused after upload (malware, an active PDF) that nothing newer has taken the place of."""
        refused = [e for e in self.evidence if e.scan_status in (ScanStatus.infected, ScanStatus.refused)]
        return [
            item
            for item in refused
            if not any(
                other.created_at > item.created_at
                and other.indicator_no == item.indicator_no
                and other.slot == item.slot
                for other in self.evidence
            )
        ]


class IndicatorAnswer(IdMixin, TimestampMixin, Base):
    """The OPD's claimed parameter for one indicator (and the kemanfaatan basis for indicator 18)."""

    __tablename__ = "indicator_answer"
    __table_args__ = (UniqueConstraint("innovation_id", "indicator_no"),)

    innovation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("innovation.id"), index=True)
    indicator_no: Mapped[int]
    parameter: Mapped[int]
    kemanfaatan_basis: Mapped[str | None] = mapped_column(String(2), default=None)


class InnovationVersion(IdMixin, Base):
    """What was submitted as one version: profile, answers and evidence, frozen."""

    __tablename__ = "innovation_version"
    __table_args__ = (UniqueConstraint("innovation_id", "version"),)

    innovation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("innovation.id"), index=True)
    version: Mapped[int]
    submitted_at: Mapped[datetime]
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)


class EvidenceItem(IdMixin, Base):
    """One evidence file (data dukung) for one indicator, stored in S3 under its SHA-256."""

    __tablename__ = "evidence_item"
    __table_args__ = (UniqueConstraint("innovation_id", "indicator_no", "sha256"),)

    innovation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("innovation.id"), index=True)
    indicator_no: Mapped[int]  # 0 for the profile's file slots
    slot: Mapped[str | None] = mapped_column(String(20), default=None)
    link_url: Mapped[str | None] = mapped_column(String(1000), default=None)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    replaced_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("evidence_item.id"), default=None)
    removed_at: Mapped[datetime | None] = mapped_column(default=None)
    frozen_in_version: Mapped[int | None] = mapped_column(default=None)
    object_key: Mapped[str] = mapped_column(String(400))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(100))
    # Files start `pending` until the worker scanned them; links are `clean` from the start.
    scan_status: Mapped[ScanStatus] = mapped_column(string_enum(ScanStatus), default=ScanStatus.pending)
    scan_detail: Mapped[str | None] = mapped_column(String(200), default=None)  # the signature or flag
    scanned_at: Mapped[datetime | None] = mapped_column(default=None)
    filename: Mapped[str] = mapped_column(String(255))
    nomor_surat: Mapped[str | None] = mapped_column(String(100))
    tanggal_surat: Mapped[date | None]
    tentang: Mapped[str | None] = mapped_column(String(500))
    uploaded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    innovation: Mapped[Innovation] = relationship(back_populates="evidence")


class AccountToken(IdMixin, Base):
    """A one-time link: an invitation or a password reset (only its hash is kept)."""

    __tablename__ = "account_token"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class AuditEntry(IdMixin, Base):
    """Who changed what, when, with the values before and after."""

    __tablename__ = "audit_entry"

    pemda_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("pemda.id"), index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(String(60))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class DeadlineReminder(IdMixin, Base):
    """A D-7/D-3/D-1 reminder sent to one OPD (sent once each)."""

    __tablename__ = "deadline_reminder"
    __table_args__ = (UniqueConstraint("period_id", "opd_id", "days_before"),)

    period_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("period.id"))
    opd_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("opd.id"))
    days_before: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(default=utc_now)


class AdminDigest(IdMixin, Base):
    """The admins' daily digest sent for one pemda on one local day (sent once each)."""

    __tablename__ = "admin_digest"
    __table_args__ = (UniqueConstraint("pemda_id", "local_date"),)

    pemda_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pemda.id"))
    local_date: Mapped[date]
    sent_at: Mapped[datetime] = mapped_column(default=utc_now)


class PendingUpload(IdMixin, Base):
    """A direct-to-S3 upload (presigned POST) waiting for the API to check and record it."""

    __tablename__ = "pending_upload"

    innovation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("innovation.id"), index=True)
    indicator_no: Mapped[int]
    object_key: Mapped[str] = mapped_column(String(400))
    filename: Mapped[str] = mapped_column(String(255))
    max_bytes: Mapped[int]
    nomor_surat: Mapped[str | None] = mapped_column(String(100), default=None)
    tanggal_surat: Mapped[date | None] = mapped_column(default=None)
    tentang: Mapped[str | None] = mapped_column(String(500), default=None)
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime]
    confirmed_at: Mapped[datetime | None] = mapped_column(default=None)
    # Set for a multipart upload (resumable: parts already in S3 are listed, only the rest re-sent).
    s3_upload_id: Mapped[str | None] = mapped_column(String(300), default=None)
    part_size: Mapped[int | None] = mapped_column(default=None)
    declared_size: Mapped[int | None] = mapped_column(default=None)
