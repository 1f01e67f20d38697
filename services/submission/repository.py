"""Every query of the submission service."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.submission.models import EvidenceItem, Innovation, Opd, Pemda, Period, UserAccount
from shared.auth import Role


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
    session: Session, *, pemda_id: uuid.UUID, opd_id: uuid.UUID | None, limit: int, offset: int
) -> list[Innovation]:
    query = select(Innovation).where(Innovation.pemda_id == pemda_id)
    if opd_id is not None:
        query = query.where(Innovation.opd_id == opd_id)
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
