"""The verdict form of the pages: a reviewer's verdict on one indicator, and the coordinator's ruling."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any, ClassVar
from zoneinfo import ZoneInfo

from fastapi import Depends, Form
from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from services.review import verdicts
from services.review.models import Decision, Verdict
from shared.webui.forms import PageForm

NOTE_MAX = 4000
PARAMETERS = ("0", "1", "2", "3")
FIELDS = ("verdict", "verified_parameter", "note")
# A rule the verdicts module enforces, shown beside the field it is about.
FIELD_OF = {"review.verdict_note_required": "note"}
DECISION_FIELD_OF = {
    "review.note_required": "decision_note",
    "review.nothing_to_reopen": "reopen",
    "review.indicator_unknown": "reopen",
}


def typed_verdict(
    verdict: Annotated[str, Form()] = "",
    verified_parameter: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> dict[str, str]:
    """The verdict form's fields as typed (shown again beside its errors)."""
    return {"verdict": verdict, "verified_parameter": verified_parameter, "note": note}


TypedVerdict = Annotated[dict[str, str], Depends(typed_verdict)]


def _refuse(code: str, **params: Any) -> PydanticCustomError:
    return PydanticCustomError(code, code, params)


class VerdictForm(PageForm):
    """verdict (sesuai / tidak_sesuai / perlu_perbaikan), verified parameter 0 to 3, note."""

    # The message key for each field's problem (the coordinator's page words them its own way).
    messages: ClassVar[dict[str, str]] = {
        "verdict": "reviewer.error.verdict",
        "verified_parameter": "reviewer.error.parameter",
        "note": "reviewer.error.note_too_long",
    }

    # A field left out is checked like an empty one, so it gets the page's own words.
    verdict: Verdict = Field(default="", validate_default=True)
    verified_parameter: int = Field(default="", validate_default=True)
    note: str = ""

    @field_validator("verdict", mode="before")
    @classmethod
    def _known_verdict(cls, value: object) -> object:
        if value not in Verdict.__members__:
            raise _refuse(cls.messages["verdict"])
        return value

    @field_validator("verified_parameter", mode="before")
    @classmethod
    def _parameter(cls, value: object) -> object:
        if value not in PARAMETERS:
            raise _refuse(cls.messages["verified_parameter"])
        return value

    @field_validator("note")
    @classmethod
    def _note(cls, value: str, info: ValidationInfo) -> str:
        if len(value) > NOTE_MAX:
            raise _refuse(cls.messages["note"], limit=NOTE_MAX)
        return value

    def item(self, indicator_no: int) -> verdicts.VerdictInput:
        return verdicts.VerdictInput(
            indicator_no=indicator_no,
            verdict=self.verdict,
            verified_parameter=self.verified_parameter,
            note=self.note,
        )


class RulingForm(VerdictForm):
    """The coordinator's ruling on a disagreement: a verdict other than sesuai needs its note here."""

    messages: ClassVar[dict[str, str]] = {
        "verdict": "radmin.resolve.verdict_required",
        "verified_parameter": "radmin.resolve.parameter_required",
        "note": "radmin.note_too_long",
    }

    @field_validator("note")
    @classmethod
    def _note_for_the_opd(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("verdict") not in (None, Verdict.sesuai) and not value:
            raise _refuse("radmin.resolve.note_required")
        return value


def indicator_numbers(typed: list[Any]) -> list[int]:
    """The indicator numbers ticked, each once and in order (anything that is not a number left out)."""
    return sorted({int(item) for item in typed if isinstance(item, str) and item.isdigit()})


class DecisionForm(PageForm):
    """The admin's decision on a case: accept, request a revision (indicators to reopen, a deadline
    that is a day still to come in the pemda's zone), or reject; with a note for the OPD."""

    decision: Decision = Field(default="", validate_default=True)
    decision_note: str = ""
    reopen: list[int] = Field(default_factory=list)
    revision_deadline: datetime | None = None

    @field_validator("decision", mode="before")
    @classmethod
    def _known_decision(cls, value: object) -> object:
        if value not in Decision.__members__:
            raise _refuse("reviewer.error.decision")
        return value

    @field_validator("decision_note")
    @classmethod
    def _note(cls, value: str) -> str:
        if len(value) > NOTE_MAX:
            raise _refuse("reviewer.error.note_too_long", limit=NOTE_MAX)
        return value

    @field_validator("reopen", mode="before")
    @classmethod
    def _indicator_numbers(cls, value: object) -> list[int]:
        return indicator_numbers(value if isinstance(value, list) else [])

    @field_validator("revision_deadline", mode="before")
    @classmethod
    def _end_of_day(cls, value: object, info: ValidationInfo) -> datetime | None:
        """The end of the day typed (YYYY-MM-DD) in the pemda's zone (context `timezone`), in UTC."""
        text = str(value or "").strip()
        if not text:
            return None
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise _refuse("reviewer.error.deadline") from None
        zone = ZoneInfo((info.context or {}).get("timezone", "UTC"))
        deadline = datetime.combine(day, time(23, 59), tzinfo=zone).astimezone(UTC)
        if deadline <= datetime.now(UTC):
            raise _refuse("reviewer.error.deadline")
        return deadline
