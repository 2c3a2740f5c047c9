"""A secretariat's summary for the village's reports, as a workbook and as an A4 report: the indicators the
Desmigratif programme and the Desa Migran EMAS criteria ask of a village (its task force, the services it gave, its
empowerment programmes, its returnees' business groups and their sales), which a village competition entry asks for
too; then the same counts month by month, and the programmes and groups by name.

Counts and sums from `store.secretariat_summary` alone: no person's name, number or words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from babel.dates import format_date

from models.spreadsheet import workbook_bytes
from store.secretariat_summary import Line, SecretariatSummary

from ..format import LOCALES, date_text, format_rupiah, number, short_date
from ..i18n import t
from . import workbook as xlsx
from .pdf import Column, Document, Kop, SignBlock, Signer, Table, kop, sign_off, sign_off_height
from .workbook import Kind, Typed, Value

SECTION_NUMBERS = ('I', 'II', 'III', 'IV', 'V')


# ---- the tables, for the workbook and the report alike ---------------------------------------------------------


def indicator_rows(figures: SecretariatSummary, lang: str) -> list[tuple[str, Value, Kind]]:
    """The village's indicators for the year: (label, figure, kind); a heading has no figure."""
    total = {line.key: line.total for section in figures.sections for line in section.lines}
    groups = figures.groups
    rows: list[tuple[str, Value, Kind]] = [
        (t('summary.emas.taskforce', lang), None, Kind.TEXT),
        (t('summary.ind.staff', lang), figures.staff, Kind.COUNT),
        (t('summary.emas.services', lang), None, Kind.TEXT),
    ]
    for key in ('notices_posted', 'interest', 'messages_received', 'messages_answered', 'checklists_started',
                'checklists_completed', 'contacts_asked', 'contacts_terhubung', 'cases_opened', 'cases_referred',
                'cases_selesai', 'registered', 'abroad', 'returned'):  # fmt: skip
        rows.append((_line_label(key, lang), total.get(key, 0), Kind.COUNT))
    for office, count in sorted(figures.referred_to.items()):
        rows.append((t('summary.ind.referred_to', lang, office=t(f'register.referred.{office}', lang)), count,
                     Kind.COUNT))  # fmt: skip
    rows += [
        (t('summary.emas.programmes', lang), None, Kind.TEXT),
        (t('summary.ind.programmes', lang), len(figures.programmes), Kind.COUNT),
        (t('summary.ind.trainees', lang), sum(p.trainees for p in figures.programmes), Kind.COUNT),
        (t('summary.emas.groups', lang), None, Kind.TEXT),
        (t('summary.ind.groups', lang), len(groups), Kind.COUNT),
        (t('summary.ind.members', lang), sum(g.members for g in groups), Kind.COUNT),
        (t('summary.ind.selling', lang), sum(g.selling for g in groups), Kind.COUNT),
        (t('summary.ind.member_sales', lang), sum(g.member_sales for g in groups), Kind.MONEY),
        (t('summary.ind.group_sales', lang), sum(g.group_sales for g in groups), Kind.MONEY),
        (_line_label('notices_peluang_usaha', lang), total.get('notices_peluang_usaha', 0), Kind.COUNT),
        (_line_label('notices_modal', lang), total.get('notices_modal', 0), Kind.COUNT),
        (_line_label('prices_recorded', lang), total.get('prices_recorded', 0), Kind.COUNT),
    ]
    return rows


def indicators_table(figures: SecretariatSummary, lang: str) -> xlsx.Table:
    columns = [
        xlsx.Column(t('doc.col.no', lang), Kind.NUMBER),
        xlsx.Column(t('summary.col.indicator', lang), width=48),
        xlsx.Column(t('summary.col.year', lang, year=figures.year), Kind.COUNT),
    ]
    rows: list[list[Value | Typed]] = []
    heading = 0
    number_in = 0
    for label, value, kind in indicator_rows(figures, lang):
        if value is None:
            rows.append([None, f'{SECTION_NUMBERS[heading]}. {label}', None])
            heading, number_in = heading + 1, 0
        else:
            number_in += 1
            rows.append([number_in, label, Typed(value, kind)])
    return xlsx.Table(columns, rows, footnotes=[t('summary.note', lang)])


def monthly_table(figures: SecretariatSummary, lang: str) -> xlsx.Table:
    """Each indicator a row, each month a column, and the year's figure (a sum, or for a count at the month's end
    the last month's)."""
    months = [format_date(m, format='MMM', locale=LOCALES[lang]) for m in figures.months]
    columns = [
        xlsx.Column(t('doc.col.no', lang), Kind.NUMBER),
        xlsx.Column(t('summary.col.indicator', lang), width=34),
        *(xlsx.Column(month, Kind.COUNT, width=7) for month in months),
        xlsx.Column(t('summary.col.year', lang, year=figures.year), Kind.COUNT),
    ]
    rows: list[list[Value | Typed]] = []
    for index, section in enumerate(figures.sections):
        heading = f'{SECTION_NUMBERS[index]}. {t(f"summary.section.{section.key}", lang)}'
        rows.append([None, heading, *([None] * len(months)), None])
        for number_in, line in enumerate(section.lines, start=1):
            rows.append(
                [number_in, _line_label(line.key, lang, stock=line.stock), *_cells(line), _cell(line, line.total)]
            )
    return xlsx.Table(columns, rows, footnotes=[t('summary.stock_note', lang), t('summary.note', lang)],
                      frozen_columns=2)  # fmt: skip


def programmes_table(figures: SecretariatSummary, lang: str) -> xlsx.Table:
    columns = [
        xlsx.Column(t('doc.col.no', lang), Kind.NUMBER),
        xlsx.Column(t('summary.col.programme', lang), width=30),
        xlsx.Column(t('summary.col.agency', lang), width=30),
        xlsx.Column(t('summary.col.start', lang), Kind.DATE),
        xlsx.Column(t('summary.col.end', lang), Kind.DATE),
        xlsx.Column(t('summary.col.trainees', lang), Kind.COUNT),
    ]
    rows: list[list[Value | Typed]] = [
        [n, p.name, p.agency, p.start, p.end, p.trainees] for n, p in enumerate(figures.programmes, start=1)
    ]
    return xlsx.Table(columns, rows, total_label=t('doc.total', lang) if rows else '')


def groups_table(figures: SecretariatSummary, lang: str) -> xlsx.Table:
    columns = [
        xlsx.Column(t('doc.col.no', lang), Kind.NUMBER),
        xlsx.Column(t('summary.col.group', lang), width=26),
        xlsx.Column(t('summary.col.members', lang), Kind.COUNT),
        xlsx.Column(t('summary.col.selling', lang), Kind.COUNT),
        xlsx.Column(t('summary.col.member_sales', lang), Kind.MONEY),
        xlsx.Column(t('summary.col.group_sales', lang), Kind.MONEY),
    ]
    rows: list[list[Value | Typed]] = [
        [n, g.name, g.members, g.selling, g.member_sales, g.group_sales] for n, g in enumerate(figures.groups, start=1)
    ]
    return xlsx.Table(columns, rows, total_label=t('doc.total', lang) if rows else '',
                      footnotes=[t('summary.groups_note', lang)])  # fmt: skip


def summary_tables(figures: SecretariatSummary, lang: str) -> list[tuple[str, xlsx.Table]]:
    sheet = 'summary.sheet.'
    return [
        (t(sheet + 'indicators', lang), indicators_table(figures, lang)),
        (t(sheet + 'months', lang), monthly_table(figures, lang)),
        (t(sheet + 'programmes', lang), programmes_table(figures, lang)),
        (t(sheet + 'groups', lang), groups_table(figures, lang)),
    ]


def summary_xlsx(figures: SecretariatSummary, lang: str = 'id') -> bytes:
    """A sheet for each table, each under the secretariat, its village and the period."""
    tables = summary_tables(figures, lang)
    book, sheet = xlsx.new_book(tables[0][0])
    for index, (name, table) in enumerate(tables):
        sheet = sheet if index == 0 else xlsx.add_sheet(book, name)
        xlsx.write_sheet(sheet, xlsx.Title(figures.name, figures.place, name, period(figures, lang)), table)
    return workbook_bytes(book)


def period(figures: SecretariatSummary, lang: str) -> str:
    """`Januari – Desember 2026`, or up to this month in this year."""
    if not figures.months:
        return str(figures.year)
    first, last = figures.months[0], figures.months[-1]
    names = [format_date(m, format='MMMM', locale=LOCALES[lang]) for m in (first, last)]
    return t('summary.period', lang, first=names[0], last=names[1], year=figures.year)


def _line_label(key: str, lang: str, *, stock: bool = False) -> str:
    label = t(f'summary.line.{key}', lang)
    return f'{label} {t("summary.at_month_end", lang)}' if stock else label


def _cells(line: Line) -> list[Value | Typed]:
    return [_cell(line, value) for value in line.values]


def _cell(line: Line, value: int) -> Value | Typed:
    return Typed(value, Kind.MONEY) if line.money else value


# ---- the printed report ---------------------------------------------------------------------------------------


class _Report(Document):
    """Its pages: a table that runs over keeps its page's orientation."""

    def add_page(self, orientation: str = '', *args: object, **kwargs: object) -> None:
        if not orientation and not kwargs.get('same') and self.page:
            orientation = self.cur_orientation.value
        super().add_page(orientation, *args, **kwargs)  # type: ignore[arg-type]


def summary_pdf(figures: SecretariatSummary, lang: str = 'id', *, printed: dt.date) -> bytes:
    """Upright under the secretariat's letterhead: the indicators, the programmes and the groups by name, and the
    sign-off of its staff and the village head; then, as an annex across landscape pages, the months."""
    title = t('summary.title', lang)
    note = f'{figures.name[:60]} · {figures.year}'
    doc = _Report(lang, title=f'{title} {figures.name} {figures.year}', footer_note=note)
    doc.add_page()
    kop(doc, Kop(figures.name, figures.place))
    doc.text_line(title.upper(), size=13, bold=True, align='C', height=6.5)
    doc.text_line(period(figures, lang), size=10.5, align='C', height=5.5)
    doc.text_line(t('summary.for_reports', lang), size=8.5, align='C', height=4.5)
    indicators, months, programmes, groups = summary_tables(figures, lang)
    _section(doc, indicators[0])
    _table(doc, indicators[1], (12, 0, 34), size=9)
    doc.text_line(t('summary.note', lang), size=7.5, height=4)
    _section(doc, programmes[0])
    if programmes[1].rows:
        _table(doc, programmes[1], (10, 0, 52, 25, 25, 18), size=8.5)
    else:
        doc.text_line(t('summary.none', lang), size=9)
    _section(doc, groups[0])
    keep = sign_off_height(known=False) + 12
    if groups[1].rows:
        _table(doc, groups[1], (10, 0, 20, 22, 32, 32), size=8.5, keep=keep)
        doc.text_line(t('summary.groups_note', lang), size=7.5, height=4)
    else:
        doc.text_line(t('summary.none', lang), size=9)
    _signatures(doc, figures, printed)
    doc.add_page(orientation='L')
    _section(doc, t('summary.annex', lang, what=months[0]))
    widths = (9, 0, *([13.5] * len(figures.months)), 20)
    _table(doc, months[1], widths, size=7.5)
    for line in months[1].footnotes:
        doc.text_line(line, size=7.5, height=4)
    return doc.to_bytes()


def _signatures(doc: Document, figures: SecretariatSummary, printed: dt.date) -> None:
    """The secretariat's staff who made it, and the village head who knows of it: names left to write by hand."""
    lang = doc.lang
    dated = t('doc.sign.dated', lang, city=figures.village, date=date_text(printed, lang))
    doc.set_y(doc.get_y() + 3)
    sign_off(
        doc,
        SignBlock(('', t('doc.sign.known', lang), t('summary.sign.head', lang, village=figures.village)), Signer(),
                  with_nip=False),
        SignBlock((dated, t('summary.sign.made', lang), figures.name), Signer(), with_nip=False),
    )  # fmt: skip


def _section(doc: Document, heading: str) -> None:
    doc.set_y(doc.get_y() + 4)
    if doc.get_y() + 20 > doc.page_break_trigger:  # a heading never stands alone at the foot of a page
        doc.add_page()
    doc.text_line(heading, size=11.5, bold=True, height=6)
    doc.set_y(doc.get_y() + 1)


def _table(doc: Document, table: xlsx.Table, widths: Sequence[float], *, size: float, keep: float = 0) -> None:
    """`table` at `widths` mm (one 0: the rest of the width); a section's heading row and the total in bold."""
    rest = doc.content_width - sum(widths)
    columns = [
        Column(c.title, w or rest, 'L' if c.kind is Kind.TEXT else 'C' if c.kind is Kind.NUMBER else 'R')
        for c, w in zip(table.columns, widths, strict=True)
    ]
    printed = Table(doc, columns, size=size)
    printed.header()
    lines = [(row, row[0] is None and isinstance(row[1], str)) for row in table.rows]
    if table.total_label and table.rows:
        lines.append((xlsx.total_values(table), True))
    for index, (row, bold) in enumerate(lines, start=1):
        cells = [_shown(value, column.kind, doc.lang) for value, column in zip(row, table.columns, strict=True)]
        printed.row(cells, bold=bold, keep=keep if index == len(lines) else 0)


def _shown(value: Value | Typed, kind: Kind, lang: str) -> str:
    """`12`, `Rp 1.250.000`, `7 Des 2026`; nothing for an empty cell."""
    if isinstance(value, Typed):
        return _shown(value.value, value.kind, lang)
    if value is None:
        return ''
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return short_date(value, lang)
    if kind is Kind.MONEY:
        return format_rupiah(int(value))  # type: ignore[arg-type]
    return number(value, lang)  # type: ignore[arg-type]
