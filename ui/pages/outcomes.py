"""The coordinator's outcomes of a programme: attendance, skills, certificates, aid, and after the training the
trainees' sales and the group's chili sales month by month, with charts (ECharts loads on this page only)
and the XLSX for the agency's report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from fastapi import Response
from nicegui import ui

from models.account import Role
from store.outcomes import Outcomes, programme_outcomes

from ..charts import count_axis, count_values, money_axis, money_values
from ..format import LOCALES, format_rupiah, number
from ..frame import programme_page
from ..i18n import current_lang, t
from ..runtime import runtime

COORDINATOR = Role.COORDINATOR
STATUS_COLOURS = {  # as the roster shows them
    'hadir': '#21ba45',
    'terlambat': '#ef6c00',
    'izin': '#1976d2',
    'sakit': '#7b1fa2',
    'alpa': '#c10015',
    'unmarked': '#bdbdbd',
}


async def page(programme_id: str) -> Response | None:
    with programme_page(programme_id, 'outcomes.title', heading=False) as programme:
        if programme is not None:
            outcomes_ui(programme_outcomes(runtime.store, programme, dt.datetime.now(programme.zone.tz).date()))
    return None


def outcomes_ui(outcomes: Outcomes) -> None:
    """Build the page from the figures alone (a test can build it without a store)."""
    ui.label(outcomes.name).classes('text-subtitle2 text-grey-8')
    ui.label(t('outcomes.title')).classes('text-h5 text-weight-bold')
    _figures(outcomes)
    ui.label(t('outcomes.attendance_by_day')).classes('text-h6 q-mt-md')
    ui.echart(_attendance_chart(outcomes)).classes('full-width').style('height:260px').mark('attendance-chart')
    ui.label(t('outcomes.after_training')).classes('text-h6 q-mt-md')
    ui.label(t('outcomes.after_hint')).classes('text-body2 text-grey-8')
    ui.echart(_months_chart(outcomes)).classes('full-width').style('height:300px').mark('months-chart')
    _months_table(outcomes)
    base = f'/export/outcomes/{outcomes.programme_id}'
    ui.button(
        t('outcomes.download_pdf'), icon='picture_as_pdf', on_click=lambda: ui.download.from_url(f'{base}.pdf')
    ).props('unelevated color=primary no-caps').classes('tap full-width q-mt-md').mark('download-outcomes-pdf')
    ui.button(t('outcomes.download'), icon='table_view', on_click=lambda: ui.download.from_url(f'{base}.xlsx')).props(
        'outline color=primary no-caps'
    ).classes('tap full-width').mark('download-outcomes')


def _percent(value: Decimal | None) -> str:
    return f'{number(value)}%' if value is not None else '–'


def _figures(outcomes: Outcomes) -> None:
    a, s, aid = outcomes.attendance, outcomes.skills, outcomes.aid
    cards = [
        ('how_to_reg', t('outcomes.attendance_rate'), _percent(a.rate),
         t('outcomes.attendance_detail', present=a.present, possible=a.possible, days=a.days_held), 'attendance'),
        ('grading', t('outcomes.competent_rate'), _percent(s.rate),
         t('outcomes.competent_detail', competent=s.competent, cells=s.cells, full=s.fully_competent), 'skills'),
        ('workspace_premium', t('outcomes.certificates'), f'{outcomes.certificates} / {outcomes.trainees}',
         t('outcomes.certificates_detail'), 'certificates'),
        ('volunteer_activism', t('outcomes.aid_handed_value'), format_rupiah(aid.handed_value),
         t('outcomes.aid_detail', planned=format_rupiah(aid.planned_value), handovers=aid.handovers,
           confirmed=aid.confirmed, pending=aid.pending), 'aid'),
    ]  # fmt: skip
    with ui.element('div').classes('full-width').style('display:grid;grid-template-columns:1fr 1fr;gap:8px'):
        for icon, label, value, detail, key in cards:
            with ui.card().classes('q-pa-sm').style('min-width:0').mark(f'figure-{key}'):
                with ui.row().classes('items-center no-wrap q-gutter-x-xs'):
                    ui.icon(icon, color='primary', size='22px')
                    ui.label(label).classes('text-caption text-grey-8')
                ui.label(value).classes('text-h6 text-weight-bold').mark(f'value-{key}')
                ui.label(detail).classes('text-caption')


def _attendance_chart(outcomes: Outcomes) -> dict[str, Any]:
    days = outcomes.attendance.days
    series_values = {
        'hadir': [d.present - d.late for d in days],
        'terlambat': [d.late for d in days],
        'izin': [d.excused for d in days],
        'sakit': [d.sick for d in days],
        'alpa': [d.absent for d in days],
        'unmarked': [d.unmarked for d in days],
    }
    return {
        'tooltip': {'trigger': 'axis', 'confine': True},
        'legend': {'bottom': 0, 'itemWidth': 12, 'textStyle': {'fontSize': 11}},
        'grid': {'left': 4, 'right': 8, 'top': 16, 'bottom': 48, 'containLabel': True},
        'xAxis': {'type': 'category', 'data': [t('outcomes.day_short', number=d.number) for d in days]},
        'yAxis': {'type': 'value', 'minInterval': 1, 'axisLabel': count_axis()},
        'series': [
            {
                'name': t(f'doc.status.{key}'),
                'type': 'bar',
                'stack': 'days',
                'data': values,
                'itemStyle': {'color': STATUS_COLOURS[key]},
                'tooltip': count_values(),
            }
            for key, values in series_values.items()
        ],  # fmt: skip
    }


def _month_label(day: dt.date) -> str:
    return format_date(day, format='MMM y', locale=LOCALES[current_lang()])


def _months_chart(outcomes: Outcomes) -> dict[str, Any]:
    months = outcomes.months
    money, count = money_values(), count_values()
    series: list[dict[str, Any]] = [
        {'name': t('outcomes.col.revenue'), 'type': 'bar', 'data': [m.revenue for m in months], 'itemStyle':
         {'color': '#0f766e'}, 'tooltip': money},
        {'name': t('outcomes.col.profit'), 'type': 'bar', 'data': [m.profit for m in months], 'itemStyle':
         {'color': '#5eead4'}, 'tooltip': money},
        {'name': t('outcomes.col.selling'), 'type': 'line', 'yAxisIndex': 1, 'data': [m.selling for m in months],
         'itemStyle': {'color': '#ef6c00'}, 'tooltip': count},
    ]  # fmt: skip
    if outcomes.has_groups:
        series.append(
            {'name': t('outcomes.col.group_revenue'), 'type': 'bar', 'data': [m.group_revenue for m in months],
             'itemStyle': {'color': '#c2410c'}, 'tooltip': money}
        )  # fmt: skip
    return {
        'tooltip': {'trigger': 'axis', 'confine': True},
        'legend': {'bottom': 0, 'itemWidth': 12, 'textStyle': {'fontSize': 11}},
        'grid': {'left': 4, 'right': 4, 'top': 24, 'bottom': 64, 'containLabel': True},
        'xAxis': {'type': 'category', 'data': [_month_label(m.first_day) for m in months]},
        'yAxis': [
            {'type': 'value', 'axisLabel': money_axis()},
            {'type': 'value', 'minInterval': 1, 'splitLine': {'show': False}, 'axisLabel': count_axis()},
        ],
        'series': series,
        'graphic': [] if months else [
            {'type': 'text', 'left': 'center', 'top': 'middle', 'style': {'text': t('outcomes.no_months'),
             'fill': '#757575', 'fontSize': 13}}
        ],
    }  # fmt: skip


def _months_table(outcomes: Outcomes) -> None:
    if not outcomes.months:
        ui.label(t('outcomes.no_months')).classes('text-grey-7').mark('no-months')
        return
    keys = ['month', 'selling', 'revenue', 'profit', 'revenue_median', 'profit_median']
    if outcomes.has_groups:
        keys += ['group_kg', 'group_revenue']
    columns = [{'name': k, 'label': t(f'outcomes.col.{k}'), 'field': k, 'align': 'right' if k != 'month' else 'left'}
               for k in keys]  # fmt: skip
    rows = [
        {
            'month': _month_label(m.first_day),
            'selling': f'{m.selling} / {outcomes.trainees}',
            'revenue': format_rupiah(m.revenue),
            'profit': format_rupiah(m.profit),
            'revenue_median': format_rupiah(m.revenue_median),
            'profit_median': format_rupiah(m.profit_median),
            'group_kg': f'{number(m.group_kg)} kg',
            'group_revenue': format_rupiah(m.group_revenue),
        }
        for m in outcomes.months
    ]
    ui.table(columns=columns, rows=rows, row_key='month').props('dense flat bordered').classes('full-width').mark(
        'months-table'
    )
