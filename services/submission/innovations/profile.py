"""The innovation's profile: creating and changing a draft, its title checks and the rules between fields."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy.orm import Session

from services.submission import audit, periods, repository
from services.submission.innovations import profile_fields
from services.submission.innovations.core import audit_innovation, for_change, innovation_period, title_key
from services.submission.models import (
    Innovation,
    InnovationStatus,
    Period,
)
from services.submission.schemas import InnovationCreate, InnovationUpdate
from shared.auth import Principal, Role
from shared.contracts import urusan as urusan_list
from shared.contracts.review import PROFILE_FIELDS
from shared.db import utc_now
from shared.errors import Conflict, Forbidden, InvalidInput
from shared.i18n import translate
from shared.messaging.outbox import UnitOfWork

SIMILAR_TITLE_RATIO = 0.8


class DuplicateTitle(Conflict, code="innovation.duplicate_title"): ...


class TrialAfterImplementation(InvalidInput, code="innovation.uji_coba_after_penerapan"): ...


class DevelopmentDateMissing(InvalidInput, code="innovation.pengembangan_date_missing"): ...


class UnknownTematik(InvalidInput, code="innovation.bad_tematik"): ...


class UnknownUrusan(InvalidInput, code="innovation.bad_urusan"): ...


class ImplementationOutsideWindow(InvalidInput, code="innovation.penerapan_outside_window"): ...


class NotOpdOperator(Forbidden, code="innovation.not_opd_member"): ...


class NoOpenPeriod(Conflict, code="innovation.no_open_period"): ...


@dataclass(frozen=True)
class TitleWarning:
    code: str
    message: str
    similar_to: tuple[str, ...]


def _title_checks(session: Session, innovation: Innovation) -> list[TitleWarning]:
    """Refuse a title used in this period; warn about similar ones of the pemda, any year."""
    key = title_key(innovation.nama)
    with session.no_autoflush:  # a changed title must not reach the unique index before this check
        clash = repository.find_title(
            session, period_id=innovation.period_id, title_key=key, exclude=innovation.id
        )
        if clash is not None:
            raise DuplicateTitle(nama=innovation.nama)
        titles = repository.titles_of_pemda(session, pemda_id=innovation.pemda_id)
    folded = " ".join(innovation.nama.casefold().split())
    similar = []
    for other_id, other_nama, year in titles:
        if other_id == innovation.id:
            continue
        ratio = SequenceMatcher(None, folded, " ".join(other_nama.casefold().split())).ratio()
        if ratio >= SIMILAR_TITLE_RATIO:
            similar.append(f"{other_nama} ({year})")
    if not similar:
        return []
    return [
        TitleWarning(
            code="innovation.similar_title",
            message=translate("innovation.similar_title", titles="; ".join(similar[:5])),
            similar_to=tuple(similar[:5]),
        )
    ]


def _validate_profile(innovation: Innovation, period: Period) -> None:
    """Rules between profile fields (422 naming what to fix)."""
    uji_coba, penerapan = innovation.waktu_uji_coba, innovation.waktu_penerapan
    if uji_coba and penerapan and uji_coba > penerapan:
        raise TrialAfterImplementation()
    if innovation.pengembangan and innovation.waktu_pengembangan is None:
        raise DevelopmentDateMissing()
    if innovation.tematik and period.tematik_options and innovation.tematik not in period.tematik_options:
        raise UnknownTematik(
            value=innovation.tematik,
            choices=", ".join(period.tematik_options),
        )
    start, end = period.eligible_from, period.eligible_to
    if innovation.waktu_penerapan and start and end and not start <= innovation.waktu_penerapan <= end:
        developed = innovation.pengembangan and innovation.waktu_pengembangan
        if not (developed and start <= innovation.waktu_pengembangan <= end):  # type: ignore[operator]
            raise ImplementationOutsideWindow(
                start=start.isoformat(),
                end=end.isoformat(),
            )


def urusan_codes(values: dict[str, Any], *, kept: Innovation | None = None) -> dict[str, Any]:
    """The sent urusan as codes of the list (a code or any known spelling); anything else is refused.

    Text stored before the list existed and sent back unchanged is kept (the admin's page lists it)."""
    old_utama = kept.urusan_utama if kept else None
    old_lain = set(kept.urusan_lain or []) if kept else set()

    def code_of(text: str, old: set[str]) -> str:
        code = urusan_list.normalise(text)
        if code is None and text not in old:
            raise UnknownUrusan(value=text)
        return code or text

    result = dict(values)
    if "urusan_utama" in values:
        utama = (values["urusan_utama"] or "").strip()
        result["urusan_utama"] = code_of(utama, {old_utama} if old_utama else set()) if utama else None
    if "urusan_lain" in values and values["urusan_lain"] is not None:
        lain = [code_of(t.strip(), old_lain) for t in values["urusan_lain"] if t and t.strip()]
        main = result.get("urusan_utama", old_utama)
        result["urusan_lain"] = [c for c in dict.fromkeys(lain) if c != main]
    return result


def create_innovation(
    uow: UnitOfWork, *, principal: Principal, data: InnovationCreate
) -> tuple[Innovation, list[TitleWarning]]:
    """Start a draft in the pemda's open period."""
    if principal.role is not Role.opd_operator or principal.opd_id is None or principal.pemda_id is None:
        raise NotOpdOperator()
    period = repository.get_open_period(uow.session, pemda_id=principal.pemda_id, at=utc_now())
    if period is None:
        raise NoOpenPeriod()
    pemda = repository.get_pemda(uow.session, principal.pemda_id)
    assert pemda is not None
    periods.ensure_open_for(uow.session, period=period, opd_id=principal.opd_id, timezone=pemda.timezone)
    innovation = Innovation(
        pemda_id=principal.pemda_id,
        period_id=period.id,
        opd_id=principal.opd_id,
        created_by=principal.user_id,
        status=InnovationStatus.draft,
        evidence=[],
        answers=[],
        urusan_lain=[],
        reopened_indicators=[],
        indicator_notes=[],
        pengembangan=False,
        rancang_bangun="",
        tujuan="",
        manfaat="",
        hasil="",
    )
    values = profile_fields.normalised(urusan_codes(data.model_dump(exclude_unset=True)))
    for name, value in values.items():
        setattr(innovation, name, value)
    innovation.title_key = title_key(innovation.nama)
    _validate_profile(innovation, period)
    profile_fields.check(innovation)
    warnings = _title_checks(uow.session, innovation)
    uow.session.add(innovation)
    uow.session.flush()
    audit_innovation(
        uow,
        principal,
        innovation,
        "create",
        after=audit.fields_of(innovation, PROFILE_FIELDS),
    )
    return innovation, warnings


def update_innovation(
    uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID, data: InnovationUpdate
) -> tuple[Innovation, list[TitleWarning]]:
    """Change profile fields of a draft (only the fields sent)."""
    innovation = for_change(uow.session, principal, innovation_id, indicator_no=None)
    period = innovation_period(uow.session, innovation)
    before = audit.fields_of(innovation, PROFILE_FIELDS)
    values = profile_fields.normalised(urusan_codes(data.model_dump(exclude_unset=True), kept=innovation))
    for name, value in values.items():
        if value is None and name in ("nama", "tahapan", "jenis"):
            continue
        setattr(innovation, name, value)
    innovation.title_key = title_key(innovation.nama)
    _validate_profile(innovation, period)
    profile_fields.check(innovation)
    warnings = _title_checks(uow.session, innovation)
    uow.session.flush()
    audit_innovation(
        uow,
        principal,
        innovation,
        "update",
        before=before,
        after=audit.fields_of(innovation, PROFILE_FIELDS),
    )
    return innovation, warnings


def title_warnings(session: Session, innovation: Innovation) -> list[TitleWarning]:
    """Similar titles of the pemda (any year) to show beside a draft; an exact clash is refused on save."""
    try:
        return _title_checks(session, innovation)
    except Conflict:
        return []
