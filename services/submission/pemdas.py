"""Pemdas (tenants): created and renamed by the superadmin."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from services.submission import (
    audit,
    messages,  # noqa: F401 - registers the texts of these errors
    repository,
)
from services.submission.models import (
    Pemda,
    PemdaKind,
)
from shared.auth import Principal, Role
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound

TIMEZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


PEMDA_FIELDS = ("slug", "name", "kind", "timezone")


class SuperadminOnly(Forbidden, code="pemda.superadmin_only"): ...


class UnknownTimezone(InvalidInput, code="pemda.bad_timezone"): ...


class DuplicateSlug(Conflict, code="pemda.duplicate_slug"): ...


def _require_superadmin(principal: Principal) -> None:
    if principal.role is not Role.superadmin:
        raise SuperadminOnly()


def create_pemda(
    session: Session,
    *,
    slug: str,
    name: str,
    kind: PemdaKind,
    timezone: str,
    actor: Principal | None = None,
) -> Pemda:
    """Create a pemda (tenant); its time zone must be one of Indonesia's three, its slug unused."""
    if actor is not None:
        _require_superadmin(actor)
    if timezone not in TIMEZONES:
        raise UnknownTimezone(timezone=timezone)
    if repository.get_pemda_by_slug(session, slug):
        raise DuplicateSlug(slug=slug)
    pemda = Pemda(slug=slug, name=name, kind=kind, timezone=timezone)
    session.add(pemda)
    _changed(session, pemda, actor=actor, action="create")
    return pemda


def list_pemdas(session: Session, *, principal: Principal) -> list[Pemda]:
    """Every pemda for the superadmin; anyone else sees only their own."""
    if principal.role is Role.superadmin:
        return repository.list_pemdas(session)
    pemda = repository.get_pemda(session, principal.pemda_id) if principal.pemda_id else None
    return [pemda] if pemda else []


def update_pemda(session: Session, *, principal: Principal, pemda_id: uuid.UUID, name: str) -> Pemda:
    """Rename a pemda (superadmin)."""
    _require_superadmin(principal)
    pemda = repository.get_pemda(session, pemda_id)
    if pemda is None:
        raise NotFound()
    before = audit.fields_of(pemda, PEMDA_FIELDS)
    pemda.name = name
    _changed(session, pemda, actor=principal, action="update", before=before)
    return pemda


def _changed(
    session: Session,
    pemda: Pemda,
    *,
    actor: Principal | None,
    action: str,
    before: dict[str, Any] | None = None,
) -> None:
    """Audit a pemda's change, with its fields as they now are."""
    session.flush()
    audit.record(
        session,
        actor=actor,
        pemda_id=pemda.id,
        entity="pemda",
        entity_id=pemda.id,
        action=action,
        before=before,
        after=audit.fields_of(pemda, PEMDA_FIELDS),
    )
