"""Tables of the review service: review cases, each a frozen snapshot of one submitted version."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Enum, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db import TYPE_ANNOTATION_MAP, IdMixin, service_metadata, utc_now
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


class CaseStatus(StrEnum):
    open = "open"
    decided = "decided"


class Decision(StrEnum):
    accepted = "accepted"
    revision_requested = "revision_requested"
    rejected = "rejected"


class ReviewCase(IdMixin, Base):
    """The review of one submitted version, holding the snapshot it was sent (profile and evidence)."""

    __tablename__ = "review_case"
    # One case per submitted version: a redelivered or repeated open_case finds it already there.
    __table_args__ = (UniqueConstraint("innovation_id", "version"),)

    innovation_id: Mapped[uuid.UUID]
    version: Mapped[int]
    pemda_id: Mapped[uuid.UUID] = mapped_column(index=True)
    opd_id: Mapped[uuid.UUID]
    period_id: Mapped[uuid.UUID]
    submitted_at: Mapped[datetime]
    # {"snapshot": {nama, tahapan, jenis}, "evidence": [EvidenceRef, ...]} exactly as the message carried it.
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus), default=CaseStatus.open)
    decision: Mapped[Decision | None] = mapped_column(_enum(Decision))
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[uuid.UUID | None]
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
