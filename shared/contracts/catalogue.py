"""The indicator catalogue of a period, as it travels between services (IID, DOMAIN.md §3-4).

Submission keeps the catalogue files and sends the catalogue with each period to review; a
catalogue that breaks its own rules cannot be built from these models.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    value: int = Field(ge=1, le=3)
    text: str = Field(min_length=1)


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
    bobot: int = Field(ge=1)
    wajib: bool
    parameters: tuple[Parameter, ...]
    evidence_kind: EvidenceKind
    max_size_mb: int = Field(ge=1, le=2000)  # stored in bytes in a 32-bit column by submission
    guidance: str = ""
    kemanfaatan_bases: tuple[KemanfaatanBasis, ...] = ()

    @property
    def allowed_types(self) -> tuple[str, ...]:
        return EVIDENCE_TYPES[self.evidence_kind]

    @model_validator(mode="after")
    def _three(self) -> Self:
        _one_two_three(self.parameters, f"indicator {self.no}")
        return self


class SpdIndicatorDefinition(_Frozen):
    """A pemda-level (SPD) indicator, filled by the admin for the whole pemda."""

    code: str
    name: str
    bobot: int = Field(ge=1)
    parameters: tuple[Parameter, ...]

    @model_validator(mode="after")
    def _three(self) -> Self:
        _one_two_three(self.parameters, f"SPD indicator {self.code}")
        return self


class Catalogue(_Frozen):
    """A versioned catalogue (`iid-2025`, `iid-2023`): indicators, weights and their declared totals."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    name: str
    total_bobot: int = Field(description="the weights must add up to this (37 for the national catalogue)")
    spd_total_bobot: int
    indicators: tuple[IndicatorDefinition, ...]
    spd_indicators: tuple[SpdIndicatorDefinition, ...] = ()

    @property
    def max_score(self) -> int:
        return 3 * self.total_bobot

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
