"""The review runtime and the request dependencies built on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import Depends

from services.review.config import ReviewSettings
from services.review.models import OutboxMessage, ProcessedMessage
from shared.auth import Principal, Role
from shared.messaging.outbox import UnitOfWork
from shared.runtime import Runtime, RuntimeHolder
from shared.web import principal_dependency, require_roles

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class ReviewRuntime(Runtime):
    settings: ReviewSettings
    outbox_model, inbox_model, migrations_dir = OutboxMessage, ProcessedMessage, MIGRATIONS_DIR


holder: RuntimeHolder[ReviewRuntime] = RuntimeHolder(lambda: ReviewRuntime(ReviewSettings()))
get_runtime = holder.get


current_principal = principal_dependency(lambda: get_runtime().verifier)
_check_reviewer = require_roles(Role.reviewer, Role.admin)


def current_reviewer(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    """The caller, if they review for their pemda (reviewer or admin), else 403."""
    return _check_reviewer(principal)


RuntimeDep = Annotated[ReviewRuntime, Depends(get_runtime)]
UnitOfWorkDep = Annotated[UnitOfWork, Depends(holder.unit_of_work, scope="function")]
CurrentUser = Annotated[Principal, Depends(current_principal)]
CurrentReviewer = Annotated[Principal, Depends(current_reviewer)]
