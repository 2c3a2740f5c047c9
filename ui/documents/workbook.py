"""The base of our workbooks, as `pdf.py` is of our PDFs: a sheet named within Excel's limit, the programme's
name over its agency at the top, the columns' widths. Saved through `models.spreadsheet.workbook_bytes`, so no
cell runs as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

SHEET_NAME = 31  # characters: the most Excel takes in a sheet's name


def new_book(sheet_name: str) -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet, named `sheet_name`."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name[:SHEET_NAME]
    return book, sheet


def add_sheet(book: Workbook, sheet_name: str) -> Worksheet:
    return book.create_sheet(sheet_name[:SHEET_NAME])


def programme_title(sheet: Worksheet, programme: str, agency: str) -> None:
    """The programme's name in bold over its agency: the first two rows of a sheet about a programme."""
    sheet.cell(1, 1, programme).font = Font(bold=True, size=13)
    sheet.cell(2, 1, agency)


def column_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    """The widths of the first columns, in characters."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
