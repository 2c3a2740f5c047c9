"""The outcomes an agency reports upward, as a workbook and as a printable PDF report: a summary, attendance
by day, the months after the training, and the aid with its recipients.

Figures from `store.outcomes`, plus the aid recipients' names and villages (the receipts say as much). Never a
buyer's name, a NIK, a category, a former country or case notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from babel.dates import format_date
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from models.aid import AidItem
from models.participant import Group, Participant
from models.programme import Programme
from models.spreadsheet import workbook_bytes
from store import Store
from store.aid import handovers_of, items_of, recipient_name
from store.outcomes import DayAttendance, MonthFigures, Outcomes

from ..format import LOCALES, format_rupiah, number, short_date
from ..i18n import t
from .aid import receipt_number
from .pdf import Column, Document, SignBlock, Signer, Table, sign_off
from .skills import date_range, date_text
from .workbook import add_sheet, column_widths, new_book, programme_title

MONEY = '"Rp" #,##0'
PERCENT = '0.0"%"'  # the cell holds 86.7 for 86.7%
KG = '0.0'
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
    book, summary = new_book(t('doc.outcomes.sheet.summary', lang))
    _summary(summary, outcomes, lang)
    _days(add_sheet(book, t('doc.outcomes.sheet.days', lang)), outcomes, lang)
    _months(add_sheet(book, t('doc.outcomes.sheet.months', lang)), outcomes, lang)
    _aid(add_sheet(book, t('doc.outcomes.sheet.aid', lang)), items, aid_rows, lang)
    return workbook_bytes(book)


def _title(sheet: Worksheet, outcomes: Outcomes, heading: str, lang: str) -> int:
    """The programme, its agency and dates over every sheet; returns the first free row."""
    programme_title(sheet, outcomes.name, outcomes.agency)
    sheet.cell(3, 1, date_range(outcomes.start, outcomes.end, lang))
    sheet.cell(4, 1, heading).font = Font(bold=True)
    return 6


def summary_lines(outcomes: Outcomes, lang: str) -> list[tuple[str, Value, str | None]]:
    """The summary's rows, for the workbook and the report alike: label, value, and its number format."""
    a, s, aid = outcomes.attendance, outcomes.skills, outcomes.aid
    return [
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


MONTH_KEYS = ('month', 'selling', 'revenue', 'profit', 'revenue_median', 'profit_median', 'group_kg', 'group_revenue')
MONTH_FORMATS = ('mmm yyyy', None, MONEY, MONEY, MONEY, MONEY, KG, MONEY)
DAY_STATUSES = ('hadir', 'terlambat', 'izin', 'sakit', 'alpa', 'unmarked')
HANDOVER_KEYS = ('number', 'item', 'recipient', 'village', 'quantity', 'value', 'handed_on', 'status')


def _month_values(month: MonthFigures, lang: str | None = None) -> list[Value]:
    """The month's row; its name as a reader writes it (`Sep 2026`) for `lang`, else its first day (a date cell)."""
    name: Value = format_date(month.first_day, format='MMM y', locale=LOCALES[lang]) if lang else month.first_day
    return [
        name, month.selling, month.revenue, month.profit, month.revenue_median, month.profit_median,
        month.group_kg, month.group_revenue,
    ]  # fmt: skip


def _day_values(day: DayAttendance, lang: str) -> list[Value]:
    counts: list[Value] = [day.present - day.late, day.late, day.excused, day.sick, day.absent, day.unmarked]
    return [day.number, date_text(day.date, lang), *counts]


def _handover_values(line: AidRow, lang: str, *, short: bool = False) -> list[Value]:
    status = t(f'aid.status.{line.status or "waiting"}', lang)
    values: list[Value] = [line.number, line.item, line.recipient, line.village, f'{line.quantity} {line.unit}']
    handed = short_date(line.handed_on, lang) if short else date_text(line.handed_on, lang)
    return [*values, line.value, handed, status]


def _summary(sheet: Worksheet, outcomes: Outcomes, lang: str) -> None:
    row = _title(sheet, outcomes, t('doc.outcomes.sheet.summary', lang), lang)
    for label, value, number_format in summary_lines(outcomes, lang):
        sheet.cell(row, 1, label)
        cell = sheet.cell(row, 2, value if value is not None else '-')
        if number_format and value is not None:
            cell.number_format = number_format
        row += 1
    sheet.cell(row + 1, 1, t('doc.outcomes.note', lang)).font = Font(italic=True, size=9)
    column_widths(sheet, [48, 18])


def _days(sheet: Worksheet, outcomes: Outcomes, lang: str) -> None:
    row = _title(sheet, outcomes, t('doc.outcomes.sheet.days', lang), lang)
    header = [t('doc.outcomes.day', lang), t('doc.outcomes.date', lang)]
    _header(sheet, row, header + [t(f'doc.status.{key}', lang) for key in DAY_STATUSES])
    for day in outcomes.attendance.days:
        row += 1
        for column, value in enumerate(_day_values(day, lang), start=1):
            sheet.cell(row, column, value)
    column_widths(sheet, [8, 20, 10, 12, 10, 10, 10, 16])


def _months(sheet: Worksheet, outcomes: Outcomes, lang: str) -> None:
    row = _title(sheet, outcomes, t('doc.outcomes.sheet.months', lang), lang)
    _header(sheet, row, [t(f'outcomes.col.{key}', lang) for key in MONTH_KEYS])
    for month in outcomes.months:
        row += 1
        values = _month_values(month)
        for column, (value, number_format) in enumerate(zip(values, MONTH_FORMATS, strict=True), start=1):
            cell = sheet.cell(row, column, float(value) if isinstance(value, Decimal) else value)
            if number_format:
                cell.number_format = number_format
    if not outcomes.months:
        sheet.cell(row + 1, 1, t('outcomes.no_months', lang)).font = Font(italic=True)
    sheet.cell(row + 3, 1, t('doc.outcomes.months_note', lang)).font = Font(italic=True, size=9)
    column_widths(sheet, [12, 14, 16, 16, 16, 16, 14, 18])


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
    _header(sheet, row, [t(f'aid.col.{key}', lang) for key in HANDOVER_KEYS])
    for line in rows:
        row += 1
        for column, value in enumerate(_handover_values(line, lang), start=1):
            cell = sheet.cell(row, column, value)
            if column == 6:
                cell.number_format = MONEY
    column_widths(sheet, [24, 30, 28, 16, 12, 16, 18, 22])


def _header(sheet: Worksheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row, column, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical='center')


# ---- the printable report ----------------------------------------------------------------------------


def outcomes_pdf(
    outcomes: Outcomes,
    items: list[AidItem],
    aid_rows: list[AidRow],
    lang: str = 'id',
    *,
    printed: dt.date,
    official: Signer | None = None,
    city: str = '',
) -> bytes:
    """The same figures as the workbook, on A4 for the report the agency files: black on white."""
    title = t('doc.outcomes.pdf_title', lang)
    doc = Document(lang, title=f'{title} {outcomes.name}', footer_note=outcomes.name[:70])
    doc.add_page()
    doc.text_line(outcomes.agency.upper(), size=13, bold=True, align='C', height=6)
    doc.text_line(outcomes.name, size=11, align='C', height=5.5)
    doc.text_line(date_range(outcomes.start, outcomes.end, lang), size=10, align='C')
    doc.set_y(doc.get_y() + 1)
    doc.rule(0.6, 4)
    doc.text_line(title.upper(), size=14, bold=True, align='C', height=7)
    doc.text_line(t('doc.outcomes.printed', lang, date=date_text(printed, lang)), size=9, align='C')
    _pdf_summary_and_days(doc, outcomes, lang)
    _pdf_months(doc, outcomes, lang)
    _section(doc, t('doc.outcomes.sheet.aid', lang))
    _pdf_aid(doc, items, aid_rows, lang)
    if official is not None:  # the programme's responsible official vouches for the report
        date = date_text(printed, lang)
        dated = t('doc.sign.dated', lang, city=city, date=date) if city else date
        title = (official.title or t('doc.sign.responsible', lang)) + ','
        doc.set_y(doc.get_y() + 4)
        sign_off(doc, None, SignBlock((dated, title), official))
    return doc.to_bytes()


def _pdf_summary_and_days(doc: Document, outcomes: Outcomes, lang: str) -> None:
    _section(doc, t('doc.outcomes.sheet.summary', lang))
    width = doc.content_width
    summary = Table(doc, [Column(t('doc.outcomes.what', lang), width - 50), Column('', 50, 'R')], size=9.5)
    for label, value, number_format in summary_lines(outcomes, lang):
        summary.row([label, _shown(value, number_format, lang)])
    doc.text_line(t('doc.outcomes.note', lang), size=8)
    _section(doc, t('doc.outcomes.sheet.days', lang))
    day_columns = [
        Column(t('doc.outcomes.day', lang), 14, 'C'),
        Column(t('doc.outcomes.date', lang), width - 14 - 6 * 21),
    ]
    day_columns += [Column(t(f'doc.status.{key}', lang), 24, 'C') for key in DAY_STATUSES]
    days = Table(doc, day_columns, size=8.5)
    days.header()
    for day in outcomes.attendance.days:
        days.row([_shown(value, None, lang) for value in _day_values(day, lang)])


def _pdf_months(doc: Document, outcomes: Outcomes, lang: str) -> None:
    _section(doc, t('doc.outcomes.sheet.months', lang))
    if outcomes.months:
        month_widths = (19, 17, 26, 26, 24, 24, 16)  # money wide enough for Rp 99.999.999 on one line
        columns = [
            Column(t(f'outcomes.col.{key}', lang), w, 'L' if key == 'month' else 'R')
            for key, w in zip(MONTH_KEYS, (*month_widths, doc.content_width - sum(month_widths)), strict=True)
        ]
        months = Table(doc, columns, size=8)
        months.header()
        for month in outcomes.months:
            values = _month_values(month, lang)
            months.row([_shown(v, f, lang) for v, f in zip(values, MONTH_FORMATS, strict=True)])
    else:
        doc.text_line(t('outcomes.no_months', lang), size=9.5)
    doc.text_line(t('doc.outcomes.months_note', lang), size=8)


def _pdf_aid(doc: Document, items: list[AidItem], aid_rows: list[AidRow], lang: str) -> None:
    """The aid items, then every handover of them."""
    width = doc.content_width
    item_widths = (34, 18, 32, 34)
    item_keys = ('item', 'recipient_kind', 'quantity', 'unit_value', 'total_value')
    item_table = Table(
        doc,
        [
            Column(t(f'aid.col.{key}', lang), w, 'L' if key in ('item', 'recipient_kind') else 'R')
            for key, w in zip(item_keys, (width - sum(item_widths), *item_widths), strict=True)
        ],
        size=8.5,
    )
    item_table.header()
    for item in items:
        kind = t(f'aid.recipient.{item.recipient.value}', lang)
        item_table.row(
            [item.name, kind, str(item.quantity), format_rupiah(item.unit_value), format_rupiah(item.total_value)]
        )
    doc.set_y(doc.get_y() + 3)
    handover_widths = (25, 27, 27, 20, 14, 22, 17)
    handovers = Table(
        doc,
        [
            Column(t(f'aid.col.{key}', lang), w, 'R' if key == 'value' else 'L')
            for key, w in zip(HANDOVER_KEYS, (*handover_widths, width - sum(handover_widths)), strict=True)
        ],
        size=7.5,
    )
    handovers.header()
    for line in aid_rows:
        values = _handover_values(line, lang, short=True)
        handovers.row([_shown(value, MONEY if index == 5 else None, lang) for index, value in enumerate(values)])


def _section(doc: Document, heading: str) -> None:
    doc.set_y(doc.get_y() + 4)
    if doc.get_y() + 20 > doc.page_break_trigger:  # a heading never stands alone at the foot of a page
        doc.add_page()
    doc.text_line(heading, size=11.5, bold=True, height=6)
    doc.set_y(doc.get_y() + 1)


def _shown(value: Value, number_format: str | None, lang: str) -> str:
    """A value as the report prints it: `Rp 15.000`, `86,7%`, `12,5`; a dash for nothing yet."""
    if value is None:
        return '–'
    if number_format == MONEY:
        return format_rupiah(int(value))  # type: ignore[arg-type]
    if number_format == PERCENT:
        return f'{number(value, lang)}%'  # type: ignore[arg-type]
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return number(value, lang)
    if isinstance(value, dt.date):
        return date_text(value, lang)
    return str(value)
