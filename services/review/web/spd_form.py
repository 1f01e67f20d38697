"""The SPD form of the admin's pages: one row per pemda-level indicator, filled in or left empty."""

from __future__ import annotations

from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError

from services.review.web.verdict_form import NOTE_MAX
from shared.errors import AppError
from shared.webui.forms import FormInvalid, PageForm, read_form

URL_LIMIT = 1000
PARAMETERS = ("", "0", "1", "2", "3")
FIELDS = ("parameter", "figure", "note", "evidence_url")
FIGURE_LIMIT = 40


class SpdRowForm(PageForm):
    """parameter 0 to 3 (empty: not entered) or the raw figure it is derived from, a note, a web
    address of the evidence."""

    parameter: int | None = None
    figure: str = ""
    note: str = ""
    evidence_url: str | None = None

    @field_validator("parameter", mode="before")
    @classmethod
    def _parameter(cls, value: object) -> object:
        if value not in PARAMETERS:
            raise PydanticCustomError("radmin.spd.parameter_invalid", "radmin.spd.parameter_invalid")
        return None if value == "" else value

    @field_validator("figure")
    @classmethod
    def _figure(cls, value: str) -> str:
        if len(value) > FIGURE_LIMIT:
            raise PydanticCustomError(
                "radmin.spd.figure_too_long", "radmin.spd.figure_too_long", {"limit": FIGURE_LIMIT}
            )
        return value.strip()

    @field_validator("note")
    @classmethod
    def _note(cls, value: str) -> str:
        if len(value) > NOTE_MAX:
            raise PydanticCustomError("radmin.note_too_long", "radmin.note_too_long", {"limit": NOTE_MAX})
        return value

    @field_validator("evidence_url", mode="before")
    @classmethod
    def _url(cls, value: object) -> object:
        url = str(value or "").strip()
        if url and (not url.startswith(("http://", "https://")) or len(url) > URL_LIMIT or " " in url):
            raise PydanticCustomError(
                "radmin.spd.url_invalid", "radmin.spd.url_invalid", {"limit": URL_LIMIT}
            )
        return url or None

    @model_validator(mode="after")
    def _parameter_for_what_was_written(self) -> SpdRowForm:
        if self.parameter is None and not self.figure and (self.note or self.evidence_url):
            raise PydanticCustomError("radmin.spd.parameter_required", "radmin.spd.parameter_required")
        return self


def read_spd_rows(typed: dict[str, dict[str, str]], known: set[str]) -> dict[str, SpdRowForm]:
    """Each known row's values as a form, or `FormInvalid` naming every field (`part-code`) to fix."""
    rows: dict[str, SpdRowForm] = {}
    problems: dict[str, AppError] = {}
    for code, entry in typed.items():
        if code not in known:
            continue
        try:
            rows[code] = read_form(SpdRowForm, entry)
        except FormInvalid as invalid:
            for field, problem in invalid.problems.items():
                problems[f"{'parameter' if field == '__all__' else field}-{code}"] = problem
    if problems:
        raise FormInvalid(problems)
    return rows
