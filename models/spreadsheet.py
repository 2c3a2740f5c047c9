"""Spreadsheet cells that run nothing: every CSV and XLSX the app writes passes its cells through here.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or a carriage return, what
follows) as a formula: a participant named `=HYPERLINK(…)` would run in the coordinator's Excel. Text is kept
exactly as typed; CSV gets a leading `'`, which Excel and LibreOffice show as text, and XLSX an explicit string
cell. Numbers and dates are left as they are, so sums still work.
"""

from __future__ import annotations

import io
from typing import Any

FORMULA_STARTS = ('=', '+', '-', '@', '\t', '\r')


def csv_cell(value: Any) -> Any:
    """`value` for a CSV cell: a text a spreadsheet would run gets a leading `'`; everything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def workbook_bytes(book: Any) -> bytes:
    """An openpyxl workbook saved to bytes, with every cell openpyxl took for a formula made a string cell.

    openpyxl stores any text that begins with `=` as a formula; none of ours is one, so none is kept.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == 'f':
                    cell.data_type = 's'
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
