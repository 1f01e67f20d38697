"""What every innovation feature needs: visibility, its pemda and period, whether it may change now."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from services.submission import (
    audit,
    messages,  # noqa: F401 - registers the texts of these errors
    periods,
    repository,
)
from services.submission.models import (
    EvidenceItem,
    Innovation,
    InnovationStatus,
    Pemda,
    PendingUpload,
    Period,
)
from shared.auth import Principal, Role
from shared.contracts.catalogue import Catalogue, IndicatorDefinition
from shared.contracts.review import PROFILE_FIELDS
from shared.db import utc_now
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.messaging.outbox import UnitOfWork

EDITABLE = (InnovationStatus.draft, InnovationStatus.withdrawn, InnovationStatus.revision_requested)


OPD_ROLES = (Role.opd_operator, Role.opd_head)


class RevisionClosed(Conflict, code="period.revision_closed"): ...


class NotEditable(Conflict, code="innovation.not_editable"): ...


class ProfileFrozen(Conflict, code="innovation.profile_frozen"): ...


class NotReopened(Conflict, code="innovation.not_reopened"): ...


class UnknownIndicator(InvalidInput, code="innovation.bad_indicator"): ...


def word_count(text: str) -> int:
    return len(text.split())


def title_key(nama: str) -> str:
    """The title as compared for uniqueness: case and spaces do not count."""
    return "".join(nama.casefold().split())


def visible(innovation: Innovation | None, principal: Principal) -> Innovation:
    """The innovation if the caller may see it (same pemda; OPD users only their OPD), else 404.
    Reviewers read dossiers only in review, and there only the cases assigned to them: here, none."""
    if innovation is None or principal.role is Role.reviewer:
        raise NotFound()
    if principal.role is not Role.superadmin and innovation.pemda_id != principal.pemda_id:
        raise NotFound()
    if principal.role in OPD_ROLES and innovation.opd_id != principal.opd_id:
        raise NotFound()
    return innovation


def get_innovation(session: Session, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    return visible(repository.get_innovation(session, innovation_id), principal)


def list_innovations(
    session: Session,
    *,
    principal: Principal,
    limit: int,
    offset: int,
    period_id: uuid.UUID | None = None,
    status: InnovationStatus | None = None,
) -> list[Innovation]:
    """The OPD's own innovations; for the pemda's admin everything. Reviewers: none (they read the cases
    assigned to them in review)."""
    if principal.pemda_id is None or principal.role is Role.reviewer:
        return []
    opd_id = principal.opd_id if principal.role in OPD_ROLES else None
    statuses: tuple[InnovationStatus, ...] = (status,) if status else ()
    return repository.list_innovations(
        session,
        pemda_id=principal.pemda_id,
        opd_id=opd_id,
        limit=limit,
        offset=offset,
        period_id=period_id,
        statuses=statuses,
    )


def pemda_of(session: Session, innovation: Innovation) -> Pemda:
    pemda = repository.get_pemda(session, innovation.pemda_id)
    assert pemda is not None
    return pemda


def innovation_period(session: Session, innovation: Innovation) -> Period:
    """The period an innovation belongs to (its tematik choices, its window)."""
    period = repository.get_period_by_id(session, innovation.period_id)
    assert period is not None
    return period


def catalogue_for(session: Session, innovation: Innovation) -> Catalogue:
    return periods.catalogue_of(innovation_period(session, innovation))


def ensure_deadline(session: Session, innovation: Innovation) -> None:
    """A draft follows the period's close (or the OPD's extension); a revision its own deadline."""
    pemda = pemda_of(session, innovation)
    if innovation.status is InnovationStatus.revision_requested and innovation.revision_deadline:
        if utc_now() >= innovation.revision_deadline:
            raise RevisionClosed(deadline=periods.local(innovation.revision_deadline, pemda.timezone))
        return
    periods.ensure_open_for(
        session,
        period=innovation_period(session, innovation),
        opd_id=innovation.opd_id,
        timezone=pemda.timezone,
    )


def for_change(
    session: Session, principal: Principal, innovation_id: uuid.UUID, *, indicator_no: int | None
) -> Innovation:
    """The innovation, locked, if the operator may change this part of it now (else 403/404/409)."""
    innovation = visible(repository.get_innovation(session, innovation_id, for_update=True), principal)
    if principal.role is not Role.opd_operator:
        raise Forbidden()
    if innovation.status not in EDITABLE:
        raise NotEditable(status=innovation.status.value)
    if innovation.status is InnovationStatus.revision_requested:
        if indicator_no is None:
            raise ProfileFrozen(version=innovation.version)
        if indicator_no not in (innovation.reopened_indicators or []):
            raise NotReopened(indicator_no=indicator_no)
    ensure_deadline(session, innovation)
    return innovation


def indicator_of(catalogue: Catalogue, indicator_no: int) -> IndicatorDefinition:
    definition = catalogue.indicator(indicator_no)
    if definition is None:
        raise UnknownIndicator(
            indicator_no=indicator_no,
            count=len(catalogue.indicators),
        )
    return definition


@dataclass(frozen=True)
class EvidenceMeta:
    """What the operator tells of a file: its indicator (or profile slot), its name, the letter's details."""

    indicator_no: int
    filename: str
    nomor_surat: str | None = None
    tanggal_surat: date | None = None
    tentang: str | None = None
    slot: str | None = None

    def columns(self) -> dict[str, Any]:
        """The details as the columns an evidence item and a pending upload share (all but the slot)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "slot"}

    @classmethod
    def of(cls, row: EvidenceItem | PendingUpload) -> EvidenceMeta:
        """The details a row keeps (a pending upload is never for a profile slot)."""
        slot = row.slot if isinstance(row, EvidenceItem) else None
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls) if f.name != "slot"}, slot=slot)


def snapshot_of(session: Session, innovation: Innovation) -> dict[str, Any]:
    """Profile, answers and evidence of the innovation as it stands (JSON)."""
    return {
        "profile": audit.fields_of(innovation, PROFILE_FIELDS),
        "answers": {
            str(a.indicator_no): {"parameter": a.parameter, "kemanfaatan_basis": a.kemanfaatan_basis}
            for a in innovation.answers
        },
        "evidence": [
            audit.plain(
                {
                    "evidence_id": e.id,
                    "indicator_no": e.indicator_no,
                    "slot": e.slot,
                    "object_key": e.object_key,
                    "sha256": e.sha256,
                    "size": e.size,
                    "content_type": e.content_type,
                    "filename": e.filename,
                    "link_url": e.link_url,
                    "nomor_surat": e.nomor_surat,
                    "tanggal_surat": e.tanggal_surat,
                    "tentang": e.tentang,
                    "flags": list(e.flags or []),
                }
            )
            for e in innovation.current_evidence
        ],
    }


def audit_innovation(
    uow: UnitOfWork,
    principal: Principal | None,
    innovation: Innovation,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """One audit entry about `innovation` (only what changed when both sides are given)."""
    audit.record_row(
        uow.session, "innovation", innovation, actor=principal, action=action, before=before, after=after
    )
