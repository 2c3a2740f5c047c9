"""The base of our workbooks, as `pdf.py` is of our PDFs. A document declares each sheet as a title (the
programme, its agency, what the sheet is, the period) and a table whose columns have a kind (text, count,
money, rate, date, month...); this module alone writes them as Indonesian offices open them: numbers and dates
as real cells in their formats (so they sum and sort), a total row, the header frozen and filtered, and A4
landscape fitted to the page's width with the header repeated on every printed page.

Saved through `models.spreadsheet.workbook_bytes`, so no text cell runs as a formula; a number cell is no text
and needs no such care.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

SHEET_NAME = 31  # characters: the most Excel takes in a sheet's name
MAX_TEXT_WIDTH = 40  # characters: a longer text wraps in its cell
NAME_WIDTH = 24  # characters: at least, for a trainee's name
LINE_HEIGHT = 15  # points: one line of 11-pt text

Value = str | int | float | Decimal | dt.date | dt.time | None


class Kind(StrEnum):
    """What a column holds, which decides its cells' format and whether its total is a sum."""

    TEXT = 'text'
    NUMBER = 'number'  # a number that names its row (No, a day's number): never summed
    COUNT = 'count'
    DECIMAL = 'decimal'  # kg of chili: one decimal
    MONEY = 'money'  # whole rupiah
    RATE = 'rate'  # a whole percent, given 0–100 as the store keeps it
    RATE_TENTH = 'rate_tenth'  # a percent to one decimal (86.7), given 0–100
    DATE = 'date'
    MONTH = 'month'  # given as a date in it, shown `Sep 2026`
    TIME = 'time'


FORMATS = {
    Kind.NUMBER: '0',
    Kind.COUNT: '#,##0',
    Kind.DECIMAL: '#,##0.0',
    Kind.MONEY: '"Rp" #,##0',
    Kind.RATE: '0%',
    Kind.RATE_TENTH: '0.0%',
    Kind.DATE: 'd mmm yyyy',
    Kind.MONTH: 'mmm yyyy',
    Kind.TIME: 'hh:mm',
}
SUMMED = frozenset({Kind.COUNT, Kind.DECIMAL, Kind.MONEY})
RATES = frozenset({Kind.RATE, Kind.RATE_TENTH})
WIDTHS = {Kind.TEXT: 10, Kind.NUMBER: 6, Kind.DATE: 13, Kind.MONTH: 11, Kind.TIME: 8}  # characters; others 10
BOLD = Font(bold=True)
HEADER_FILL = PatternFill('solid', fgColor='D9D9D9')  # a light grey that any printer keeps
THIN = Side(style='thin')
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class Column:
    """A column's title and kind. `width`: at least so many characters (else as its kind's figures or its
    longest text need); `summed` None sums money, counts and decimals."""

    title: str
    kind: Kind = Kind.TEXT
    width: float = 0
    summed: bool | None = None

    @property
    def sums(self) -> bool:
        return self.kind in SUMMED if self.summed is None else self.summed


@dataclass(frozen=True)
class Typed:
    """A value whose kind is its own, not its column's: a summary's column of mixed figures."""

    value: Value
    kind: Kind


Cells = Sequence[Value | Typed]


@dataclass(frozen=True)
class Title:
    """The rows over a table: the programme, its agency, what the sheet is, the period, and notes (a legend)."""

    programme: str
    agency: str
    what: str
    period: str = ''
    notes: Sequence[str] = ()


@dataclass(frozen=True)
class Table:
    """A sheet's table. `total_label` ('' for none) starts a total row summing the columns that sum; `totals`
    gives the total of others by position (a rate's overall rate, a count of a text column). `above` are header
    rows over the column titles, `below` rows under the total, `footnotes` lines under the table."""

    columns: Sequence[Column]
    rows: Sequence[Cells]
    total_label: str = ''
    totals: Mapping[int, Value] = field(default_factory=dict)
    above: Sequence[Cells] = ()
    below: Sequence[Cells] = ()
    footnotes: Sequence[str] = ()
    frozen_columns: int = 0  # columns kept in view on the left (a trainee's No and name)


@dataclass(frozen=True)
class Placed:
    """Where `write_sheet` put the table: the rows of its first header, column titles, first and last data
    rows (`last` is `header` when there are none), and its total row."""

    top: int
    header: int
    first: int
    last: int
    total: int | None


def new_book(sheet_name: str) -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet, named `sheet_name`."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_name[:SHEET_NAME]
    return book, sheet


def add_sheet(book: Workbook, sheet_name: str) -> Worksheet:
    return book.create_sheet(sheet_name[:SHEET_NAME])


def write_sheet(sheet: Worksheet, title: Title, table: Table) -> Placed:
    """The title, then the table with its formats, total row, borders, filter, frozen header and print set-up."""
    width = len(table.columns)
    top, notes = _write_title(sheet, title, width)
    for offset, cells in enumerate(table.above):
        _write_row(sheet, top + offset, cells, table.columns, header=True)
    header = top + len(table.above)
    _write_row(sheet, header, [c.title for c in table.columns], table.columns, header=True)
    for offset, cells in enumerate(table.rows, start=1):
        _write_row(sheet, header + offset, cells, table.columns)
    last = header + len(table.rows)
    total = last + 1 if table.total_label and table.rows else None
    if total is not None:
        _write_row(sheet, total, total_values(table), table.columns, bold=True)
    end = total or last
    for cells in table.below:
        end += 1
        _write_row(sheet, end, cells, table.columns, bold=True)
    for offset, note in enumerate(table.footnotes, start=2):
        notes[end + offset] = _note(sheet, end + offset, note, width)
    _widths(sheet, table)
    characters = sum(_width(sheet, index) for index in range(1, width + 1))
    for row, text in notes.items():  # now that the columns have their widths
        sheet.row_dimensions[row].height = LINE_HEIGHT * max(1, math.ceil(len(text) * 1.1 / characters))
    _header_height(sheet, header, table.columns)
    finish(sheet, top=top, header=header, last=last, width=width, frozen_columns=table.frozen_columns)
    return Placed(top, header, header + 1, last, total)


def total_values(table: Table) -> list[Value]:
    """The total row: the sum of each column that sums, the document's own totals, and the label in the first
    text column left empty (the first column when there is none)."""
    values: list[Value] = []
    for index, column in enumerate(table.columns):
        if index in table.totals:
            values.append(table.totals[index])
        elif column.sums:
            values.append(_column_sum(table, index))
        else:
            values.append(None)
    empty_text = (i for i, c in enumerate(table.columns) if c.kind is Kind.TEXT and values[i] is None)
    values[next(empty_text, 0)] = table.total_label
    return values


def finish(sheet: Worksheet, *, top: int, header: int, last: int, width: int, frozen_columns: int = 0) -> None:
    """A filter on the table (header to its last data row), the header frozen, and the page set up to print:
    A4 landscape, as wide as one page, the header rows (`top` to `header`) on every page, page numbers."""
    end_column = get_column_letter(width)
    sheet.auto_filter.ref = f'A{header}:{end_column}{last}'
    sheet.freeze_panes = sheet.cell(header + 1, frozen_columns + 1)
    sheet.print_title_rows = f'{top}:{header}'
    sheet.page_setup.orientation = 'landscape'
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows take
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.2, footer=0.3)
    sheet.oddFooter.right.text = '&P / &N'


# ---- helpers -----------------------------------------------------------------------------------


def _write_title(sheet: Worksheet, title: Title, width: int) -> tuple[int, dict[int, str]]:
    """The title rows and a blank row under them; returns the first row after, and the notes by row."""
    sheet.cell(1, 1, title.programme).font = Font(bold=True, size=13)
    sheet.cell(2, 1, title.agency)
    sheet.cell(3, 1, title.what).font = Font(bold=True, size=12)
    row = 4
    if title.period:
        sheet.cell(row, 1, title.period)
        row += 1
    notes = {}
    for note in title.notes:
        notes[row] = _note(sheet, row, note, width)
        row += 1
    return row + 1, notes


def _note(sheet: Worksheet, row: int, text: str, width: int) -> str:
    """A line of small text across the table's width, wrapped: it prints within the page, not past its edge."""
    cell = sheet.cell(row, 1, text)
    cell.font = Font(italic=True, size=9)
    cell.alignment = Alignment(wrap_text=True, vertical='top')
    if width > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return text


def _write_row(sheet: Worksheet, row: int, cells: Cells, columns: Sequence[Column], *, header: bool = False,
               bold: bool = False) -> None:  # fmt: skip
    for index, (value, column) in enumerate(zip(cells, columns, strict=True), start=1):
        cell = _put(sheet.cell(row, index), value, Kind.TEXT if header else column.kind)
        cell.border = BOX
        if header:
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(horizontal='center', vertical='center', wrap_text=True)
        elif bold:
            cell.font = BOLD


def _put(cell: Cell, value: Value | Typed, kind: Kind) -> Cell:
    """`value` into `cell` as a real number, date or time in its kind's format; text as text."""
    if isinstance(value, Typed):
        return _put(cell, value.value, value.kind)
    if _is_number(value) and kind in RATES:
        value = float(Decimal(str(value)) / 100)
    elif isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    cell.value = value
    if value is None or isinstance(value, str):
        if isinstance(value, str) and len(value) > MAX_TEXT_WIDTH:
            cell.alignment = Alignment(wrap_text=True, vertical='top')
        return cell
    if kind in FORMATS:
        cell.number_format = FORMATS[kind]
    return cell


def _column_sum(table: Table, index: int) -> int | float | Decimal:
    total: int | float | Decimal = 0
    for row in table.rows:
        value = _plain(row[index])
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            total += value  # type: ignore[operator]  # a column holds Decimal or float, never both
    return total


def _plain(value: Value | Typed) -> Value:
    return value.value if isinstance(value, Typed) else value


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _widths(sheet: Worksheet, table: Table) -> None:
    """Each column as wide as its kind's figures or its longest text (up to `MAX_TEXT_WIDTH`), and never
    narrower than the longest word of its title, so a title wraps between words."""
    body = [*table.rows, *table.below, total_values(table)]
    for index, column in enumerate(table.columns):
        word = max((len(w) for w in column.title.split()), default=0) + 2
        values = [_plain(row[index]) for row in body]
        if column.kind is Kind.TEXT:
            width = min(max([WIDTHS[Kind.TEXT], *(len(str(v)) + 2 for v in values if v is not None)]), MAX_TEXT_WIDTH)
        elif column.kind is Kind.MONEY:
            width = max([12, *(len(f'Rp {int(v):,}') + 3 for v in values if _is_number(v))])  # type: ignore[arg-type]
        else:
            width = WIDTHS.get(column.kind, 10)
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(width, word, column.width)


def _width(sheet: Worksheet, index: int) -> float:
    return sheet.column_dimensions[get_column_letter(index)].width or 9


def _header_height(sheet: Worksheet, row: int, columns: Sequence[Column]) -> None:
    """The column titles' row tall enough for the longest title wrapped in its column."""
    lines = 1
    for index, column in enumerate(columns, start=1):
        room, used, count = _width(sheet, index) - 1, 0, 1
        for word in column.title.split():
            if used and used + 1 + len(word) > room:
                count, used = count + 1, len(word)
            else:
                used += len(word) + (1 if used else 0)
        lines = max(lines, count)
    sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 3
