"""The outcomes an agency reports upward, as a workbook and as a printable PDF report: a summary, attendance
by day, the months after the training, and the aid with its recipients.

Figures from `store.outcomes`, plus the aid recipients' names and villages (the receipts say as much). Never a
buyer's name, a NIK, a category, a former country or case notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from babel.dates import format_date

from models.aid import AidItem
from models.participant import Group, Participant
from models.programme import Programme
from models.spreadsheet import workbook_bytes
from store import Store
from store.aid import handovers_of, items_of, recipient_name
from store.outcomes import Outcomes

from ..format import LOCALES, date_range, date_text, format_rupiah, number, short_date
from ..i18n import t
from . import workbook as xlsx
from .aid import receipt_number
from .pdf import Column, Document, SignBlock, Signer, Table, sign_off, sign_off_height
from .workbook import Kind, Value


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
    """A sheet for each table of `outcome_tables`, each under the programme, its agency and its dates."""
    tables = outcome_tables(outcomes, items, aid_rows, lang)
    book, sheet = xlsx.new_book(tables[0][0])
    period = date_range(outcomes.start, outcomes.end, lang)
    for index, (name, table) in enumerate(tables):
        sheet = sheet if index == 0 else xlsx.add_sheet(book, name)
        xlsx.write_sheet(sheet, xlsx.Title(outcomes.name, outcomes.agency, name, period), table)
    return workbook_bytes(book)


def outcome_tables(
    outcomes: Outcomes, items: list[AidItem], aid_rows: list[AidRow], lang: str
) -> list[tuple[str, xlsx.Table]]:
    """The report's tables by name, for the workbook and the printed report alike."""
    sheet = 'doc.outcomes.sheet.'
    return [
        (t(sheet + 'summary', lang), summary_table(outcomes, lang)),
        (t(sheet + 'days', lang), days_table(outcomes, lang)),
        (t(sheet + 'months', lang), months_table(outcomes, lang)),
        (t(sheet + 'aid', lang), items_table(items, lang)),
        (t(sheet + 'handovers', lang), handovers_table(aid_rows, lang)),
    ]


def summary_lines(outcomes: Outcomes, lang: str) -> list[tuple[str, Value, Kind]]:
    """The summary's rows: label, value, and its kind."""
    a, s, aid = outcomes.attendance, outcomes.skills, outcomes.aid
    return [
        (t('outcomes.trainees', lang), outcomes.trainees, Kind.COUNT),
        (t('outcomes.days_held', lang), a.days_held, Kind.COUNT),
        (t('outcomes.attendance_rate', lang), a.rate, Kind.RATE_TENTH),
        (t('doc.status.hadir', lang), a.present - a.late, Kind.COUNT),
        (t('doc.status.terlambat', lang), a.late, Kind.COUNT),
        (t('doc.status.izin', lang), a.excused, Kind.COUNT),
        (t('doc.status.sakit', lang), a.sick, Kind.COUNT),
        (t('doc.status.alpa', lang), a.absent, Kind.COUNT),
        (t('doc.status.unmarked', lang), a.unmarked, Kind.COUNT),
        (t('outcomes.skills', lang), s.skills, Kind.COUNT),
        (t('outcomes.competent_rate', lang), s.rate, Kind.RATE_TENTH),
        (t('outcomes.competent_cells', lang), s.competent, Kind.COUNT),
        (t('outcomes.fully_competent', lang), s.fully_competent, Kind.COUNT),
        (t('outcomes.certificates', lang), outcomes.certificates, Kind.COUNT),
        (t('outcomes.aid_planned_value', lang), aid.planned_value, Kind.MONEY),
        (t('outcomes.aid_handed_value', lang), aid.handed_value, Kind.MONEY),
        (t('outcomes.aid_handovers', lang), aid.handovers, Kind.COUNT),
        (t('outcomes.aid_confirmed', lang), aid.confirmed, Kind.COUNT),
        (t('outcomes.aid_pending', lang), aid.pending, Kind.COUNT),
    ]


def summary_table(outcomes: Outcomes, lang: str) -> xlsx.Table:
    """Label and figure, each figure in its own kind; nothing to total."""
    columns = [xlsx.Column(t('doc.outcomes.what', lang)), xlsx.Column(t('doc.outcomes.figure', lang), Kind.COUNT)]
    rows: list[list[Value | xlsx.Typed]] = [
        [label, xlsx.Typed(value, kind)] for label, value, kind in summary_lines(outcomes, lang)
    ]
    return xlsx.Table(columns, rows, footnotes=[t('doc.outcomes.note', lang)])


DAY_STATUSES = ('hadir', 'terlambat', 'izin', 'sakit', 'alpa', 'unmarked')


def days_table(outcomes: Outcomes, lang: str) -> xlsx.Table:
    """Each day held: its number, date and how many trainees had each mark; the marks totalled."""
    columns = [
        xlsx.Column(t('doc.outcomes.day', lang), Kind.NUMBER),
        xlsx.Column(t('doc.outcomes.date', lang), Kind.DATE),
    ]
    columns += [xlsx.Column(t(f'doc.status.{key}', lang), Kind.COUNT) for key in DAY_STATUSES]
    rows: list[list[Value]] = [
        [day.number, day.date, day.present - day.late, day.late, day.excused, day.sick, day.absent, day.unmarked]
        for day in outcomes.attendance.days
    ]
    return xlsx.Table(columns, rows, total_label=t('doc.total', lang))


MONTH_COLUMNS = (  # key, kind, summed: how many sold and the medians are no sums over months
    ('month', Kind.MONTH, None),
    ('selling', Kind.COUNT, False),
    ('revenue', Kind.MONEY, None),
    ('profit', Kind.MONEY, None),
    ('revenue_median', Kind.MONEY, False),
    ('profit_median', Kind.MONEY, False),
    ('group_kg', Kind.DECIMAL, None),
    ('group_revenue', Kind.MONEY, None),
)


def months_table(outcomes: Outcomes, lang: str) -> xlsx.Table:
    """Each month after the training (its first day, shown `Sep 2026`); revenue, profit and the group's sales
    totalled."""
    columns = [xlsx.Column(t(f'outcomes.col.{key}', lang), kind, summed=summed) for key, kind, summed in MONTH_COLUMNS]
    rows: list[list[Value]] = [
        [m.first_day, m.selling, m.revenue, m.profit, m.revenue_median, m.profit_median, m.group_kg, m.group_revenue]
        for m in outcomes.months
    ]
    notes = [t('doc.outcomes.months_note', lang)]
    if not rows:
        notes.insert(0, t('outcomes.no_months', lang))
    return xlsx.Table(columns, rows, total_label=t('doc.total', lang), footnotes=notes)


def items_table(items: list[AidItem], lang: str) -> xlsx.Table:
    """The aid items with their values; the value totalled, the quantity too when every item has one unit."""
    keys = ('item', 'recipient_kind', 'quantity', 'unit', 'unit_value', 'total_value')
    kinds = (Kind.TEXT, Kind.TEXT, Kind.COUNT, Kind.TEXT, Kind.MONEY, Kind.MONEY)
    columns = [
        xlsx.Column(t(f'aid.col.{key}', lang), kind, summed=False if key in ('quantity', 'unit_value') else None)
        for key, kind in zip(keys, kinds, strict=True)
    ]
    rows: list[list[Value]] = [
        [i.name, t(f'aid.recipient.{i.recipient.value}', lang), i.quantity, i.unit, i.unit_value, i.total_value]
        for i in items
    ]
    totals = {2: _one_unit_sum([(i.quantity, i.unit) for i in items])}
    return xlsx.Table(columns, rows, total_label=t('doc.total', lang), totals=totals)


HANDOVER_COLUMNS = (
    ('number', Kind.TEXT),
    ('item', Kind.TEXT),
    ('recipient', Kind.TEXT),
    ('village', Kind.TEXT),
    ('quantity', Kind.COUNT),
    ('unit', Kind.TEXT),
    ('value', Kind.MONEY),
    ('handed_on', Kind.DATE),
    ('status', Kind.TEXT),
)


def handovers_table(aid_rows: list[AidRow], lang: str) -> xlsx.Table:
    """Every handover: its receipt, what, to whom, when and how she confirmed; the value totalled, the quantity
    too when all are of one unit."""
    columns = [
        xlsx.Column(t(f'aid.col.{key}', lang), kind, summed=False if key == 'quantity' else None)
        for key, kind in HANDOVER_COLUMNS
    ]
    rows: list[list[Value]] = [
        [r.number, r.item, r.recipient, r.village, r.quantity, r.unit, r.value, r.handed_on, _status(r, lang)]
        for r in aid_rows
    ]
    totals = {4: _one_unit_sum([(r.quantity, r.unit) for r in aid_rows])}
    return xlsx.Table(columns, rows, total_label=t('doc.total', lang), totals=totals)


def _status(line: AidRow, lang: str) -> str:
    return t(f'aid.status.{line.status or "waiting"}', lang)


def _one_unit_sum(quantities: list[tuple[int, str]]) -> int | None:
    """The quantities' sum when all are of one unit (15 paket); None across units (15 paket and 1 unit)."""
    return sum(q for q, _ in quantities) if len({unit for _, unit in quantities}) == 1 else None


# ---- the printable report ----------------------------------------------------------------------------


class _Report(Document):
    """The report's pages: a table that runs over to a new page keeps its page's orientation."""

    def add_page(self, orientation: str = '', *args: Any, **kwargs: Any) -> None:
        if not orientation and not kwargs.get('same') and self.page:
            orientation = self.cur_orientation.value
        super().add_page(orientation, *args, **kwargs)


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
    """The same tables as the workbook on A4 for the report the agency files, black on white: the summary and
    the days upright, then the months and the aid across a landscape page, where their figures fit unwrapped."""
    title = t('doc.outcomes.pdf_title', lang)
    doc = _Report(lang, title=f'{title} {outcomes.name}', footer_note=outcomes.name[:70])
    doc.add_page()
    doc.text_line(outcomes.agency.upper(), size=13, bold=True, align='C', height=6)
    doc.text_line(outcomes.name, size=11, align='C', height=5.5)
    doc.text_line(date_range(outcomes.start, outcomes.end, lang), size=10, align='C')
    doc.set_y(doc.get_y() + 1)
    doc.rule(0.6, 4)
    doc.text_line(title.upper(), size=14, bold=True, align='C', height=7)
    doc.text_line(t('doc.outcomes.printed', lang, date=date_text(printed, lang)), size=9, align='C')
    (summary, _), days, months, aid, handovers = outcome_tables(outcomes, items, aid_rows, lang)
    _section(doc, summary)
    _pdf_summary(doc, outcomes, lang)
    _section(doc, days[0])
    _pdf_table(doc, days[1], (16, 0, 18, 22, 18, 18, 18, 20), size=8.5)  # whole words, "30 September 2026"
    _pdf_months(doc, months, outcomes, lang)
    if doc.w < doc.h:  # the handovers' nine columns take a landscape page
        doc.add_page(orientation='L')
    else:  # after the months, the aid starts a page of its own unless it fits there with the sign-off
        with doc.offset_rendering() as trial:
            _pdf_aid(trial, aid, handovers, official, city, printed)  # type: ignore[arg-type]
        if trial.page_break_triggered:
            doc.add_page()
    _pdf_aid(doc, aid, handovers, official, city, printed)
    return doc.to_bytes()


def _pdf_aid(
    doc: Document,
    items: tuple[str, xlsx.Table],
    handovers: tuple[str, xlsx.Table],
    official: Signer | None,
    city: str,
    printed: dt.date,
) -> None:
    """The aid items, every handover of them, and the responsible official's sign-off, which vouches for the
    report; the handovers' last row goes over with the sign-off when it must."""
    _section(doc, items[0])
    _pdf_table(doc, items[1], (0, 34, 22, 24, 36, 40), size=8.5)
    doc.set_y(doc.get_y() + 3)
    keep = sign_off_height(known=False) + 4 if official is not None else 0
    _pdf_table(doc, handovers[1], (41, 0, 36, 24, 15, 16, 30, 22, 38), size=7.5, short_dates=True, keep=keep)
    if official is not None:
        date = date_text(printed, doc.lang)
        dated = t('doc.sign.dated', doc.lang, city=city, date=date) if city else date
        title = (official.title or t('doc.sign.responsible', doc.lang)) + ','
        doc.set_y(doc.get_y() + 4)
        sign_off(doc, None, SignBlock((dated, title), official))


def _pdf_summary(doc: Document, outcomes: Outcomes, lang: str) -> None:
    width = doc.content_width
    summary = Table(doc, [Column(t('doc.outcomes.what', lang), width - 50), Column('', 50, 'R')], size=9.5)
    for label, value, kind in summary_lines(outcomes, lang):
        summary.row([label, _shown(value, kind, lang)])
    doc.text_line(t('doc.outcomes.note', lang), size=8)


def _pdf_months(doc: Document, months: tuple[str, xlsx.Table], outcomes: Outcomes, lang: str) -> None:
    """The months after the training on a landscape page, where eight columns of money fit; none yet, a line."""
    if outcomes.months:
        doc.add_page(orientation='L')
    _section(doc, months[0])
    if outcomes.months:
        _pdf_table(doc, months[1], (24, 26, 36, 36, 34, 34, 30, 0), size=8.5)
    else:
        doc.text_line(t('outcomes.no_months', lang), size=9.5)
    doc.text_line(t('doc.outcomes.months_note', lang), size=8)


def _pdf_table(
    doc: Document,
    table: xlsx.Table,
    widths: tuple[float, ...],
    *,
    size: float,
    short_dates: bool = False,
    keep: float = 0,
) -> None:
    """`table` at `widths` mm (one 0: the rest of the page's width), its total row in bold; its last row on a
    new page unless `keep` mm are left under it."""
    rest = doc.content_width - sum(widths)
    columns = [
        Column(column.title, width or rest, _ALIGN.get(column.kind, 'R'))
        for column, width in zip(table.columns, widths, strict=True)
    ]
    printed = Table(doc, columns, size=size)
    printed.header()
    shown = partial(_shown, lang=doc.lang, short_dates=short_dates)
    lines = [
        [shown(value, column.kind) for value, column in zip(row, table.columns, strict=True)] for row in table.rows
    ]
    if table.total_label and table.rows:
        totals = zip(xlsx.total_values(table), table.columns, strict=True)
        lines.append([shown(v, c.kind) if v is not None else '' for v, c in totals])
    for index, line in enumerate(lines, start=1):
        total = index == len(lines) and len(lines) > len(table.rows)
        printed.row(line, bold=total, keep=keep if index == len(lines) else 0)


_ALIGN = {Kind.TEXT: 'L', Kind.NUMBER: 'C', Kind.DATE: 'L', Kind.MONTH: 'L'}


def _section(doc: Document, heading: str) -> None:
    doc.set_y(doc.get_y() + 4)
    if doc.get_y() + 20 > doc.page_break_trigger:  # a heading never stands alone at the foot of a page
        doc.add_page()
    doc.text_line(heading, size=11.5, bold=True, height=6)
    doc.set_y(doc.get_y() + 1)


def _shown(value: Value | xlsx.Typed, kind: Kind, lang: str, *, short_dates: bool = False) -> str:
    """A value as the report prints it: `Rp 15.000`, `86,7%`, `12,5`, `Sep 2026`; a dash for nothing yet."""
    if isinstance(value, xlsx.Typed):
        return _shown(value.value, value.kind, lang, short_dates=short_dates)
    if value is None:
        return '–'
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        if kind is Kind.MONTH:
            return format_date(value, format='MMM y', locale=LOCALES[lang])
        return short_date(value, lang) if short_dates else date_text(value, lang)
    if kind is Kind.MONEY:
        return format_rupiah(int(value))  # type: ignore[arg-type]
    if kind in xlsx.RATES:
        return f'{number(value, lang)}%'  # type: ignore[arg-type]
    return number(value, lang)  # type: ignore[arg-type]
