"""Spreadsheet cells that run nothing: every CSV and XLSX the app writes passes its cells through here.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or a carriage return, what
follows) as a formula: a participant named `=HYPERLINK(…)` would run in the coordinator's Excel. Text is kept
exactly as typed; CSV gets a leading `'`, which Excel and LibreOffice show as text, and XLSX an explicit string
cell. Numbers and dates are left as they are, so sums still work.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ('=', '+', '-', '@', '\t', '\r')


def csv_cell(value: Any) -> Any:
    """`value` for a CSV cell: a text a spreadsheet would run gets a leading `'`; everything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


CSV_SEPARATOR = ';'  # what Excel set to Indonesian (decimal comma) splits on; a comma file opens as one column


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """A CSV as Indonesian offices open it: `;`-separated, UTF-8 with a BOM (so Excel reads the names right),
    CRLF lines, every cell through `csv_cell`; None an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator='\r\n')
    for row in rows:
        writer.writerow(['' if cell is None else csv_cell(cell) for cell in row])
    return ('\ufeff' + buffer.getvalue()).encode('utf-8')


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
