"""Every query of the submission service."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from services.submission.models import (
    AccountToken,
    AdminDigest,
    AuditEntry,
    Bentuk,
    DeadlineReminder,
    EvidenceItem,
    Innovation,
    InnovationStatus,
    InnovationVersion,
    Jenis,
    Opd,
    Pemda,
    PendingUpload,
    Period,
    PeriodExtension,
    ScanStatus,
    UserAccount,
)
from shared.auth import Role
from shared.db import dialect_insert, utc_now


def get_pemda_by_slug(session: Session, slug: str) -> Pemda | None:
    return session.scalar(select(Pemda).where(Pemda.slug == slug))


def get_pemda(session: Session, pemda_id: uuid.UUID) -> Pemda | None:
    return session.get(Pemda, pemda_id)


def get_opd_by_name(session: Session, *, pemda_id: uuid.UUID, name: str) -> Opd | None:
    return session.scalar(select(Opd).where(Opd.pemda_id == pemda_id, Opd.name == name))


def get_user_by_email(session: Session, email: str) -> UserAccount | None:
    return session.scalar(select(UserAccount).where(func.lower(UserAccount.email) == email.strip().lower()))


def get_user(session: Session, user_id: uuid.UUID) -> UserAccount | None:
    return session.get(UserAccount, user_id)


def list_opd_users(session: Session, *, opd_id: uuid.UUID, roles: tuple[Role, ...]) -> list[UserAccount]:
    query = select(UserAccount).where(
        UserAccount.opd_id == opd_id, UserAccount.role.in_(roles), UserAccount.is_active.is_(True)
    )
    return list(session.scalars(query.order_by(UserAccount.email)))


def get_period(session: Session, *, pemda_id: uuid.UUID, year: int) -> Period | None:
    return session.scalar(select(Period).where(Period.pemda_id == pemda_id, Period.year == year))


def get_open_period(session: Session, *, pemda_id: uuid.UUID, at: datetime) -> Period | None:
    query = (
        select(Period)
        .where(Period.pemda_id == pemda_id, Period.opens_at <= at, Period.closes_at > at)
        .order_by(Period.opens_at.desc())
    )
    return session.scalars(query).first()


def get_innovation(
    session: Session, innovation_id: uuid.UUID, *, for_update: bool = False
) -> Innovation | None:
    query = select(Innovation).where(Innovation.id == innovation_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def list_innovations(
    session: Session,
    *,
    pemda_id: uuid.UUID,
    opd_id: uuid.UUID | None,
    limit: int,
    offset: int,
    period_id: uuid.UUID | None = None,
    statuses: tuple[InnovationStatus, ...] = (),
) -> list[Innovation]:
    query = select(Innovation).where(Innovation.pemda_id == pemda_id)
    if opd_id is not None:
        query = query.where(Innovation.opd_id == opd_id)
    if period_id is not None:
        query = query.where(Innovation.period_id == period_id)
    if statuses:
        query = query.where(Innovation.status.in_(statuses))
    return list(session.scalars(query.order_by(Innovation.created_at.desc()).limit(limit).offset(offset)))


def find_evidence(
    session: Session, *, innovation_id: uuid.UUID, indicator_no: int, sha256: str
) -> EvidenceItem | None:
    return session.scalar(
        select(EvidenceItem).where(
            EvidenceItem.innovation_id == innovation_id,
            EvidenceItem.indicator_no == indicator_no,
            EvidenceItem.sha256 == sha256,
        )
    )


def count_evidence(session: Session, innovation_id: uuid.UUID) -> int:
    query = select(func.count()).select_from(EvidenceItem).where(EvidenceItem.innovation_id == innovation_id)
    return int(session.scalar(query) or 0)


def get_opd(session: Session, opd_id: uuid.UUID) -> Opd | None:
    return session.get(Opd, opd_id)


def lock_opd(session: Session, opd_id: uuid.UUID) -> Opd | None:
    """The OPD, its row locked until the transaction ends (a second writer waits)."""
    return session.scalar(select(Opd).where(Opd.id == opd_id).with_for_update())


def list_opds(session: Session, *, pemda_id: uuid.UUID) -> list[Opd]:
    return list(session.scalars(select(Opd).where(Opd.pemda_id == pemda_id).order_by(Opd.name)))


def get_period_by_id(session: Session, period_id: uuid.UUID) -> Period | None:
    return session.get(Period, period_id)


def list_periods(session: Session, *, pemda_id: uuid.UUID) -> list[Period]:
    return list(
        session.scalars(select(Period).where(Period.pemda_id == pemda_id).order_by(Period.year.desc()))
    )


def list_periods_closing_between(session: Session, *, start: datetime, end: datetime) -> list[Period]:
    return list(session.scalars(select(Period).where(Period.closes_at > start, Period.closes_at <= end)))


def get_extension(session: Session, *, period_id: uuid.UUID, opd_id: uuid.UUID) -> PeriodExtension | None:
    return session.scalar(
        select(PeriodExtension).where(
            PeriodExtension.period_id == period_id, PeriodExtension.opd_id == opd_id
        )
    )


def find_title(
    session: Session, *, period_id: uuid.UUID, title_key: str, exclude: uuid.UUID | None
) -> Innovation | None:
    query = select(Innovation).where(Innovation.period_id == period_id, Innovation.title_key == title_key)
    if exclude is not None:
        query = query.where(Innovation.id != exclude)
    return session.scalars(query).first()


def titles_of_pemda(session: Session, *, pemda_id: uuid.UUID) -> list[tuple[uuid.UUID, str, int]]:
    """(id, nama, year) of every innovation of the pemda, all periods."""
    query = (
        select(Innovation.id, Innovation.nama, Period.year)
        .join(Period, Period.id == Innovation.period_id)
        .where(Innovation.pemda_id == pemda_id)
    )
    return [(row[0], row[1], row[2]) for row in session.execute(query)]


def evidence_with_sha_elsewhere(
    session: Session, *, pemda_id: uuid.UUID, sha256: str, exclude_innovation: uuid.UUID
) -> list[EvidenceItem]:
    query = (
        select(EvidenceItem)
        .join(Innovation, Innovation.id == EvidenceItem.innovation_id)
        .where(
            Innovation.pemda_id == pemda_id,
            EvidenceItem.sha256 == sha256,
            EvidenceItem.innovation_id != exclude_innovation,
            EvidenceItem.link_url.is_(None),
        )
    )
    return list(session.scalars(query))


def get_evidence(session: Session, evidence_id: uuid.UUID) -> EvidenceItem | None:
    return session.get(EvidenceItem, evidence_id)


def evidence_pending_scan(session: Session, *, created_before: datetime, limit: int) -> list[EvidenceItem]:
    """Stored files still waiting for the malware scanner, oldest first."""
    return list(
        session.scalars(
            select(EvidenceItem)
            .where(
                EvidenceItem.scan_status == ScanStatus.pending,
                EvidenceItem.object_key != "",
                EvidenceItem.created_at < created_before,
            )
            .order_by(EvidenceItem.created_at)
            .limit(limit)
        )
    )


def get_version(session: Session, *, innovation_id: uuid.UUID, version: int) -> InnovationVersion | None:
    return session.scalar(
        select(InnovationVersion).where(
            InnovationVersion.innovation_id == innovation_id, InnovationVersion.version == version
        )
    )


def list_versions(session: Session, *, innovation_id: uuid.UUID) -> list[InnovationVersion]:
    query = select(InnovationVersion).where(InnovationVersion.innovation_id == innovation_id)
    return list(session.scalars(query.order_by(InnovationVersion.version)))


def list_audit(
    session: Session, *, pemda_id: uuid.UUID | None, entity_id: uuid.UUID | None, limit: int, offset: int
) -> list[AuditEntry]:
    query = select(AuditEntry)
    if pemda_id is not None:
        query = query.where(AuditEntry.pemda_id == pemda_id)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    return list(session.scalars(query.order_by(AuditEntry.at.desc()).limit(limit).offset(offset)))


SENT_STATUSES = (
    InnovationStatus.submitted,
    InnovationStatus.in_review,
    InnovationStatus.revision_requested,
    InnovationStatus.resubmitted,
    InnovationStatus.accepted,
    InnovationStatus.rejected,
)


def audit_entries_since(
    session: Session,
    *,
    pemda_id: uuid.UUID,
    entity: str,
    action: str,
    entity_ids: list[uuid.UUID],
    since: datetime,
) -> list[AuditEntry]:
    """The pemda's audit entries of `action` on these rows since `since`, newest first."""
    query = (
        select(AuditEntry)
        .where(
            AuditEntry.pemda_id == pemda_id,
            AuditEntry.entity == entity,
            AuditEntry.action == action,
            AuditEntry.entity_id.in_(entity_ids),
            AuditEntry.at >= since,
        )
        .order_by(AuditEntry.at.desc())
    )
    return list(session.scalars(query))


def innovation_counts_by_opd(session: Session, *, period_id: uuid.UUID) -> dict[uuid.UUID, dict[str, int]]:
    """Per OPD: how many innovations it has in each status in this period."""
    query = (
        select(Innovation.opd_id, Innovation.status, func.count())
        .where(Innovation.period_id == period_id)
        .group_by(Innovation.opd_id, Innovation.status)
    )
    counts: dict[uuid.UUID, dict[str, int]] = {}
    for opd_id, status, n in session.execute(query):
        counts.setdefault(opd_id, {})[InnovationStatus(status).value] = int(n)
    return counts


def sent_reminders(session: Session, *, period_id: uuid.UUID) -> dict[tuple[uuid.UUID, int], datetime]:
    """(OPD, days before) -> when that D-n reminder of the period went."""
    rows = session.scalars(select(DeadlineReminder).where(DeadlineReminder.period_id == period_id))
    return {(row.opd_id, row.days_before): row.sent_at for row in rows}


def add_reminder_if_absent(
    session: Session, *, period_id: uuid.UUID, opd_id: uuid.UUID, days_before: int
) -> bool:
    """Record a reminder; False if it was already recorded (by this or a concurrent run)."""
    statement = (
        dialect_insert(session)(DeadlineReminder)
        .values(
            id=uuid.uuid4(), period_id=period_id, opd_id=opd_id, days_before=days_before, sent_at=utc_now()
        )
        .on_conflict_do_nothing(index_elements=["period_id", "opd_id", "days_before"])
        .returning(DeadlineReminder.id)
    )
    return session.execute(statement).first() is not None


def add_admin_digest_if_absent(session: Session, *, pemda_id: uuid.UUID, local_date: date) -> bool:
    """Record a pemda's digest of a local day; False if already recorded (by this or a concurrent run)."""
    statement = (
        dialect_insert(session)(AdminDigest)
        .values(id=uuid.uuid4(), pemda_id=pemda_id, local_date=local_date, sent_at=utc_now())
        .on_conflict_do_nothing(index_elements=["pemda_id", "local_date"])
        .returning(AdminDigest.id)
    )
    return session.execute(statement).first() is not None


def list_pemdas(session: Session) -> list[Pemda]:
    return list(session.scalars(select(Pemda).order_by(Pemda.name)))


def list_pemda_admins(session: Session, *, pemda_id: uuid.UUID) -> list[UserAccount]:
    """The pemda's active admins that can be reached (an email or a WhatsApp number)."""
    query = select(UserAccount).where(
        UserAccount.pemda_id == pemda_id,
        UserAccount.role == Role.admin,
        UserAccount.is_active.is_(True),
        or_(UserAccount.email != "", UserAccount.whatsapp.is_not(None)),
    )
    return list(session.scalars(query.order_by(UserAccount.email)))


def get_account_token(session: Session, token_hash: str) -> AccountToken | None:
    return session.scalar(select(AccountToken).where(AccountToken.token_hash == token_hash).with_for_update())


def list_users(session: Session, *, pemda_id: uuid.UUID) -> list[UserAccount]:
    query = select(UserAccount).where(UserAccount.pemda_id == pemda_id).order_by(UserAccount.email)
    return list(session.scalars(query))


def get_pending_upload(session: Session, upload_id: uuid.UUID) -> PendingUpload | None:
    return session.scalar(select(PendingUpload).where(PendingUpload.id == upload_id).with_for_update())


# ---- the public showcase: accepted innovations only ----

AcceptedRow = tuple[Innovation, str, str, int]  # the innovation, its OPD's and pemda's names, the year


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def accepted_innovations(
    session: Session,
    *,
    q: str = "",
    year: int | None = None,
    opd_id: uuid.UUID | None = None,
    urusan: str | None = None,
    bentuk: Bentuk | None = None,
    jenis: Jenis | None = None,
    innovation_id: uuid.UUID | None = None,
    limit: int,
    offset: int = 0,
) -> list[AcceptedRow]:
    """Accepted innovations whose name holds `q` and that match every filter given, newest year first."""
    query = (
        select(Innovation, Opd.name, Pemda.name, Period.year)
        .join(Opd, Opd.id == Innovation.opd_id)
        .join(Pemda, Pemda.id == Innovation.pemda_id)
        .join(Period, Period.id == Innovation.period_id)
        .where(Innovation.status == InnovationStatus.accepted)
    )
    if q:
        query = query.where(Innovation.nama.ilike(f"%{_escape_like(q)}%", escape="\\"))
    if year is not None:
        query = query.where(Period.year == year)
    if opd_id is not None:
        query = query.where(Innovation.opd_id == opd_id)
    if urusan:
        query = query.where(Innovation.urusan_utama == urusan)
    if bentuk is not None:
        query = query.where(Innovation.bentuk == bentuk)
    if jenis is not None:
        query = query.where(Innovation.jenis == jenis)
    if innovation_id is not None:
        query = query.where(Innovation.id == innovation_id)
    query = query.order_by(Period.year.desc(), Innovation.nama, Innovation.id).limit(limit).offset(offset)
    return [(row[0], row[1], row[2], row[3]) for row in session.execute(query)]


def periods_by_id(session: Session, period_ids: set[uuid.UUID]) -> list[Period]:
    return list(session.scalars(select(Period).where(Period.id.in_(period_ids))))


def current_links(session: Session, innovation_ids: list[uuid.UUID]) -> list[EvidenceItem]:
    """The innovations' current (not replaced, not removed) link evidence, oldest first."""
    query = (
        select(EvidenceItem)
        .where(
            EvidenceItem.innovation_id.in_(innovation_ids),
            EvidenceItem.link_url.is_not(None),
            EvidenceItem.replaced_by_id.is_(None),
            EvidenceItem.removed_at.is_(None),
        )
        .order_by(EvidenceItem.created_at)
    )
    return list(session.scalars(query))


def accepted_filter_values(session: Session) -> tuple[list[int], list[tuple[uuid.UUID, str, str]], list[str]]:
    """The years, the OPDs (id, OPD, pemda) and the main urusan that accepted innovations have."""
    accepted = Innovation.status == InnovationStatus.accepted
    years = session.scalars(
        select(Period.year).join(Innovation, Innovation.period_id == Period.id).where(accepted).distinct()
    )
    opds = session.execute(
        select(Opd.id, Opd.name, Pemda.name)
        .join(Innovation, Innovation.opd_id == Opd.id)
        .join(Pemda, Pemda.id == Opd.pemda_id)
        .where(accepted)
        .distinct()
    )
    urusan = session.scalars(
        select(Innovation.urusan_utama).where(accepted, Innovation.urusan_utama.is_not(None)).distinct()
    )
    return (
        [int(y) for y in years],
        [(row[0], row[1], row[2]) for row in opds],
        [u for u in urusan if u],
    )


def referenced_object_keys(session: Session, keys: list[str], *, now: datetime) -> set[str]:
    """Those of `keys` an evidence record points to, or a direct upload still in progress (not yet
    confirmed and not expired) is writing."""
    if not keys:
        return set()
    evidence = select(EvidenceItem.object_key).where(EvidenceItem.object_key.in_(keys))
    pending = select(PendingUpload.object_key).where(
        PendingUpload.object_key.in_(keys),
        PendingUpload.confirmed_at.is_(None),
        PendingUpload.expires_at > now,
    )
    return set(session.scalars(evidence.union(pending)))
