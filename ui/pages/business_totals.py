"""The coordinator's view of what a programme's trainees earn (`/programmes/{id}/business`): each trainee's
revenue and profit for the last months, from her own business log (never her buyers' names)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nicegui import ui

from models.participant import Participant
from store.figures import month_totals

from .. import auth
from ..format import format_rupiah
from ..frame import programme_page
from ..i18n import t
from ..runtime import runtime

MONTHS_SHOWN = 6


async def totals_page(programme_id: str) -> None:
    store = runtime.store
    with programme_page(programme_id, 'ledger.totals_title') as programme:
        if programme is None:
            return
        ui.label(t('ledger.totals_hint')).classes('text-body2 text-grey-8')
        now = auth.now().astimezone(programme.zone.tz).date()
        months = []
        first = now.replace(day=1)
        for _ in range(MONTHS_SHOWN):
            months.append(first.strftime('%Y-%m'))
            first = (first - dt.timedelta(days=1)).replace(day=1)
        people = sorted(
            (p for p in (store.get(Participant, i) for i in programme.participant_ids) if p), key=lambda p: p.name
        )
        rows = []
        for person in people:
            row: dict[str, Any] = {'name': person.name}
            for month in months:
                totals = month_totals(store, person.id, month, programme.zone.tz)
                row[month] = f'{format_rupiah(totals.revenue)} / {format_rupiah(totals.net_profit)}'
            rows.append(row)
        columns = [{'name': 'name', 'label': t('grid.trainee'), 'field': 'name', 'align': 'left'}] + [
            {'name': m, 'label': m, 'field': m} for m in months
        ]
        ui.label(t('ledger.cell_rule')).classes('text-caption')
        ui.table(columns=columns, rows=rows, row_key='name').props('dense flat bordered wrap-cells').classes(
            'full-width'
        ).mark('totals-table')
