"""A secretariat's summary (`/sekretariat/{id}/ringkasan`): its year in counts, the last month beside the year,
section by section as the village's reports ask (services, the register, the returnees' businesses), with the
downloads for the report (`/export/secretariat/{id}/summary.xlsx` and `.pdf`). Counts only: its staff and the
coordinators may have it, as they may have the secretariat.
"""

from __future__ import annotations

from babel.dates import format_date
from fastapi import Response
from nicegui import ui

from models.secretariat import Secretariat
from store.secretariat_summary import Line, SecretariatSummary, secretariat_summary, summary_years

from ..format import LOCALES, format_rupiah, number
from ..i18n import current_lang, t
from ..runtime import runtime
from ..widgets import TapButton
from .register_frame import nothing, open_secretariat, register_page, today

FIGURE = '72px'  # a column of counts
MONEY = '112px'  # a column of rupiah: `Rp 48.059.500` on one line


async def page(secretariat_id: str) -> Response | None:
    opened = await open_secretariat(secretariat_id, nothing)
    if isinstance(opened, Response):
        return opened
    with register_page(opened.secretariat, opened.account, 'summary.title', 'summary'):
        SummaryScreen(opened.secretariat)
    return None


class SummaryScreen:
    def __init__(self, secretariat: Secretariat) -> None:
        """The year chosen (this one first), its figures, and its downloads."""
        self.secretariat = secretariat
        years = summary_years(today())
        ui.label(t('summary.hint')).classes('text-body2 text-grey-8')
        self.year = ui.select({y: str(y) for y in reversed(years)}, value=years[-1], label=t('summary.year'),
                              on_change=self.body.refresh)  # fmt: skip
        self.year.props('outlined').classes('full-width').mark('summary-year')
        self.body()

    @ui.refreshable_method
    def body(self) -> None:
        year = int(self.year.value)
        figures = secretariat_summary(runtime.store, self.secretariat, year, today())
        base = f'/export/secretariat/{self.secretariat.id}/summary'
        with ui.row().classes('full-width q-gutter-sm'):
            TapButton(t('summary.xlsx'), 'table_view', lambda: ui.download.from_url(f'{base}.xlsx?year={year}'),
                      look='outline', mark='summary-xlsx', grow=True)  # fmt: skip
            TapButton(t('summary.pdf'), 'picture_as_pdf', lambda: ui.download.from_url(f'{base}.pdf?year={year}'),
                      look='outline', mark='summary-pdf', grow=True)  # fmt: skip
        if not figures.months:
            ui.label(t('summary.none')).classes('text-body1 text-grey-8')
            return
        month = format_date(figures.months[-1], format='MMM y', locale=LOCALES[current_lang()])
        for section in figures.sections:
            with ui.card().classes('full-width q-pa-sm').mark(f'summary-{section.key}'):
                ui.label(t(f'summary.section.{section.key}')).classes('text-subtitle1 text-weight-medium')
                with ui.row().classes('full-width no-wrap'):
                    ui.space()
                    for heading in (month, t('summary.col.year', year=year)):
                        ui.label(heading).classes('text-caption text-grey-8 text-right').style(f'width:{FIGURE}')
                for line in section.lines:
                    self.line(line)
        self.groups(figures)

    def line(self, line: Line) -> None:
        """Its name, the last month's figure and the year's; rupiah on a line of their own under the name."""
        shown = format_rupiah if line.money else number
        label = t(f'summary.line.{line.key}')
        if line.stock:
            label = f'{label} {t("summary.at_month_end")}'
        with ui.column().classes('full-width q-py-xs').style('gap:0').mark(f'line-{line.key}'):
            if line.money:
                ui.label(label).classes('text-body2')
            with ui.row().classes('full-width items-start no-wrap'):
                if line.money:
                    ui.space()
                else:
                    ui.label(label).classes('col text-body2')
                width = MONEY if line.money else FIGURE
                ui.label(shown(line.values[-1])).classes('text-body2 text-grey-8 text-right').style(f'width:{width}')
                ui.label(shown(line.total)).classes('text-body2 text-weight-bold text-right').style(
                    f'width:{width}'
                ).mark(f'total-{line.key}')

    def groups(self, figures: SecretariatSummary) -> None:
        if not figures.groups:
            return
        with ui.card().classes('full-width q-pa-sm').mark('summary-groups'):
            ui.label(t('summary.sheet.groups')).classes('text-subtitle1 text-weight-medium')
            for group in figures.groups:
                ui.label(group.name).classes('text-body1')
                ui.label(t('summary.group_line', members=group.members, selling=group.selling,
                           sales=format_rupiah(group.group_sales))).classes('text-body2')  # fmt: skip
