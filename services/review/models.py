"""Tables of the review service: cases (one per innovation, one round per submitted version), the
reviewer directory, periods, assignments, verdicts, adjudications, SPD entries and dead messages."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Float, String, Text, UniqueConstraint, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db import IdMixin, service_registry, string_enum, utc_now
from shared.messaging.dead_letters import DeadMessageMixin
from shared.messaging.outbox import OutboxMixin, ProcessedMessageMixin


class Base(DeclarativeBase):
    registry = service_registry()


class OutboxMessage(OutboxMixin, Base): ...


class ProcessedMessage(ProcessedMessageMixin, Base): ...


class CaseStatus(StrEnum):
    open = "open"  # waiting for its reviewers' first verdict
    in_review = "in_review"  # a verdict was recorded: the OPD can no longer withdraw this version
    decided = "decided"
    withdrawn = "withdrawn"


class Verdict(StrEnum):
    sesuai = "sesuai"
    tidak_sesuai = "tidak_sesuai"
    perlu_perbaikan = "perlu_perbaikan"


class Decision(StrEnum):
    accepted = "accepted"
    revision_requested = "revision_requested"
    rejected = "rejected"


class ReviewCase(IdMixin, Base):
    """The review of one innovation: its current round's snapshot, status, decision and scores."""

    __tablename__ = "review_case"
    # One case per innovation; each submitted version is a round of it (ReviewRound).
    __table_args__ = (UniqueConstraint("innovation_id"),)

    innovation_id: Mapped[uuid.UUID]
    version: Mapped[int]
    round: Mapped[int] = mapped_column(default=1)
    pemda_id: Mapped[uuid.UUID] = mapped_column(index=True)
    opd_id: Mapped[uuid.UUID]
    opd_name: Mapped[str] = mapped_column(String(300), default="")
    period_id: Mapped[uuid.UUID] = mapped_column(index=True)
    submitted_at: Mapped[datetime]
    # The current round's message: {"snapshot", "evidence", "profile", "answers", "flags", ...}.
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    nama: Mapped[str] = mapped_column(String(500), default="")
    tahapan: Mapped[str] = mapped_column(String(60), default="")
    jenis: Mapped[str] = mapped_column(String(60), default="")
    bentuk: Mapped[str] = mapped_column(String(200), default="")
    urusan: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[CaseStatus] = mapped_column(string_enum(CaseStatus), default=CaseStatus.open)
    started_at: Mapped[datetime | None]
    decision: Mapped[Decision | None] = mapped_column(string_enum(Decision))
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[uuid.UUID | None]
    decided_at: Mapped[datetime | None]
    revision_deadline: Mapped[datetime | None]
    claimed_score: Mapped[float] = mapped_column(Float, default=0.0)
    verified_score: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ReviewRound(IdMixin, Base):
    """One submitted version of a case: what was sent, which indicators it reopened, how it ended."""

    __tablename__ = "review_round"
    __table_args__ = (UniqueConstraint("case_id", "version"), UniqueConstraint("case_id", "round"))

    case_id: Mapped[uuid.UUID] = mapped_column(index=True)
    round: Mapped[int]
    version: Mapped[int]
    submitted_at: Mapped[datetime]
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Indicators this round assesses again; empty on round 1 (it assesses every indicator).
    reopened_indicators: Mapped[list[int]] = mapped_column(JSON, default=list)
    decision: Mapped[Decision | None] = mapped_column(string_enum(Decision))
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[uuid.UUID | None]
    decided_at: Mapped[datetime | None]
    # The indicators sent back to the OPD with this round's revision request.
    sent_back_indicators: Mapped[list[int]] = mapped_column(JSON, default=list)


class DirectoryAccount(Base):
    """The replica of one submission account, plus what review alone knows: expertise and conflicts."""

    __tablename__ = "directory_account"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    pemda_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    opd_id: Mapped[uuid.UUID | None]
    role: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))
    whatsapp: Mapped[str | None] = mapped_column(String(40))
    whatsapp_opt_in: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(5), default="id")
    timezone: Mapped[str] = mapped_column(String(60), default="Asia/Jakarta")
    is_active: Mapped[bool] = mapped_column(default=True)
    # Invited but not accepted yet: never assigned work until submission says it was accepted.
    invitation_pending: Mapped[bool] = mapped_column(default=False, server_default=false())
    # "sync" from submission's messages, or "token" when first seen through an access token.
    source: Mapped[str] = mapped_column(String(10), default="sync")
    changed_at: Mapped[datetime]
    expertise_urusan: Mapped[list[str]] = mapped_column(JSON, default=list)
    conflict_opd_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    conflict_innovation_ids: Mapped[list[str]] = mapped_column(JSON, default=list)


class ReviewPeriod(Base):
    """A period's settings as submission last sent them (catalogue, k, predicates, due days)."""

    __tablename__ = "review_period"

    period_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    pemda_id: Mapped[uuid.UUID] = mapped_column(index=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_at: Mapped[datetime]


class Assignment(IdMixin, Base):
    """A reviewer on one round of a case, with a due date and the reminders already sent."""

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("case_id", "round", "reviewer_id"),)

    case_id: Mapped[uuid.UUID] = mapped_column(index=True)
    round: Mapped[int]
    reviewer_id: Mapped[uuid.UUID] = mapped_column(index=True)
    assigned_at: Mapped[datetime] = mapped_column(default=utc_now)
    assigned_by: Mapped[uuid.UUID | None]  # None: assigned automatically
    due_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(default=True)
    submitted_at: Mapped[datetime | None]
    due_soon_sent_at: Mapped[datetime | None]
    overdue_sent_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]


class IndicatorVerdict(IdMixin, Base):
    """One reviewer's verdict on one indicator in one round."""

    __tablename__ = "indicator_verdict"
    __table_args__ = (UniqueConstraint("case_id", "round", "reviewer_id", "indicator_no"),)

    case_id: Mapped[uuid.UUID] = mapped_column(index=True)
    round: Mapped[int]
    reviewer_id: Mapped[uuid.UUID]
    indicator_no: Mapped[int]
    verdict: Mapped[Verdict] = mapped_column(string_enum(Verdict))
    verified_parameter: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


class Adjudication(IdMixin, Base):
    """The coordinator's final word on one indicator in one round (overrides the median)."""

    __tablename__ = "adjudication"
    __table_args__ = (UniqueConstraint("case_id", "round", "indicator_no"),)

    case_id: Mapped[uuid.UUID] = mapped_column(index=True)
    round: Mapped[int]
    indicator_no: Mapped[int]
    verdict: Mapped[Verdict] = mapped_column(string_enum(Verdict))
    verified_parameter: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[uuid.UUID]
    decided_at: Mapped[datetime] = mapped_column(default=utc_now)


class SpdEntry(Base):
    """The admin's value for one pemda-level (SPD) indicator in a period."""

    __tablename__ = "spd_entry"

    period_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    parameter: Mapped[int]
    # The raw figure or answer typed for a number or choice row ("72.40", "WTP"); None: the admin
    # chose the parameter itself.
    figure: Mapped[str | None] = mapped_column(String(40), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str | None] = mapped_column(String(1000))
    entered_by: Mapped[uuid.UUID]
    entered_at: Mapped[datetime] = mapped_column(default=utc_now)


class DeadMessage(DeadMessageMixin, Base):
    """A message that could not be processed after its retries, kept for an admin to look at."""
