"""Review cases of a pemda: list, read with the snapshot, download evidence, decide."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.review import service
from services.review.deps import CurrentReviewer, RuntimeDep, UnitOfWorkDep
from services.review.models import CaseStatus
from services.review.schemas import CaseRead, CaseSummaryRead, DecisionCreate, EvidenceLinkRead

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get("", response_model=list[CaseSummaryRead])
def list_cases(
    uow: UnitOfWorkDep,
    principal: CurrentReviewer,
    status: Annotated[CaseStatus | None, Query(description="open or decided")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[CaseSummaryRead]:
    """The review cases of your pemda, newest submission first."""
    cases = service.list_cases(uow.session, principal=principal, status=status, limit=limit, offset=offset)
    return [CaseSummaryRead.of(case) for case in cases]


@router.get("/{case_id}", response_model=CaseRead)
def read_case(case_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentReviewer) -> CaseRead:
    """One case with the submitted profile and its evidence files (object keys and SHA-256)."""
    return CaseRead.of(service.get_case(uow.session, principal=principal, case_id=case_id))


@router.get("/{case_id}/evidence/{evidence_id}", response_model=EvidenceLinkRead)
def read_evidence_link(
    case_id: uuid.UUID,
    evidence_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: CurrentReviewer,
    runtime: RuntimeDep,
) -> EvidenceLinkRead:
    """A short-lived URL to download one evidence file straight from storage."""
    link = service.evidence_link(
        uow.session, store=runtime.store, principal=principal, case_id=case_id, evidence_id=evidence_id
    )
    return EvidenceLinkRead.model_validate(link)


@router.post("/{case_id}/decision", response_model=CaseRead)
def decide_case(
    case_id: uuid.UUID, data: DecisionCreate, uow: UnitOfWorkDep, principal: CurrentReviewer
) -> CaseRead:
    """Accept, request a revision (with a note) or reject (with a note); a decision is final."""
    case = service.decide(uow, principal=principal, case_id=case_id, decision=data.decision, note=data.note)
    return CaseRead.of(case)
