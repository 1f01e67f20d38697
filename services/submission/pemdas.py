"""Pemdas (tenants): created and renamed by the superadmin."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from services.submission import audit, repository
from services.submission.models import (
    Pemda,
    PemdaKind,
)
from shared.auth import Principal, Role
from shared.errors import AppError, Conflict, Forbidden, NotFound
from shared.i18n import register

TIMEZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


PEMDA_FIELDS = ("slug", "name", "kind", "timezone")


register(
    {
        "pemda.bad_timezone": {
            "id": "Zona waktu '{timezone}' tidak dikenal. Pilihan: Asia/Jakarta (WIB), Asia/Makassar (WITA)"
            " atau Asia/Jayapura (WIT).",
            "en": "Unknown time zone '{timezone}'. Choices: Asia/Jakarta (WIB), Asia/Makassar (WITA)"
            " or Asia/Jayapura (WIT).",
        },
        "pemda.duplicate_slug": {
            "id": "Pemda dengan slug '{slug}' sudah ada. Gunakan slug lain.",
            "en": "A pemda with the slug '{slug}' already exists. Use another slug.",
        },
        "pemda.superadmin_only": {
            "id": "Hanya superadmin yang dapat mengelola pemda.",
            "en": "Only the superadmin can manage pemdas.",
        },
    }
)


def _require_superadmin(principal: Principal) -> None:
    if principal.role is not Role.superadmin:
        raise Forbidden("pemda.superadmin_only")


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
        raise AppError("pemda.bad_timezone", status_code=422, timezone=timezone)
    if repository.get_pemda_by_slug(session, slug):
        raise Conflict("pemda.duplicate_slug", slug=slug)
    pemda = Pemda(slug=slug, name=name, kind=kind, timezone=timezone)
    session.add(pemda)
    session.flush()
    audit.record(
        session,
        actor=actor,
        pemda_id=pemda.id,
        entity="pemda",
        entity_id=pemda.id,
        action="create",
        after=audit.fields_of(pemda, PEMDA_FIELDS),
    )
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
    session.flush()
    audit.record(
        session,
        actor=principal,
        pemda_id=pemda.id,
        entity="pemda",
        entity_id=pemda.id,
        action="update",
        before=before,
        after=audit.fields_of(pemda, PEMDA_FIELDS),
    )
    return pemda
