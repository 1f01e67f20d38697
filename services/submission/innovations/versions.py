"""Submitted versions of an innovation and what changed between two of them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from services.submission import repository
from services.submission.innovations.core import catalogue_for, get_innovation, snapshot_of
from services.submission.models import (
    Innovation,
    InnovationVersion,
)
from shared.auth import Principal
from shared.contracts.review import PROFILE_FIELDS
from shared.errors import NotFound


class UnknownVersion(NotFound, code="innovation.bad_version"): ...


def list_versions(
    session: Session, *, principal: Principal, innovation_id: uuid.UUID
) -> list[InnovationVersion]:
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    return repository.list_versions(session, innovation_id=innovation.id)


def _version_snapshot(session: Session, innovation: Innovation, version: str) -> dict[str, Any]:
    if version == "current":
        return snapshot_of(session, innovation)
    row = (
        repository.get_version(session, innovation_id=innovation.id, version=int(version))
        if version.isdigit()
        else None
    )
    if row is None:
        raise UnknownVersion(version=version)
    return row.snapshot


def get_version(
    session: Session, *, principal: Principal, innovation_id: uuid.UUID, version: str
) -> dict[str, Any]:
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    return _version_snapshot(session, innovation, version)


def compare_versions(
    session: Session, *, principal: Principal, innovation_id: uuid.UUID, base: str, other: str
) -> dict[str, Any]:
    """What changed between two versions (or a version and the current draft): fields and indicators."""
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    a, b = _version_snapshot(session, innovation, base), _version_snapshot(session, innovation, other)
    fields = [
        {"field": name, "before": a["profile"].get(name), "after": b["profile"].get(name)}
        for name in PROFILE_FIELDS
        if a["profile"].get(name) != b["profile"].get(name)
    ]

    def evidence_of(snapshot: dict[str, Any], no: int) -> dict[str, dict[str, Any]]:
        return {e["sha256"]: e for e in snapshot["evidence"] if e["indicator_no"] == no and not e.get("slot")}

    indicators = []
    for definition in catalogue_for(session, innovation).indicators:
        key = str(definition.no)
        before_answer, after_answer = a["answers"].get(key), b["answers"].get(key)
        before_ev, after_ev = evidence_of(a, definition.no), evidence_of(b, definition.no)
        added = [after_ev[s] for s in after_ev if s not in before_ev]
        removed = [before_ev[s] for s in before_ev if s not in after_ev]
        if before_answer != after_answer or added or removed:
            indicators.append(
                {
                    "indicator_no": definition.no,
                    "name": definition.name,
                    "answer_before": before_answer,
                    "answer_after": after_answer,
                    "evidence_added": [_evidence_label(e) for e in added],
                    "evidence_removed": [_evidence_label(e) for e in removed],
                }
            )
    return {"base": base, "other": other, "fields": fields, "indicators": indicators}


def _evidence_label(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        k: entry.get(k) for k in ("evidence_id", "filename", "link_url", "sha256", "nomor_surat", "tentang")
    }
