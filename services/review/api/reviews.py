"""The pemda's review administration: reviewer directory, SPD data, dead messages."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from services.review import dashboard, dead_messages, directory, exports, iga_export
from services.review.deps import CurrentReviewer, RuntimeDep, UnitOfWorkDep
from services.review.schemas import (
    ReviewerProfileUpdate,
    ReviewerRead,
    SpdEntryRead,
    SpdEntryWrite,
)
from shared.messaging.dead_letters import DeadMessageRead
from shared.web import attachment, streamed_attachment

IgaFormat = Literal["csv", "xlsx"]

router = APIRouter(prefix="/reviews", tags=["review administration"])


@router.get("/reviewers", response_model=list[ReviewerRead])
def list_reviewers(uow: UnitOfWorkDep, principal: CurrentReviewer) -> list[ReviewerRead]:
    """The people of your pemda that review knows (reviewers and admins), with expertise and conflicts."""
    directory.known_from_token(uow, principal=principal)
    return ReviewerRead.many(directory.list_directory(uow.session, principal=principal))


@router.put("/reviewers/{user_id}", response_model=ReviewerRead)
def update_reviewer(
    user_id: uuid.UUID, data: ReviewerProfileUpdate, uow: UnitOfWorkDep, principal: CurrentReviewer
) -> ReviewerRead:
    """Declare a reviewer's urusan of expertise and conflicts of interest (admin)."""
    row = directory.update_reviewer_profile(
        uow,
        principal=principal,
        user_id=user_id,
        expertise_urusan=data.expertise_urusan,
        conflict_opd_ids=data.conflict_opd_ids,
        conflict_innovation_ids=data.conflict_innovation_ids,
    )
    return ReviewerRead.model_validate(row)


@router.get("/periods/{period_id}/spd", response_model=list[SpdEntryRead])
def list_spd(period_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentReviewer) -> list[SpdEntryRead]:
    """The SPD (pemda-level) values entered for the period."""
    index = dashboard.projected_index(uow.session, principal=principal, period_id=period_id)
    return [SpdEntryRead.model_validate(e) for e in index.spd_entries]


@router.put("/periods/{period_id}/spd/{code}", response_model=SpdEntryRead)
def set_spd(
    period_id: uuid.UUID, code: str, data: SpdEntryWrite, uow: UnitOfWorkDep, principal: CurrentReviewer
) -> SpdEntryRead:
    """Enter one SPD row (admin): its parameter (0-3), or the raw figure it is derived from, a note and
    an evidence link."""
    row = dashboard.set_spd_entry(
        uow,
        principal=principal,
        period_id=period_id,
        code=code,
        parameter=data.parameter,
        figure=data.figure,
        note=data.note,
        evidence_url=data.evidence_url,
    )
    return SpdEntryRead.model_validate(row)


@router.get(
    "/periods/{period_id}/dossiers.zip",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/zip": {}}}},
)
def download_period_dossiers(
    period_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentReviewer, runtime: RuntimeDep
) -> StreamingResponse:
    """Every innovation's evidence of the period as one streamed archive, one folder per OPD and
    innovation, with one manifest for all (admin)."""
    filename, dossiers = exports.period_dossiers(uow.session, principal=principal, period_id=period_id)
    return streamed_attachment(
        exports.stream_dossiers(runtime.store, dossiers), filename=filename, media_type="application/zip"
    )


@router.get(
    "/periods/{period_id}/recap.xlsx",
    response_class=Response,
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
)
def download_recap(period_id: uuid.UUID, uow: UnitOfWorkDep, principal: CurrentReviewer) -> Response:
    """The period's Excel recap: innovations (profile, claimed and verified parameters), OPDs, IID (admin)."""
    filename, content = exports.period_workbook(uow.session, principal=principal, period_id=period_id)
    return attachment(
        content,
        filename=filename,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@router.get(
    "/periods/{period_id}/iga.{extension}",
    response_class=Response,
    responses={
        200: {
            "content": {
                "text/csv": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            }
        }
    },
)
def download_iga(
    period_id: uuid.UUID, extension: IgaFormat, uow: UnitOfWorkDep, principal: CurrentReviewer
) -> Response:
    """The accepted innovations in the columns of the national IGA upload form, as CSV or XLSX (admin)."""
    if extension == "csv":
        filename, content = iga_export.iga_csv(uow.session, principal=principal, period_id=period_id)
        return attachment(content, filename=filename, media_type="text/csv; charset=utf-8")
    filename, content = iga_export.iga_xlsx(uow.session, principal=principal, period_id=period_id)
    return attachment(
        content,
        filename=filename,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@router.get("/dead-messages", response_model=list[DeadMessageRead])
def list_dead_messages(
    uow: UnitOfWorkDep, principal: CurrentReviewer, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[DeadMessageRead]:
    """Messages review could not process after their retries (admin)."""
    return [
        DeadMessageRead.model_validate(m)
        for m in dead_messages.dead_messages(uow.session, principal=principal, limit=limit)
    ]
