"""Tables people open in a spreadsheet: standard CSV quoting, and cells that look like formulas.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some read a leading tab or
carriage return the same way), so text an OPD typed could become `=HYPERLINK(...)` or worse on the
admin's machine (CSV injection). Exports neutralise such text: a CSV cell gets a leading `'`
(OWASP's advice), an XLSX cell is written as a string cell, never a formula. Imports refuse it
(`looks_like_formula`), so it never enters through a file either.

A plain number (`-5`, `+3,5`, `1.234`) and a phone number (`+62 812-3456-7890`, `+6281234567890`)
are not formulas anyone needs to fear: they hold no function and no cell reference, and Indonesian
lists are full of `+62` numbers, so they stay as they are.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)*|[.,]\d+)([eE][+-]?\d+)?%?")
# "+" then digits with the separators people write (space, dot, hyphen, parentheses): 8 digits at least.
_PHONE = re.compile(r"\+(?=(?:[\s().-]*\d){8})[\d\s().-]+")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula: it starts with a tab or a carriage return,
    or, after leading whitespace, with `=`, `+`, `-` or `@` and more after it; numbers and phone
    numbers do not count (see the module docstring)."""
    if text[:1] in CONTROL_STARTS:
        return True
    stripped = text.strip()
    if not stripped.startswith(FORMULA_STARTS) or len(stripped) == 1:
        return False  # a lone "-" is how people write "none"; no spreadsheet runs it
    return not (_NUMBER.fullmatch(stripped) or _PHONE.fullmatch(stripped))


def csv_cell(value: Any) -> str:
    """A value as CSV text: None is empty, formula-looking text gets a leading `'`."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def csv_text(rows: Iterable[Sequence[Any]], *, header: Sequence[str], bom: bool = False) -> str:
    """The rows as CSV: minimal quoting (a quote doubled as `""`), CRLF line ends, every cell through
    `csv_cell`; `bom` starts it with U+FEFF so Excel reads UTF-8 right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(csv_cell(value) for value in row)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def xlsx_row(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append`: text that looks like a formula becomes a string cell (openpyxl would
    store a string starting with `=` as a formula), everything else stays as it is."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, str) and (value.startswith("=") or looks_like_formula(value)):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row
