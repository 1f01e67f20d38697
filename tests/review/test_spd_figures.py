"""Raw SPD figures read the Indonesian way, and the parameter each earns under Pedoman IGA 2026."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.review import spd_figures
from services.submission.catalogue import load_catalogue
from shared.contracts.catalogue import SpdIndicatorDefinition
from shared.errors import AppError


def row(code: str) -> SpdIndicatorDefinition:
    found = next(s for s in load_catalogue("iid-2025").spd_indicators if s.code == code)
    return found


class TestReadFigure:
    @pytest.mark.parametrize(
        ("typed", "figure"),
        [
            ("72,40", Decimal("72.40")),
            (" 72,4 ", Decimal("72.4")),
            ("72.40", Decimal("72.40")),
            ("-50,32 %", Decimal("-50.32")),
            ("1.234,5", Decimal("1234.5")),
            ("0", Decimal("0")),
        ],
    )
    def test_the_indonesian_comma_and_a_point_both_read(self, typed: str, figure: Decimal) -> None:
        assert spd_figures.read_figure(typed) == figure

    @pytest.mark.parametrize("typed", ["", "tinggi", "72,4,0", "1e5", "--3", "72,40 persen"])
    def test_what_is_not_a_number_is_refused(self, typed: str) -> None:
        with pytest.raises(spd_figures.SpdFigureInvalid):
            spd_figures.read_figure(typed, code="11b")

    def test_more_decimals_than_the_guideline_are_refused_not_rounded(self) -> None:
        with pytest.raises(spd_figures.SpdFigureTooPrecise) as raised:
            spd_figures.read_figure("5,913", code="5b")
        assert "5b" in raised.value.message()
        assert "lebih dari 2 angka di belakang koma" in raised.value.message()


class TestParameterOf:
    @pytest.mark.parametrize(
        ("code", "typed", "parameter"),
        [
            ("11b", "72,40", 2),  # IPM: 70,00 s.d. 79,99
            ("11b", "69,99", 1),
            ("11b", "80", 3),
            ("11a", "0,90", 3),  # "0,56 s.d. 0,90" and "≥ 0,90" overlap: the higher wins
            ("4", "5,23", 3),
            ("4", "2,04", 1),
            ("4", "2,05", 2),
            ("3", "-50,32", 1),
            ("3", "-50,33", 1),  # the source's "-50,33 s.d." for band 2 reads as after -50,32
            ("3", "-50,31", 2),
            ("3", "8,17", 3),
            ("5a", "-0,40", 1),  # unemployment rose: ≤ 0,00
            ("5a", "0,36", 3),
            ("5b", "5,91", 2),  # "≥ 5,91" earns 1, "2,34 s.d. 5,92" earns 2: the higher wins
            ("5b", "6,00", 1),
            ("5b", "2,35", 3),
            ("10b", "13,11", 2),
            ("10b", "13,12", 1),
            ("10b", "4,82", 3),
            ("6", "94,76", 3),
            ("7", "-5,14", 1),
            ("7", "-5,13", 2),
            ("6", "-47,42", 1),
            ("6", "-47,41", 2),
            ("2a", "3", 3),
            ("2a", "0", 0),  # late every year: no parameter
            ("2b", "1", 0),
            ("2b", "7", 3),
            ("13a", "5", 2),
            ("13a", "0", 0),
        ],
    )
    def test_number_rows(self, code: str, typed: str, parameter: int) -> None:
        assert spd_figures.parameter_of(row(code), typed)[0] == parameter

    @pytest.mark.parametrize(
        ("code", "typed", "parameter", "kept"),
        [
            ("8", "WTP", 3, "WTP"),
            ("8", "wdp", 2, "WDP"),
            ("8", "TMP", 1, "TMP"),
            ("8", "tw", 1, "TW"),
            ("9", "A", 3, "A"),
            ("9", "c", 1, "C"),
            ("13b", "Sangat Baik", 3, "Sangat Baik"),
        ],
    )
    def test_choice_rows(self, code: str, typed: str, parameter: int, kept: str) -> None:
        assert spd_figures.parameter_of(row(code), typed) == (parameter, kept)

    def test_an_unknown_answer_names_the_choices(self) -> None:
        with pytest.raises(spd_figures.SpdChoiceUnknown) as raised:
            spd_figures.parameter_of(row("8"), "Baik")
        message = raised.value.message()
        assert "WTP" in message
        assert "WDP" in message

    def test_a_row_chosen_by_parameter_takes_no_figure(self) -> None:
        with pytest.raises(AppError):
            spd_figures.parameter_of(row("1"), "3")

    def test_the_kept_figure_is_the_decimal_read(self) -> None:
        assert spd_figures.parameter_of(row("11b"), "72,40") == (2, "72.40")


class TestMissingWajib:
    def test_the_mandatory_rows_not_entered_are_named_in_order(self) -> None:
        catalogue = load_catalogue("iid-2025")
        entered = {"1", "3", "4", "5a", "5b", "6", "7", "8", "9", "10a", "11a", "11b", "12"}

        missing = spd_figures.missing_wajib(catalogue, entered)

        assert [s.code for s in missing] == ["10b"]
        assert [s.code for s in spd_figures.missing_wajib(catalogue, ())] == [
            "1",
            "3",
            "4",
            "5a",
            "5b",
            "6",
            "7",
            "8",
            "9",
            "10a",
            "10b",
            "11a",
            "11b",
        ]
