"""The SPD form: each row's values typed as the page sends them, and every field's problem named."""

from __future__ import annotations

import pytest

from services.review.web.spd_form import read_spd_rows
from services.review.web.verdict_form import NOTE_MAX
from shared.webui.forms import FormInvalid

EMPTY = {"parameter": "", "note": "", "evidence_url": ""}


def test_rows_are_typed_and_trimmed_and_unknown_codes_are_left_out() -> None:
    rows = read_spd_rows(
        {
            "spd-1": {
                "parameter": "2",
                "note": "  Perkada 2025 ",
                "evidence_url": " https://kukarkab.go.id/a.pdf ",
            },
            "spd-2": EMPTY,
            "bukan-spd": {"parameter": "9", "note": "", "evidence_url": ""},
        },
        known={"spd-1", "spd-2"},
    )

    assert set(rows) == {"spd-1", "spd-2"}
    assert (rows["spd-1"].parameter, rows["spd-1"].note, rows["spd-1"].evidence_url) == (
        2,
        "Perkada 2025",
        "https://kukarkab.go.id/a.pdf",
    )
    assert (rows["spd-2"].parameter, rows["spd-2"].evidence_url) == (None, None)


def test_every_problem_is_named_by_its_field_and_row() -> None:
    with pytest.raises(FormInvalid) as invalid:
        read_spd_rows(
            {
                "spd-1": {
                    "parameter": "7",
                    "note": "x" * (NOTE_MAX + 1),
                    "evidence_url": "javascript:alert(1)",
                },
                "spd-2": {"parameter": "", "note": "Catatan tanpa parameter", "evidence_url": ""},
            },
            known={"spd-1", "spd-2"},
        )

    assert {name: problem.code for name, problem in invalid.value.problems.items()} == {
        "parameter-spd-1": "radmin.spd.parameter_invalid",
        "note-spd-1": "radmin.note_too_long",
        "evidence_url-spd-1": "radmin.spd.url_invalid",
        "parameter-spd-2": "radmin.spd.parameter_required",
    }
