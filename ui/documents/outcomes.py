"""The outcomes workbook an agency reports upward: a summary, attendance by day, the months after the
training, and the aid with its recipients.

Figures from `store.outcomes`, plus the aid recipients' names and villages (the receipts say as much). Never a
buyer's name, a NIK, a category, a former country or case notes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models.aid import AidItem
from models.participant import Group, Participant
from models.programme import Programme
from store import Store
from store.aid import handovers_of, items_of, recipient_name
from store.outcomes import Outcomes

from ..i18n import t
from .aid import receipt_number
from .skills import date_range, date_text

MONEY = '"Rp" #,##0'
PERCENT = '0.0'
Value = str | int | Decimal | dt.date | None


@dataclass(frozen=True)
class AidRow:
    number: str
    item: str
    recipient: str
    village: str
    quantity: int
    unit: str
    value: int
    handed_on: dt.date
    status: str  # `hp`, `kertas` or '' (waiting)


def collect_aid_rows(store: Store, programme: Programme) -> tuple[list[AidItem], list[AidRow]]:
    """The items, and one row per handover: who got what, when, and how she confirmed."""
    items = items_of(store, programme.id)
    names = {i.id: (i.name, i.unit) for i in items}
    rows = []
    for handover in handovers_of(store, programme.id):
        item, unit = names.get(handover.item_id, ('?', ''))
        holder = store.get(Participant, handover.participant_id or '') or store.get(Group, handover.group_id or '')
        village = holder.village if holder else ''
        rows.append(
            AidRow(
                number=receipt_number(handover),
                item=item,
                recipient=recipient_name(store, handover),
                village=village,
                quantity=handover.quantity,
                unit=unit,
                value=handover.value,
                handed_on=handover.handed_on,
                status=handover.confirmation.value if handover.confirmation else '',
            )  # fmt: skip
        )
    return items, sorted(rows, key=lambda r: (r.handed_on, r.item, r.recipient.lower()))


def outcomes_xlsx(outcomes: Outcomes, items: list[AidItem], aid_rows: list[AidRow], lang: str = 'id') -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = t('doc.outcomes.sheet.summary', lang)[:31]
    _summary(summary, outcomes, lang)
    _days(book.create_sheet(t('doc.outcomes.sheet.days', lang)[:31]), outcomes, lang)
    _months(book.create_sheet(t('doc.outcomes.sheet.months', lang)[:31]), outcomes, lang)
    _aid(book.create_sheet(t('doc.outcomes.sheet.aid', lang)[:31]), items, aid_rows, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _title(sheet: Worksheet, outcomes: Outcomes, heading: str, lang: str) -> int:
    """The programme, its agency and dates over every sheet; returns the first free row."""
    sheet.cell(1, 1, outcomes.name).font = Font(bold=True, size=13)
    sheet.cell(2, 1, outcomes.agency)
    sheet.cell(3, 1, date_range(outcomes.start, outcomes.end, lang))
    sheet.cell(4, 1, heading).font = Font(bold=True)
    return 6


def _summary(sheet: Worksheet, outcomes: Outcomes, lang: str) -> None:
    row = _title(sheet, outcomes, t('doc.outcomes.sheet.summary', lang), lang)
    a, s, aid = outcomes.attendance, outcomes.skills, outcomes.aid
    lines: list[tuple[str, Value, str | None]] = [
        (t('outcomes.trainees', lang), outcomes.trainees, None),
        (t('outcomes.days_held', lang), a.days_held, None),
        (t('outcomes.attendance_rate', lang), a.rate, PERCENT),
        (t('doc.status.hadir', lang), a.present - a.late, None),
        (t('doc.status.terlambat', lang), a.late, None),
        (t('doc.status.izin', lang), a.excused, None),
        (t('doc.status.sakit', lang), a.sick, None),
        (t('doc.status.alpa', lang), a.absent, None),
        (t('doc.status.unmarked', lang), a.unmarked, None),
        (t('outcomes.skills', lang), s.skills, None),
        (t('outcomes.competent_rate', lang), s.rate, PERCENT),
        (t('outcomes.competent_cells', lang), s.competent, None),
        (t('outcomes.fully_competent', lang), s.fully_competent, None),
        (t('outcomes.certificates', lang), outcomes.certificates, None),
        (t('outcomes.aid_planned_value', lang), aid.planned_value, MONEY),
        (t('outcomes.aid_handed_value', lang), aid.handed_value, MONEY),
        (t('outcomes.aid_handovers', lang), aid.handovers, None),
        (t('outcomes.aid_confirmed', lang), aid.confirmed, None),
        (t('outcomes.aid_pending', lang), aid.pending, None),
    ]
    for label, value, number_format in lines:
        sheet.cell(row, 1, label)
        cell = sheet.cell(row, 2, value if value is not None else '-')
        if number_format and value is not None:
            cell.number_format = number_format
        row += 1
    sheet.cell(row + 1, 1, t('doc.outcomes.note', lang)).font = Font(italic=True, size=9)
    _widths(sheet, [48, 18])


def _days(sheet: Worksheet, outcomes: Outcomes, lang: str) -> None:
    row = _title(sheet, outcomes, t('doc.outcomes.sheet.days', lang), lang)
    header = [t('doc.outcomes.day', lang), t('doc.outcomes.date', lang)]
    header += [t(f'doc.status.{key}', lang) for key in ('hadir', 'terlambat', 'izin', 'sakit', 'alpa', 'unmarked')]
    _header(sheet, row, header)
    for day in outcomes.attendance.days:
        row += 1
        values: list[Value] = [day.number, date_text(day.date, lang), day.present - day.late, day.late]
        values += [day.excused, day.sick, day.absent, day.unmarked]
        for column, value in enumerate(values, start=1):
            sheet.cell(row, column, value)
    _widths(sheet, [8, 20, 10, 12, 10, 10, 10, 16])


def _months(sheet: Worksheet, outcomes: Outcomes, lang: str) -> None:
    row = _title(sheet, outcomes, t('doc.outcomes.sheet.months', lang), lang)
    keys = ('month', 'selling', 'revenue', 'profit', 'revenue_median', 'profit_median', 'group_kg', 'group_revenue')
    _header(sheet, row, [t(f'outcomes.col.{key}', lang) for key in keys])
    formats = [None, None, MONEY, MONEY, MONEY, MONEY, '0.0', MONEY]
    for month in outcomes.months:
        row += 1
        values: list[Value] = [
            month.month, month.selling, month.revenue, month.profit, month.revenue_median, month.profit_median,
            month.group_kg, month.group_revenue,
        ]  # fmt: skip
        for column, (value, number_format) in enumerate(zip(values, formats, strict=True), start=1):
            cell = sheet.cell(row, column, float(value) if isinstance(value, Decimal) else value)
            if number_format:
                cell.number_format = number_format
    if not outcomes.months:
        sheet.cell(row + 1, 1, t('outcomes.no_months', lang)).font = Font(italic=True)
    sheet.cell(row + 3, 1, t('doc.outcomes.months_note', lang)).font = Font(italic=True, size=9)
    _widths(sheet, [12, 14, 16, 16, 16, 16, 14, 18])


def _aid(sheet: Worksheet, items: list[AidItem], rows: list[AidRow], lang: str) -> None:
    sheet.cell(1, 1, t('doc.outcomes.sheet.aid', lang)).font = Font(bold=True, size=13)
    row = 3
    _header(sheet, row, [t(f'aid.col.{key}', lang) for key in ('item', 'recipient_kind', 'quantity', 'unit_value')])
    sheet.cell(row, 5, t('aid.col.total_value', lang)).font = Font(bold=True)
    for item in items:
        row += 1
        values: list[Value] = [item.name, t(f'aid.recipient.{item.recipient.value}', lang), item.quantity]
        values += [item.unit_value, item.total_value]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            if column >= 4:
                cell.number_format = MONEY
    row += 2
    keys = ('number', 'item', 'recipient', 'village', 'quantity', 'value', 'handed_on', 'status')
    _header(sheet, row, [t(f'aid.col.{key}', lang) for key in keys])
    for line in rows:
        row += 1
        status = t(f'aid.status.{line.status or "waiting"}', lang)
        values = [line.number, line.item, line.recipient, line.village, f'{line.quantity} {line.unit}', line.value]
        values += [date_text(line.handed_on, lang), status]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            if column == 6:
                cell.number_format = MONEY
    _widths(sheet, [24, 30, 28, 16, 12, 16, 18, 22])


def _header(sheet: Worksheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row, column, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical='center')


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
