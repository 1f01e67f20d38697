"""Each person's own notification settings: channels and timing per category, quiet hours."""

from __future__ import annotations

from fastapi import APIRouter

from services.notification import preferences
from services.notification.deps import CurrentUser, UnitOfWorkDep
from services.notification.schemas import PreferencesRead, PreferencesUpdate

router = APIRouter(prefix="/preferences", tags=["preferences"])


@router.get("/me", response_model=PreferencesRead)
def read_my_preferences(uow: UnitOfWorkDep, principal: CurrentUser) -> PreferencesRead:
    """Your settings for every category (defaults: email and WhatsApp, immediately)."""
    recipient, choices = preferences.read_preferences(uow, principal=principal)
    return PreferencesRead.of(recipient, choices)


@router.put("/me", response_model=PreferencesRead)
def update_my_preferences(
    body: PreferencesUpdate, uow: UnitOfWorkDep, principal: CurrentUser
) -> PreferencesRead:
    """Change your settings; categories left out keep theirs. Quiet hours: both or neither."""
    recipient, choices = preferences.update_preferences(
        uow,
        principal=principal,
        choices=[(c.category, c.email, c.whatsapp, c.mode) for c in body.categories],
        quiet_start=body.quiet_start,
        quiet_end=body.quiet_end,
    )
    return PreferencesRead.of(recipient, choices)
