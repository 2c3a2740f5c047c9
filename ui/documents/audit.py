"""The audit trail as a workbook and as a CSV: the entries the coordinator's filters select, as the screen words
them (`ui/audit_text.py`), one a row, with what changed before and after in one cell. Names a spreadsheet would
run stay text (`models.spreadsheet`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from models.spreadsheet import csv_bytes, workbook_bytes
from store.audit_view import Row, Trail

from ..audit_text import action_text, change_line, who_text
from ..i18n import t
from . import workbook as xlsx

COLUMNS = ('no', 'date', 'time', 'zone', 'action', 'subject', 'by', 'programme', 'note', 'changes')


@dataclass(frozen=True)
class Heading:
    """What the rows are: the programme chosen (or all), its agency, the dates and the other filters in words,
    and who downloaded them when."""

    programme: str
    agency: str
    period: str
    filters: str
    exported: str


def audit_xlsx(trail: Trail, heading: Heading, lang: str = 'id') -> bytes:
    book, sheet = xlsx.new_book(t('audit.sheet', lang))
    notes = [_clean(text) for text in (heading.filters, heading.exported) if text]
    title = xlsx.Title(_clean(heading.programme), _clean(heading.agency), t('audit.title', lang), heading.period, notes)
    table = audit_table(trail, lang)
    xlsx.write_sheet(sheet, title, replace(table, rows=[[_clean(cell) for cell in row] for row in table.rows]))
    return workbook_bytes(book)


def audit_table(trail: Trail, lang: str) -> xlsx.Table:
    kind = xlsx.Kind
    kinds = [kind.NUMBER, kind.DATE, kind.TIME, *([kind.TEXT] * (len(COLUMNS) - 3))]
    widths = {'subject': xlsx.NAME_WIDTH, 'changes': xlsx.MAX_TEXT_WIDTH}
    columns = [
        xlsx.Column(t(f'audit.col.{name}', lang), column_kind, widths.get(name, 0))
        for name, column_kind in zip(COLUMNS, kinds, strict=True)
    ]
    rows = [_cells(number, row, lang) for number, row in enumerate(trail.rows, start=1)]
    return xlsx.Table(columns, rows)


def audit_csv(trail: Trail, heading: Heading, lang: str = 'id') -> bytes:
    """The same rows, dates as `2026-12-07` and times as `09.30` (a CSV has no formats), under the header."""
    rows: list[list[object]] = [[t(f'audit.col.{name}', lang) for name in COLUMNS]]
    for number, row in enumerate(trail.rows, start=1):
        cells = _cells(number, row, lang)
        cells[1], cells[2] = cells[1].isoformat(), f'{cells[2]:%H.%M}'
        rows.append(cells)
    return csv_bytes(rows)


def _clean(value: object) -> object:
    """A text without the control characters a workbook cannot hold (a searched text may carry them)."""
    return ILLEGAL_CHARACTERS_RE.sub('', value) if isinstance(value, str) else value


def _cells(number: int, row: Row, lang: str) -> list[object]:
    local = row.at.astimezone(row.zone.tz)
    changes = '\n'.join(change_line(row, change, lang) for change in row.changes)
    return [
        number, local.date(), local.time().replace(second=0, microsecond=0), row.zone.value,
        action_text(row.action, lang), row.subject, who_text(row, lang), row.programme, row.note, changes,
    ]  # fmt: skip
