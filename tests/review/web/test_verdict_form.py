"""The verdict form: what a reviewer or the coordinator typed, checked in words before any rule runs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.review.models import Decision, Verdict
from services.review.web import messages  # noqa: F401 - registers the texts
from services.review.web.verdict_form import NOTE_MAX, DecisionForm, RulingForm, TypedVerdict, VerdictForm
from shared.webui.forms import FormInvalid, read_form


def problems(form: type[VerdictForm], values: dict[str, str]) -> dict[str, str]:
    with pytest.raises(FormInvalid) as refused:
        read_form(form, values)
    return {field: problem.message() for field, problem in refused.value.problems.items()}


def test_a_complete_verdict_becomes_the_input_of_the_verdicts_module() -> None:
    form = read_form(VerdictForm, {"verdict": "perlu_perbaikan", "verified_parameter": "2", "note": " SK? "})
    item = form.item(7)
    assert (item.indicator_no, item.verdict, item.verified_parameter, item.note) == (
        7,
        Verdict.perlu_perbaikan,
        2,
        "SK?",
    )


def test_each_field_says_what_is_wrong_on_the_reviewers_page() -> None:
    found = problems(
        VerdictForm, {"verdict": "bagus", "verified_parameter": "4", "note": "x" * (NOTE_MAX + 1)}
    )
    assert found["verdict"].startswith("Pilih salah satu penilaian")
    assert found["verified_parameter"] == "Pilih parameter terverifikasi 0 sampai 3."
    assert str(NOTE_MAX) in found["note"]


def test_the_ruling_words_its_problems_for_the_coordinator_and_needs_a_note_unless_sesuai() -> None:
    found = problems(RulingForm, {"verified_parameter": "", "note": ""})
    assert found["verdict"].startswith("Pilih penilaian akhir")
    assert found["verified_parameter"].startswith("Pilih parameter terverifikasi dari 0 sampai 3")
    assert problems(RulingForm, {"verdict": "tidak_sesuai", "verified_parameter": "1", "note": "  "})[
        "note"
    ].startswith("Tulis catatan")
    assert read_form(RulingForm, {"verdict": "sesuai", "verified_parameter": "3"}).note == ""


class TestDecisionForm:
    def test_a_revision_is_read_with_its_indicators_and_the_end_of_the_day_in_the_pemdas_zone(self) -> None:
        form = read_form(
            DecisionForm,
            {
                "decision": "revision_requested",
                "reopen": ["10", "3", "x", "3"],
                "revision_deadline": "2999-01-31",
            },
            context={"timezone": "Asia/Makassar"},
        )
        assert form.decision is Decision.revision_requested
        assert form.reopen == [3, 10]
        assert form.revision_deadline == datetime(2999, 1, 31, 15, 59, tzinfo=UTC)  # 23.59 WITA

    def test_each_field_says_what_is_wrong(self) -> None:
        with pytest.raises(FormInvalid) as refused:
            read_form(
                DecisionForm,
                {
                    "decision": "maybe",
                    "decision_note": "x" * (NOTE_MAX + 1),
                    "revision_deadline": "2000-01-01",
                },
                context={"timezone": "Asia/Jakarta"},
            )
        assert {field: problem.code for field, problem in refused.value.problems.items()} == {
            "decision": "reviewer.error.decision",
            "decision_note": "reviewer.error.note_too_long",
            "revision_deadline": "reviewer.error.deadline",
        }

    def test_a_date_that_is_not_a_date_is_refused(self) -> None:
        with pytest.raises(FormInvalid) as refused:
            read_form(DecisionForm, {"decision": "accepted", "revision_deadline": "besok"})
        assert set(refused.value.problems) == {"revision_deadline"}


def test_the_typed_fields_are_read_from_the_form_and_left_empty_when_missing() -> None:
    app = FastAPI()

    @app.post("/form")
    def echo(typed: TypedVerdict) -> dict[str, str]:
        return typed

    with TestClient(app) as http:
        full = http.post(
            "/form", data={"verdict": "sesuai", "verified_parameter": "2", "note": "ok", "x": "y"}
        )
        empty = http.post("/form", data={})

    assert full.json() == {"verdict": "sesuai", "verified_parameter": "2", "note": "ok"}
    assert empty.json() == {"verdict": "", "verified_parameter": "", "note": ""}
