"""Spreadsheet tables: standard CSV quoting, formula-looking text neutralised, numbers and phones kept."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from shared.tabular import csv_cell, csv_text, looks_like_formula, xlsx_row

HOSTILE = '=HYPERLINK("http://x","klik")'


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE,
        "=1+1",
        "+1+1",
        "-1-1",
        "@SUM(A1:A2)",
        "  =cmd|' /C calc'!A0",
        "\t=1+1",
        "\rHalo",
        "-2+3",
        "+62 812 =1",
    ],
)
def test_text_a_spreadsheet_would_run_looks_like_a_formula(text: str) -> None:
    assert looks_like_formula(text)


@pytest.mark.parametrize(
    "text",
    [
        "Antrean Puskesmas",
        "-5",
        "+3,5",
        "-1.234,56",
        "12%",
        "+62 812-3456-7890",
        "+6281234567890",
        "+62 (541) 123456",
        "-",
        "",
        "budi@kukar.test",
        "Rp 5.000",
    ],
)
def test_numbers_phone_numbers_and_plain_text_are_safe(text: str) -> None:
    assert not looks_like_formula(text)


class TestCsv:
    def test_commas_quotes_and_newlines_are_quoted_the_standard_way(self) -> None:
        text = csv_text([["a,b", 'kata "kutip"', "baris\nkedua", 7, None]], header=["x", "y", "z", "n", "e"])

        assert text == 'x,y,z,n,e\r\n"a,b","kata ""kutip""","baris\nkedua",7,\r\n'
        assert list(csv.reader(io.StringIO(text))) == [
            ["x", "y", "z", "n", "e"],
            ["a,b", 'kata "kutip"', "baris\nkedua", "7", ""],
        ]

    def test_formula_cells_become_text_and_numbers_and_phones_stay(self) -> None:
        text = csv_text([[HOSTILE, "-5", "+62 812-3456-7890", "@x"]], header=["a", "b", "c", "d"], bom=True)

        assert text.startswith("\ufeff")
        row = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1]
        assert row == ["'" + HOSTILE, "-5", "+62 812-3456-7890", "'@x"]
        assert csv_cell(None) == ""


class TestXlsx:
    def test_formula_looking_text_is_saved_as_a_string_cell_not_a_formula(self) -> None:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Inovasi")
        sheet.append(xlsx_row(sheet, [HOSTILE, "=1+1", "+62 812-3456-7890", 5, None, "Biasa"]))
        out = io.BytesIO()
        book.save(out)

        cells = next(load_workbook(io.BytesIO(out.getvalue()))["Inovasi"].iter_rows())
        assert [c.value for c in cells] == [HOSTILE, "=1+1", "+62 812-3456-7890", 5, None, "Biasa"]
        assert [c.data_type for c in cells[:3]] == ["s", "s", "s"]
        assert cells[3].data_type == "n"
