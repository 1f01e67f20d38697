"""The self-assessment: claimed parameters per indicator, the score and what is still missing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from services.submission import audit
from services.submission.innovations.core import (
    audit_innovation,
    catalogue_for,
    for_change,
    get_innovation,
    indicator_of,
    word_count,
)
from services.submission.models import (
    IndicatorAnswer,
    Innovation,
    Tahapan,
)
from shared.auth import Principal
from shared.contracts.catalogue import IndicatorDefinition
from shared.contracts.review import PROFILE_FIELDS, PROFILE_FIELDS_2026
from shared.errors import InvalidInput, NotFound
from shared.i18n import translate
from shared.messaging.outbox import UnitOfWork

# Left to the OPD: further urusan, and the dates, which only the stages reached call for (STAGE_DATES);
# the 2026 fields, so that drafts started before them still send.
OPTIONAL_FIELDS = frozenset(
    {
        "urusan_lain",
        "waktu_uji_coba",
        "waktu_penerapan",
        "pengembangan",
        "waktu_pengembangan",
        *PROFILE_FIELDS_2026,
    }
)
REQUIRED_FIELDS = tuple(name for name in PROFILE_FIELDS if name not in OPTIONAL_FIELDS)


MIN_RANCANG_BANGUN_WORDS = 300


STAGE_DATES = {
    Tahapan.uji_coba: ("waktu_uji_coba",),
    Tahapan.penerapan: ("waktu_uji_coba", "waktu_penerapan"),
}


def required_fields(tahapan: Tahapan) -> tuple[str, ...]:
    """The profile fields an innovation at this stage must fill, with the dates of the stages it reached."""
    return REQUIRED_FIELDS + STAGE_DATES.get(tahapan, ())


class BadParameter(InvalidInput, code="innovation.bad_parameter"): ...


class BadBasis(InvalidInput, code="innovation.bad_basis"): ...


def set_answer(
    uow: UnitOfWork,
    *,
    principal: Principal,
    innovation_id: uuid.UUID,
    indicator_no: int,
    parameter: int,
    kemanfaatan_basis: str | None,
) -> IndicatorAnswer:
    """Claim a parameter (1-3) for an indicator, with the kemanfaatan basis where it has bases."""
    innovation = for_change(uow.session, principal, innovation_id, indicator_no=indicator_no)
    definition = indicator_of(catalogue_for(uow.session, innovation), indicator_no)
    if parameter not in {p.value for p in definition.parameters}:
        raise BadParameter(indicator_no=indicator_no)
    if definition.kemanfaatan_bases:
        codes = [b.code for b in definition.kemanfaatan_bases]
        if kemanfaatan_basis not in codes:
            raise BadBasis(indicator_no=indicator_no, choices=", ".join(codes))
    else:
        kemanfaatan_basis = None
    answer = next((a for a in innovation.answers if a.indicator_no == indicator_no), None)
    before = audit.fields_of(answer, ("parameter", "kemanfaatan_basis")) if answer else None
    if answer is None:
        answer = IndicatorAnswer(innovation_id=innovation.id, indicator_no=indicator_no, parameter=parameter)
        innovation.answers.append(answer)
    answer.parameter, answer.kemanfaatan_basis = parameter, kemanfaatan_basis
    uow.session.flush()
    audit_innovation(
        uow,
        principal,
        innovation,
        f"answer.{indicator_no}",
        before=before,
        after={"parameter": parameter, "kemanfaatan_basis": kemanfaatan_basis},
    )
    return answer


@dataclass(frozen=True)
class IndicatorScore:
    no: int
    name: str
    bobot: Decimal
    wajib: bool
    evidence_kind: str
    parameter: int
    kemanfaatan_basis: str | None
    score: Decimal
    evidence_count: int
    reopened: bool

    @property
    def unsupported(self) -> bool:
        """A parameter claimed with no evidence to show for it: reviewers cannot verify it."""
        return self.parameter > 0 and self.evidence_count == 0


@dataclass(frozen=True)
class Missing:
    code: str
    message: str
    field: str | None = None
    indicator_no: int | None = None


@dataclass(frozen=True)
class Assessment:
    indicators: list[IndicatorScore]
    total: Decimal
    max_score: Decimal
    rancang_bangun_words: int
    missing: list[Missing]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def supported_total(self) -> Decimal:
        """The claimed score counting only indicators whose parameter has evidence behind it."""
        return sum((r.score for r in self.indicators if not r.unsupported), Decimal(0))

    @property
    def unsupported_indicators(self) -> list[int]:
        return [r.no for r in self.indicators if r.unsupported]


def assess(session: Session, innovation: Innovation) -> Assessment:
    """Claimed score per indicator and in total, and exactly what is still missing."""
    catalogue = catalogue_for(session, innovation)
    answers = {a.indicator_no: a for a in innovation.answers}
    evidence = innovation.current_evidence
    rows, missing = [], []
    for field in required_fields(innovation.tahapan):
        value = getattr(innovation, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(
                Missing(code="missing.field", field=field, message=translate("missing.field", field=field))
            )
    words = word_count(innovation.rancang_bangun or "")
    if innovation.rancang_bangun and words < MIN_RANCANG_BANGUN_WORDS:
        missing.append(
            Missing(
                code="missing.rancang_bangun",
                field="rancang_bangun",
                message=translate("missing.rancang_bangun", words=words, minimum=MIN_RANCANG_BANGUN_WORDS),
            )
        )
    for definition in catalogue.indicators:
        answer = answers.get(definition.no)
        count = sum(1 for e in evidence if e.indicator_no == definition.no)
        parameter = answer.parameter if answer else 0
        rows.append(
            IndicatorScore(
                no=definition.no,
                name=definition.name,
                bobot=definition.bobot,
                wajib=definition.wajib,
                evidence_kind=definition.evidence_kind,
                parameter=parameter,
                kemanfaatan_basis=answer.kemanfaatan_basis if answer else None,
                score=definition.bobot * parameter,
                evidence_count=count,
                reopened=definition.no in (innovation.reopened_indicators or []),
            )
        )
        params = {"indicator_no": definition.no, "name": definition.name}
        lacking = {
            "missing.answer": definition.wajib and answer is None,
            "missing.evidence": definition.wajib and count == 0,
            "missing.basis": bool(answer and definition.kemanfaatan_bases and not answer.kemanfaatan_basis),
        }
        missing.extend(
            Missing(code=code, indicator_no=definition.no, message=translate(code, **params))
            for code, lacks in lacking.items()
            if lacks
        )
    return Assessment(
        indicators=rows,
        total=sum((r.score for r in rows), Decimal(0)),
        max_score=catalogue.max_score,
        rancang_bangun_words=words,
        missing=missing,
    )


def assessment(session: Session, *, principal: Principal, innovation_id: uuid.UUID) -> Assessment:
    return assess(session, get_innovation(session, principal=principal, innovation_id=innovation_id))


def indicator_definition(
    session: Session, *, principal: Principal, innovation_id: uuid.UUID, indicator_no: int
) -> tuple[Innovation, IndicatorDefinition]:
    """An innovation the caller may see and one indicator of its period's catalogue (404 if no such one)."""
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    definition = catalogue_for(session, innovation).indicator(indicator_no)
    if definition is None:
        raise NotFound()
    return innovation, definition
