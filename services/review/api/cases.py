"""Review cases of a pemda: list, read, evidence, assignments, verdicts, adjudication, decision."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import Response, StreamingResponse

from services.review import assignment, case_review, directory, evidence, exports, verdicts
from services.review import cases as review_cases
from services.review.deps import CurrentReviewer, RuntimeDep, UnitOfWorkDep
from services.review.models import CaseStatus
from services.review.schemas import (
    AdjudicationWrite,
    AssignmentCreate,
    CaseRead,
    CaseSummaryRead,
    DecisionCreate,
    EvidenceLinkRead,
    VerdictRead,
    VerdictsWrite,
)
from shared.auth import Principal
from shared.messaging.outbox import UnitOfWork
from shared.schemas import Offset
from shared.web import CONFLICT, attachment, streamed_attachment

router = APIRouter(prefix="/cases", tags=["cases"])


def _read(uow: UnitOfWork, principal: Principal, case_id: uuid.UUID) -> CaseRead:
    review = case_review.review_of(uow.session, principal=principal, case_id=case_id)
    return CaseRead.of(review.case, review, reveal=case_review.sees_current_verdicts(review, principal))


@router.get("", response_model=list[CaseSummaryRead])
def list_cases(
    uow: UnitOfWorkDep,
    principal: CurrentReviewer,
    status: Annotated[CaseStatus | None, Query(description="open, in_review, decided or withdrawn")] = None,
    mine: Annotated[bool, Query(description="only the cases assigned to you")] = False,
    period_id: Annotated[uuid.UUID | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Offset = 0,
) -> list[CaseSummaryRead]:
    """The review cases of your pemda, newest submission first."""
    directory.known_from_token(uow, principal=principal)
    cases = review_cases.list_cases(
        uow.session,
        principal=principal,
        status=status,
        limit=limit,
        offset=offset,
        mine=mine,
        period_id=period_id,
    )
    submitted = case_review.cases_i_submitted(uow.session, principal=principal)
    return [
        CaseSummaryRead.of(case, reveal=case_review.reveals_scores(case, principal, submitted))
        for case in cases
    ]


@router.get("/{case_id}", response_model=CaseRead)
def read_case(case_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentReviewer) -> CaseRead:
    """One case: snapshot, evidence, reviewers, indicators (claimed vs verified), rounds, what is missing."""
    directory.known_from_token(uow, principal=principal)
    return _read(uow, principal, case_id)


@router.get("/{case_id}/evidence/{evidence_id}", response_model=EvidenceLinkRead)
def read_evidence_link(
    case_id: uuid.UUID,
    evidence_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: CurrentReviewer,
    runtime: RuntimeDep,
) -> EvidenceLinkRead:
    """A short-lived URL to download one evidence file; its stored bytes are re-hashed and compared."""
    link = evidence.evidence_link(
        uow.session, store=runtime.store, principal=principal, case_id=case_id, evidence_id=evidence_id
    )
    return EvidenceLinkRead.model_validate(link)


@router.get(
    "/{case_id}/dossier.zip",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/zip": {}}}},
)
def download_dossier(
    case_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentReviewer, runtime: RuntimeDep
) -> StreamingResponse:
    """Every evidence file of the case under a readable path, with manifest.json and manifest.csv
    (size, submitted SHA-256, the SHA-256 computed while zipping, and whether they agree)."""
    filename, dossiers = exports.case_dossier(uow.session, principal=principal, case_id=case_id)
    return streamed_attachment(
        exports.stream_dossiers(runtime.store, dossiers), filename=filename, media_type="application/zip"
    )


@router.get(
    "/{case_id}/profile.pdf", response_class=Response, responses={200: {"content": {"application/pdf": {}}}}
)
def download_profile(case_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentReviewer) -> Response:
    """The innovation's profile as a PDF: profile, indicators claimed vs verified with notes, decision."""
    filename, content = exports.case_profile_pdf(uow.session, principal=principal, case_id=case_id)
    return attachment(content, filename=filename, media_type="application/pdf")


@router.post("/{case_id}/assignments", response_model=CaseRead, status_code=status.HTTP_201_CREATED)
def assign_reviewer(
    case_id: uuid.UUID, data: AssignmentCreate, uow: UnitOfWorkDep, principal: CurrentReviewer
) -> CaseRead:
    """Assign a reviewer by hand (admin): never one from the innovation's OPD or with a conflict."""
    assignment.assign_reviewer(uow, principal=principal, case_id=case_id, reviewer_id=data.reviewer_id)
    return _read(uow, principal, case_id)


@router.delete("/{case_id}/assignments/{reviewer_id}", response_model=CaseRead)
def unassign_reviewer(
    case_id: uuid.UUID, reviewer_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentReviewer
) -> CaseRead:
    """Take a reviewer off the case (admin); assign another to reassign."""
    assignment.unassign_reviewer(uow, principal=principal, case_id=case_id, reviewer_id=reviewer_id)
    return _read(uow, principal, case_id)


@router.get("/{case_id}/verdicts", response_model=list[VerdictRead])
def list_verdicts(case_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentReviewer) -> list[VerdictRead]:
    """Verdicts of every round; others' in the current round only once you submitted yours."""
    review = case_review.review_of(uow.session, principal=principal, case_id=case_id)
    return VerdictRead.many(case_review.visible_verdicts(review, principal))


@router.put("/{case_id}/verdicts", response_model=CaseRead)
def record_verdicts(
    case_id: uuid.UUID, data: VerdictsWrite, uow: UnitOfWorkDep, principal: CurrentReviewer
) -> CaseRead:
    """Record or change your verdicts (assigned reviewers, until you submit them)."""
    directory.known_from_token(uow, principal=principal)
    items = [
        verdicts.VerdictInput(
            indicator_no=v.indicator_no,
            verdict=v.verdict,
            verified_parameter=v.verified_parameter,
            note=v.note,
        )
        for v in data.verdicts
    ]
    verdicts.record_verdicts(uow, principal=principal, case_id=case_id, items=items)
    return _read(uow, principal, case_id)


@router.post("/{case_id}/verdicts/submit", response_model=CaseRead)
def submit_verdicts(case_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentReviewer) -> CaseRead:
    """Submit your verdicts: every required indicator must have one; then the others' become visible."""
    verdicts.submit_verdicts(uow, principal=principal, case_id=case_id)
    return _read(uow, principal, case_id)


@router.put("/{case_id}/adjudications/{indicator_no}", response_model=CaseRead)
def adjudicate(
    case_id: uuid.UUID,
    indicator_no: int,
    data: AdjudicationWrite,
    uow: UnitOfWorkDep,
    principal: CurrentReviewer,
) -> CaseRead:
    """The coordinator's (admin's) final verdict on one indicator: resolves a disagreement."""
    item = verdicts.VerdictInput(
        indicator_no=indicator_no,
        verdict=data.verdict,
        verified_parameter=data.verified_parameter,
        note=data.note,
    )
    verdicts.adjudicate(uow, principal=principal, case_id=case_id, item=item)
    return _read(uow, principal, case_id)


@router.post("/{case_id}/decision", response_model=CaseRead, responses=CONFLICT)
def decide_case(
    case_id: uuid.UUID, data: DecisionCreate, uow: UnitOfWorkDep, principal: CurrentReviewer
) -> CaseRead:
    """Accept, request a revision (note, reopened indicators, deadline) or reject (reason); final.

    Needs every assigned reviewer's submitted verdicts and no unresolved disagreement (409 lists
    what is missing). Posting the same decision again changes nothing and sends nothing.
    """
    verdicts.decide(
        uow,
        principal=principal,
        case_id=case_id,
        decision=data.decision,
        note=data.note,
        reopen=data.reopen_indicators,
        revision_deadline=data.revision_deadline,
    )
    return _read(uow, principal, case_id)
