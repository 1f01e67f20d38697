"""The indicator catalogue of a period, as it travels between services (IID, DOMAIN.md §3-4).

Submission keeps the catalogue files and sends the catalogue with each period to review; a
catalogue that breaks its own rules cannot be built from these models.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, model_validator

SCHEMA_VERSION: Literal[2] = 2
NO_SOURCE = "nilai bawaan, tanpa sumber"


def _number(value: Decimal) -> int | float:
    """A weight in JSON: 3 stays 3, 0.75 is 0.75 (read back exactly, Decimal from its shortest text)."""
    return int(value) if value == value.to_integral_value() else float(value)


# A weight such as 0,75 or 1,5 (SPD, Pedoman IGA 2026): exact in arithmetic, a plain number in JSON.
Points = Annotated[Decimal, PlainSerializer(_number, return_type=int | float, when_used="json")]
Bobot = Annotated[Points, Field(gt=0)]

EvidenceKind = Literal["pdf", "pdf_or_image", "image", "video"]

EVIDENCE_TYPES: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf",),
    "pdf_or_image": ("application/pdf", "image/jpeg", "image/png"),
    "image": ("image/jpeg", "image/png"),
    "video": ("video/mp4", "video/quicktime"),
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Parameter(_Frozen):
    """One of the three parameters; for an SPD row, also the raw figures that earn it.

    `min`/`max` bound a typed number (inclusive, None = open); `choices` name the answers that earn it
    (Opini BPK "WTP"). Where the source's bands overlap, the higher parameter wins (checked 3, 2, 1).
    """

    value: int = Field(ge=1, le=3)
    text: str = Field(min_length=1)
    min: Decimal | None = None
    max: Decimal | None = None
    choices: tuple[str, ...] = ()

    def earned_by(self, figure: Decimal) -> bool:
        return (self.min is None or figure >= self.min) and (self.max is None or figure <= self.max)


def _one_two_three(parameters: tuple[Parameter, ...], where: str) -> None:
    if [p.value for p in parameters] != [1, 2, 3]:
        raise ValueError(f"{where}: parameters must be valued 1, 2, 3 in that order")


class KemanfaatanBasis(_Frozen):
    """One basis of indicator 18 (persons served, coverage, efficiency...) with its three ranges."""

    code: str = Field(min_length=1, max_length=2)
    name: str
    parameters: tuple[Parameter, ...]

    @model_validator(mode="after")
    def _three(self) -> Self:
        _one_two_three(self.parameters, f"kemanfaatan basis {self.code}")
        return self


class IndicatorDefinition(_Frozen):
    """One of the innovation (SID) indicators: score = bobot x parameter value (0 if unanswered)."""

    no: int = Field(ge=1)
    name: str
    bobot: Bobot
    wajib: bool
    variable: str = ""
    parameters: tuple[Parameter, ...]
    evidence_kind: EvidenceKind
    max_size_mb: int = Field(ge=1, le=2000)  # stored in bytes in a 32-bit column by submission
    guidance: str = ""
    kemanfaatan_bases: tuple[KemanfaatanBasis, ...] = ()
    source: str = ""

    @property
    def allowed_types(self) -> tuple[str, ...]:
        return EVIDENCE_TYPES[self.evidence_kind]

    @model_validator(mode="after")
    def _three(self) -> Self:
        _one_two_three(self.parameters, f"indicator {self.no}")
        return self


SpdInput = Literal["parameter", "number", "choice"]


class SpdIndicatorDefinition(_Frozen):
    """A pemda-level (SPD) row, filled by the admin for the whole pemda.

    `input` says what the admin types: the parameter itself, a number (with `unit`) whose bands earn
    1/2/3, or one of the named answers (`choices`) of each parameter.
    """

    code: str
    name: str
    bobot: Bobot
    wajib: bool = False
    variable: str = ""
    input: SpdInput = "parameter"
    unit: str = ""
    parameters: tuple[Parameter, ...]
    source: str = ""

    def parameter_for(self, raw: Decimal | str) -> int:
        """The parameter a raw figure or answer earns (0 when it earns none), best parameter first."""
        for parameter in sorted(self.parameters, key=lambda p: p.value, reverse=True):
            if isinstance(raw, Decimal) and self.input == "number" and parameter.earned_by(raw):
                return parameter.value
            if isinstance(raw, str) and raw.strip().casefold() in {c.casefold() for c in parameter.choices}:
                return parameter.value
        return 0

    @model_validator(mode="after")
    def _three(self) -> Self:
        _one_two_three(self.parameters, f"SPD indicator {self.code}")
        if self.input == "number" and any(p.min is None and p.max is None for p in self.parameters):
            raise ValueError(f"SPD indicator {self.code}: every parameter of a number row needs min or max")
        if self.input == "choice" and any(not p.choices for p in self.parameters):
            raise ValueError(f"SPD indicator {self.code}: every parameter of a choice row needs choices")
        return self


class Predicate(_Frozen):
    """A band of the index: `Sangat Inovatif` from 60.01, `Tidak Dapat Dinilai` at 0..."""

    name: str
    min_score: float = Field(ge=0, le=100)


class JumlahInovasiRule(_Frozen):
    """Score for the number of innovations: per_innovation x min(n, cap), at most max_score, and zero
    unless the innovations cover every urusan in required_urusan."""

    per_innovation: float = Field(default=0.38, ge=0)
    cap_innovations: int = Field(default=200, ge=0)
    max_score: float = Field(default=76, ge=0)
    required_urusan: tuple[str, ...] = ()
    required_count: int | None = Field(
        default=None, ge=0, description="how many of required_urusan must be covered (None: all of them)"
    )


class YearRules(_Frozen):
    """The rules of an assessment year a new period takes as its defaults, each with its source.

    `sources` names where each value comes from (`NO_SOURCE` where only today's default stands).
    Eligibility: innovations first applied from 1 January of year - eligibility_years_back to
    31 December of the previous year.
    """

    k: int = Field(ge=1)
    predicates: tuple[Predicate, ...]
    tematik: tuple[str, ...]
    eligibility_years_back: int = Field(ge=1, le=10)
    jumlah_inovasi: JumlahInovasiRule
    sources: dict[str, str]

    @model_validator(mode="after")
    def _every_value_sourced(self) -> Self:
        missing = [name for name in RULE_NAMES if not self.sources.get(name)]
        if missing:
            raise ValueError(f"year rules without a source: {', '.join(missing)}")
        return self


RULE_NAMES = ("k", "predicates", "tematik", "eligibility_years_back", "jumlah_inovasi")


class Catalogue(_Frozen):
    """A versioned catalogue (`iid-2025`, `iid-2023`): indicators, weights and their declared totals."""

    schema_version: Literal[2] = SCHEMA_VERSION
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    name: str
    source: str = ""
    total_bobot: Bobot = Field(description="the weights must add up to this (37 for the national catalogue)")
    spd_total_bobot: Bobot
    indicators: tuple[IndicatorDefinition, ...]
    spd_indicators: tuple[SpdIndicatorDefinition, ...] = ()
    year_rules: YearRules | None = None

    @property
    def max_score(self) -> Decimal:
        return 3 * self.total_bobot

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        """A schema 1 copy (integer weights, no wajib on SPD rows) still in flight reads as schema 2."""
        if isinstance(data, dict) and data.get("schema_version", 1) == 1:
            data = {**data, "schema_version": SCHEMA_VERSION}
        return data

    def indicator(self, no: int) -> IndicatorDefinition | None:
        return next((i for i in self.indicators if i.no == no), None)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        numbers = [i.no for i in self.indicators]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError("indicators must be numbered 1..n without gaps, in order")
        if sum(i.bobot for i in self.indicators) != self.total_bobot:
            raise ValueError(
                f"indicator weights add up to {sum(i.bobot for i in self.indicators)}, not {self.total_bobot}"
            )
        if sum(i.bobot for i in self.spd_indicators) != self.spd_total_bobot:
            raise ValueError("SPD indicator weights do not add up to spd_total_bobot")
        if len({s.code for s in self.spd_indicators}) != len(self.spd_indicators):
            raise ValueError("SPD indicator codes must be unique")
        return self
