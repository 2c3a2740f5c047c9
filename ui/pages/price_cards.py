"""Market prices where she works: today's prices of her commodities on her home and in her group's book, the latest
reference, collector and market prices beside her price on the group's sale form, and the group's own sale prices
against them month by month. Each asks `store.market_prices` once; the chart is on the price page alone
(`prices.py`), so these pages stay light."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeVar

from nicegui import ui
from nicegui.element import Element

from models.market_prices import Commodity, PlaceKind
from models.participant import Group
from models.programme import ProgrammeKind, Zone
from models.secretariat import Secretariat
from store.market_prices import (
    CommodityLatest,
    KindLatest,
    MonthPrices,
    commodities_for,
    group_months,
    group_secretariats,
    her_kinds,
    latest_prices,
)
from store.secretariats import secretariats_reaching

from ..auth import now
from ..format import format_rupiah, number, short_date, unit_name
from ..i18n import t
from ..runtime import runtime
from ..widgets import TapButton

KIND_ICONS = {
    PlaceKind.REFERENCE: 'verified',
    PlaceKind.MARKET: 'storefront',
    PlaceKind.COLLECTOR: 'local_shipping',
    PlaceKind.FARM_GATE: 'agriculture',
}
E = TypeVar('E', bound=Element)
SALE_KINDS = (PlaceKind.REFERENCE, PlaceKind.COLLECTOR, PlaceKind.MARKET)
SALE_COLUMNS = {PlaceKind.REFERENCE: 'reference', PlaceKind.COLLECTOR: 'collector', PlaceKind.MARKET: 'market'}


def today_wib() -> dt.date:
    """Today on the secretariats' clock: a secretariat keeps no zone of its own, and Indonesia's markets open by
    their own, so the date prices are told by is WIB's."""
    return now().astimezone(Zone.WIB.tz).date()


def commodity_name(commodity: Commodity) -> str:
    """A built-in commodity in her language; one staff added as they wrote it."""
    if commodity.added_by:
        return commodity.name
    return t(f'prices.commodity.{commodity.key.replace("-", "_")}')


def per_unit(commodity: Commodity) -> str:
    return t('prices.per_unit', unit=unit_name(commodity.unit.value))


def change_texts(latest: KindLatest) -> tuple[str, str]:
    """Its change against a week before in rupiah and in percent: (`+Rp 9.100`, `+18,2%`), (`−Rp 400`, `−3,1%`),
    (`tetap`, `0%`); without a price a week before, (`–`, `belum ada pembanding`)."""
    if latest.change is None or latest.percent is None:
        return '–', t('prices.no_week_before')
    if latest.change == 0:
        return t('prices.same'), '0%'
    sign = '+' if latest.change > 0 else '−'
    return f'{sign}{format_rupiah(abs(latest.change))}', f'{sign}{number(abs(latest.percent))}%'


def when_text(day: dt.date, today: dt.date) -> str:
    return t('prices.today') if day == today else short_date(day)


class KindLines(ui.column):
    def __init__(self, latest: CommodityLatest, today: dt.date, *, mark: str = '') -> None:
        """A commodity's latest price of each place kind, with its change against last week, a line each."""
        super().__init__()
        self.classes('full-width gap-0')
        if mark:
            self.mark(mark)
        with self:
            for kind in latest.kinds:
                self.line(kind, latest.commodity, today)

    def line(self, kind: KindLatest, commodity: Commodity, today: dt.date) -> None:
        """`Harga acuan · hari ini` over `Rp 59.650 per kg`, and at the right `+Rp 11.700` over `+24,4%`."""
        up = kind.change is not None and kind.change > 0
        down = kind.change is not None and kind.change < 0
        icon = 'trending_up' if up else 'trending_down' if down else 'trending_flat'
        colour = 'orange-9' if up else 'blue-8' if down else 'grey-7'
        key, where = kind.kind.value, f'{commodity.key}-{kind.kind.value}'
        amount, percent = change_texts(kind)
        with ui.row().classes('items-center no-wrap full-width q-py-xs').mark(f'price-{where}'):
            ui.icon(KIND_ICONS[kind.kind], size='24px', color='primary')
            with ui.column().classes('col gap-0'):
                ui.label(f'{t(f"prices.kind.{key}")} · {when_text(kind.date, today)}').classes('text-caption')
                price = f'{format_rupiah(kind.price)} {per_unit(commodity)}'
                ui.label(price).classes('text-body1 text-weight-bold').mark(f'price-value-{where}')
            with ui.column().classes('gap-0').style('align-items:flex-end;text-align:right;max-width:40%'):
                with ui.row().classes('items-center no-wrap gap-1'):
                    ui.icon(icon, size='20px', color=colour)
                    ui.label(amount).classes('text-body2 text-weight-medium').mark(f'price-change-{where}')
                ui.label(percent).classes('text-body2').mark(f'price-percent-{where}')


class TodaysPrices(ui.card):
    def __init__(self, found: list[CommodityLatest], today: dt.date, *, title: str, path: str = '/harga') -> None:
        """Today's prices of her commodities (`found`), each with its kinds' lines, and the way to the chart."""
        super().__init__()
        self.classes('full-width q-pa-sm').mark('todays-prices')
        with self:
            with ui.row().classes('items-center no-wrap'):
                ui.icon('price_change', size='28px', color='primary')
                ui.label(title).classes('text-subtitle1 text-weight-bold')
            if found:
                ui.label(t('prices.change_hint')).classes('text-caption text-grey-8')
            for latest in found:
                ui.label(commodity_name(latest.commodity)).classes('text-body1 text-weight-medium q-mt-xs')
                KindLines(latest, today, mark=f'todays-{latest.commodity.key}')
            if not found:
                ui.label(t('prices.none_this_week')).classes('text-body2 text-grey-8').mark('no-prices')
            TapButton(
                t('prices.open_chart'), 'show_chart', lambda: ui.navigate.to(path), mark='open-prices', look='outline'
            ).classes('full-width')


def her_prices(participant_id: str) -> None:
    """On her home: today's prices of her commodities, when a secretariat reaches her (nothing otherwise)."""
    store = runtime.store
    secretariats = secretariats_reaching(store, participant_id)
    kinds = her_kinds(store, participant_id) if secretariats else set()
    wanted = commodities_for(store, kinds)
    if not wanted:
        return
    today = today_wib()
    found = latest_prices(store, [s.id for s in secretariats], wanted, today)
    TodaysPrices(found, today, title=t('prices.home_title'))


def group_prices(group: Group, today: dt.date) -> None:
    """In the group's book, when its group is linked to a secretariat (nothing otherwise): `GroupPrices`."""
    secretariats = group_secretariats(runtime.store, group.id)
    if secretariats:
        GroupPrices(group, secretariats, today)


def with_price_guide(field: E, group: Group) -> E:
    """`field` (her price on the group's sale form) with the latest prices shown right under it."""
    SalePriceGuide(group)
    return field


class GroupPrices(ui.column):
    def __init__(self, group: Group, secretariats: list[Secretariat], today: dt.date) -> None:
        """In the group's book: today's chili prices, and the group's own sale prices against the reference,
        collector and market month by month, for the chili it picks (cabai merah keriting first)."""
        super().__init__()
        self.group, self.today = group, today
        self.secretariat_ids = [s.id for s in secretariats]
        chili = commodities_for(runtime.store, [ProgrammeKind.KWT])
        self.classes('full-width gap-1')
        with self:
            found = latest_prices(runtime.store, self.secretariat_ids, chili, today)
            TodaysPrices(found, today, title=t('prices.group_title'))
            ui.label(t('prices.months_title')).classes('text-h6 q-mt-sm')
            options = {c.key: commodity_name(c) for c in chili}
            self.pick = ui.select(options, value=chili[0].key, label=t('prices.commodity'), on_change=self.show)
            self.pick.props('outlined').classes('full-width').mark('months-commodity')
            self.table = ui.column().classes('full-width gap-0')
        self.show()

    def show(self) -> None:
        rows = group_months(runtime.store, self.group.id, self.secretariat_ids, str(self.pick.value), self.today)
        self.table.clear()
        with self.table:
            month_table(rows)


class PriceTable(ui.element):
    def __init__(self, heads: list[str], rows: list[tuple[str, list[int | None]]], *, mark: str) -> None:
        """A small table of whole rupiah a kg: a label first in each row (a month, a chili), then its prices, `–`
        where there is none. Narrow enough for a phone: no `Rp` in the cells, the caller's caption says it."""
        super().__init__('table')
        self.classes('full-width text-body2').style('border-collapse:collapse').mark(mark)
        with self:
            with ui.element('tr'):
                for position, head in enumerate(heads):
                    align = 'left' if position == 0 else 'right'
                    with ui.element('th').classes('text-caption text-grey-8 q-pa-xs').style(f'text-align:{align}'):
                        ui.label(head)
            for label, values in rows:
                with ui.element('tr').style('border-top:1px solid #e0e0e0').mark(f'{mark}-row'):
                    with ui.element('td').classes('q-pa-xs'):
                        ui.label(label)
                    for value in values:
                        with ui.element('td').classes('q-pa-xs').style('text-align:right;white-space:nowrap'):
                            ui.label(_whole(value))


def month_table(rows: list[MonthPrices]) -> None:
    """The group's price, the reference, collector and market, month by month, and what each column means."""
    heads = [t(f'prices.col.{key}') for key in ('month', 'group', 'reference', 'collector', 'market')]
    table = [
        (short_date(row.month).split(' ', 1)[-1], [row.group, row.reference, row.collector, row.market])  # `Des 2026`
        for row in rows
    ]
    PriceTable(heads, table, mark='months-table')
    if not rows:
        ui.label(t('prices.no_months')).classes('text-body2 text-grey-8')
    ui.label(t('prices.months_hint')).classes('text-caption text-grey-8')


def _whole(value: int | None) -> str:
    return '–' if value is None else number(Decimal(value))


class SalePriceGuide(ui.column):
    def __init__(self, group: Group) -> None:
        """Beside her price on the group's sale form: the latest reference, collector and market price of each
        chili this week (nothing when the group is linked to no secretariat)."""
        super().__init__()
        self.classes('full-width gap-0').mark('sale-price-guide')
        secretariats = group_secretariats(runtime.store, group.id)
        if not secretariats:
            return
        today = today_wib()
        chili = commodities_for(runtime.store, [ProgrammeKind.KWT])
        found = latest_prices(runtime.store, [s.id for s in secretariats], chili, today)
        if not found:
            return
        with self:
            ui.label(t('prices.guide_title')).classes('text-caption text-grey-8')
            heads = ['', *(t(f'prices.col.{SALE_COLUMNS[kind]}') for kind in SALE_KINDS)]
            rows = [
                (commodity_name(latest.commodity), [k.price if (k := latest.of(kind)) else None for kind in SALE_KINDS])
                for latest in found
            ]
            PriceTable(heads, rows, mark='sale-guide')
