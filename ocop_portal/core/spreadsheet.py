"""One sanitiser for every text cell of every export (issue 18, Medium 4): CSV and .xlsx files a
staff member opens in a spreadsheet must never run a producer's text as a formula.

A spreadsheet treats a cell starting with =, +, -, @ (or a tab/carriage return before one) as a
formula; "-2+3+cmd|'/C calc'!A0" is a formula although it starts with a digit after the sign.
Only a value that really is a number may start with + or -.

- CSV: such text gets a leading apostrophe (the spreadsheet's own "this is text" mark).
- .xlsx: every text cell is written as a string cell, never a formula (openpyxl would otherwise
  store "=…" as a formula), and formula-like text also carries the quote prefix, so editing the
  cell in Excel keeps it text.

Used by products/exports.py (registry), opendata/services.py (open data), api/views/certificates.py
(/api/v1/export/register.csv), support/exports.py (grants) and reports/excel.py (annual report).
"""

import re

from openpyxl.cell import WriteOnlyCell

_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_like(text: str) -> bool:
    """True for text a spreadsheet would run as a formula."""
    if not text or not text.startswith(_FORMULA_STARTS):
        return False
    return not (text[0] in "+-" and _NUMBER.fullmatch(text))


def csv_cell(value):
    """A CSV value: formula-like text prefixed with an apostrophe; anything else unchanged."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def _as_text(cell):
    cell.data_type = "s"
    if formula_like(cell.value):
        cell.quotePrefix = True
    return cell


def xlsx_cell(sheet, value):
    """For write-only sheets: text as a string cell (never a formula); other values unchanged."""
    if not isinstance(value, str):
        return value
    return _as_text(WriteOnlyCell(sheet, value=value))


def make_text_cells_safe(workbook) -> None:
    """For ordinary workbooks, just before saving: every text cell of every sheet becomes a string
    cell (a formula-like one with the quote prefix). The exports write no formulas of their own."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    _as_text(cell)
