"""The market prices (`/harga`): one commodity of one secretariat she sees (its staff, or a trainee it reaches):
today's price of each place kind and its change against last week, a chart of the last 90 days by place kind,
each place's newest price, and the form to write down a price she saw or was offered (`PriceSheet`).

A price far outside the recent range is asked about before it is saved; the form's id is made when it opens, so a
second tap, a retry or the confirmation saves it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from babel.dates import format_date
from fastapi import Response
from nicegui import ui

from models.account import Account
from models.base import DomainError, new_id
from models.market_prices import Commodity, PlaceKind, PriceForm
from models.permissions import may_keep_price_list, may_see_market_prices
from models.secretariat import Secretariat
from store.market_prices import (
    PriceBoard,
    UnusualPrice,
    commodities,
    commodities_for,
    commodity_by_key,
    her_kinds,
    known_places,
    price_board,
    price_secretariats,
    record_price,
)
from store.secretariats import members_reached

from .. import auth, charts
from ..auth import page_user, refusal
from ..format import LOCALES, format_rupiah
from ..forms import show_errors, validate
from ..frame import frame
from ..i18n import current_lang, error_text, t
from ..runtime import runtime
from ..widgets import CancelSave, MoneyInput, Sheet, TapButton, title_bar
from .price_cards import KIND_ICONS, KindLines, commodity_name, per_unit, today_wib, when_text

KIND_COLOURS = {
    PlaceKind.REFERENCE: '#0f766e',
    PlaceKind.MARKET: '#c2410c',
    PlaceKind.COLLECTOR: '#1d4ed8',
    PlaceKind.FARM_GATE: '#6d28d9',
}
DATE_FIELDS = {'price_date_future', 'price_date_old'}


async def page(komoditas: str = '', sekretariat: str = '') -> Response | None:
    store = await runtime.ready()
    account = page_user()
    secretariats = price_secretariats(store, account)
    if not secretariats:
        return refusal('prices.not_yours')
    secretariat = next((s for s in secretariats if s.id == sekretariat), secretariats[0])
    wanted = commodities_for(store, her_kinds(store, account.participant_id)) if account.participant_id else []
    commodity = commodity_by_key(store, komoditas) or (wanted or commodities(store))[0]
    with frame('prices.title', active='/'):
        title_bar('/', t('prices.title'), secretariat.name)
        PricesPage(account, secretariats, secretariat, commodity)
    return None


class PricesPage:
    def __init__(
        self, account: Account, secretariats: list[Secretariat], secretariat: Secretariat, commodity: Commodity
    ) -> None:
        """Her choice of secretariat (when she sees more than one) and commodity over the board of its prices."""
        self.secretariat, self.commodity = secretariat, commodity
        if len(secretariats) > 1:
            options = {s.id: s.name for s in secretariats}
            ui.select(options, value=secretariat.id, label=t('prices.secretariat'), on_change=self.pick_secretariat)
        options = {c.key: commodity_name(c) for c in commodities(runtime.store)}
        self.pick = ui.select(options, value=commodity.key, label=t('prices.commodity'), on_change=self.pick_commodity)
        self.pick.props('outlined').classes('full-width').mark('commodity')
        TapButton(t('prices.record'), 'add', self.record, mark='record-price').classes('full-width')
        self.body = ui.column().classes('full-width gap-1')
        if may_keep_price_list(account, secretariat):
            TapButton(
                t('prices.manage'), 'settings', lambda: ui.navigate.to(f'/sekretariat/{secretariat.id}/harga'),
                mark='manage-prices', look='outline',
            ).classes('full-width')  # fmt: skip
        ui.label(t('prices.source_note')).classes('text-caption text-grey-8').mark('source-note')
        self.show()

    def show(self) -> None:
        today = today_wib()
        board = price_board(runtime.store, [self.secretariat.id], self.commodity, today)
        self.body.clear()
        with self.body:
            Board(board, today)

    def pick_secretariat(self, event: Any) -> None:
        ui.navigate.to(f'/harga?sekretariat={event.value}&komoditas={self.commodity.key}')

    def pick_commodity(self, event: Any) -> None:
        found = commodity_by_key(runtime.store, str(event.value))
        if found is not None:
            self.commodity = found
            self.show()

    def record(self) -> None:
        PriceSheet(self.secretariat, self.commodity, on_saved=self.show)


class Board(ui.column):
    def __init__(self, board: PriceBoard, today: dt.date) -> None:
        """Today's prices, the 90 days' chart and each place's newest price, of one commodity."""
        super().__init__()
        self.classes('full-width gap-1').mark('price-board')
        with self:
            ui.label(t('prices.today_title')).classes('text-h6')
            if board.latest.kinds:
                ui.label(t('prices.change_hint')).classes('text-caption text-grey-8')
                KindLines(board.latest, today, mark='board-latest')
            else:
                ui.label(t('prices.none_this_week')).classes('text-body2 text-grey-8').mark('no-prices')
            ui.label(t('prices.chart_title', days=len(board.chart.days))).classes('text-h6 q-mt-sm')
            if board.chart.series:
                ui.echart(chart_options(board)).classes('full-width').style('height:280px').mark('price-chart')
            else:
                ui.label(t('prices.no_chart')).classes('text-body2 text-grey-8').mark('no-chart')
            ui.label(t('prices.places_title')).classes('text-h6 q-mt-sm')
            for place in board.places:
                with ui.row().classes('items-center no-wrap full-width').mark(f'place-{place.kind.value}'):
                    ui.icon(KIND_ICONS[place.kind], size='24px', color='primary')
                    with ui.column().classes('col gap-0'):
                        ui.label(place.place or t(f'prices.kind.{place.kind.value}')).classes('text-body1')
                        kind_and_date = f'{t(f"prices.kind.{place.kind.value}")} · {when_text(place.date, today)}'
                        ui.label(kind_and_date).classes('text-caption text-grey-8')
                    ui.label(format_rupiah(place.price)).classes('text-body1 text-weight-bold')


def chart_options(board: PriceBoard) -> dict[str, Any]:
    """A line a place kind over the days (a day without a price of that kind left open, the line drawn across
    it), dates as she reads them (`7 Des`), rupiah on the axis and in the tooltip."""
    locale = LOCALES.get(current_lang(), LOCALES['id'])
    days = [format_date(day, 'd MMM', locale=locale) for day in board.chart.days]
    money = charts.money_values()
    return {
        'tooltip': {'trigger': 'axis', 'confine': True},
        'legend': {'bottom': 0, 'itemWidth': 14, 'textStyle': {'fontSize': 12}},
        'grid': {'left': 4, 'right': 12, 'top': 16, 'bottom': 40, 'containLabel': True},
        'xAxis': {'type': 'category', 'data': days, 'boundaryGap': False, 'axisLabel': {'hideOverlap': True}},
        'yAxis': {'type': 'value', 'scale': True, 'axisLabel': charts.money_axis()},
        'series': [
            {
                'name': t(f'prices.kind.{kind.value}'), 'type': 'line', 'data': values, 'connectNulls': True,
                'showSymbol': False, 'lineStyle': {'width': 2}, 'itemStyle': {'color': KIND_COLOURS[kind]},
                'tooltip': money,
            }
            for kind, values in board.chart.series.items()
        ],
    }  # fmt: skip


class PriceSheet(Sheet):
    def __init__(
        self,
        secretariat: Secretariat,
        commodity: Commodity,
        *,
        on_saved: Callable[[], None],
        kinds: tuple[PlaceKind, ...] = (),
    ) -> None:
        """The form for a price she saw: commodity, place kind and place, price a unit, date. Its staff may also
        write a reference price. Saved under an id made as it opens."""
        super().__init__(t('prices.record_title'))
        self.secretariat, self.on_saved = secretariat, on_saved
        self.price_id = new_id()
        account = auth.current_account()
        staff = account is not None and may_keep_price_list(account, secretariat)
        kinds = kinds or tuple(k for k in PlaceKind if staff or k != PlaceKind.REFERENCE)
        self.units = {c.key: c for c in commodities(runtime.store)}
        places = known_places(runtime.store, secretariat.id, today_wib())
        with self:
            options = {key: commodity_name(c) for key, c in self.units.items()}
            self.fields: dict[str, Any] = {
                'commodity': ui.select(options, value=commodity.key, label=t('prices.commodity'),
                                       on_change=self._unit).mark('price-commodity'),
                'kind': ui.select({k.value: t(f'prices.kind.{k.value}') for k in kinds}, value=kinds[0].value,
                                  label=t('prices.kind_label')).mark('price-kind'),
                'place': ui.input(t('prices.place'), autocomplete=places).mark('price-place'),
                'price': MoneyInput(self._price_label(commodity)).mark('price-amount'),
                'date': ui.input(t('prices.date'), value=today_wib().isoformat()).props('type=date stack-label')
                .mark('price-date'),
            }  # fmt: skip
            for element in self.fields.values():
                element.props('outlined').classes('full-width')
            ui.label(t('prices.place_hint')).classes('text-caption text-grey-8')
            CancelSave(self, self.save, mark='save-price')
        self.open()

    def _price_label(self, commodity: Commodity) -> str:
        return t('prices.price_per', unit=per_unit(commodity))

    def _unit(self, event: Any) -> None:
        commodity = self.units.get(str(event.value))
        if commodity is not None:
            self.fields['price'].props['label'] = self._price_label(commodity)
            self.fields['price'].update()

    async def save(self) -> None:
        await self.write(confirmed=False)

    async def write(self, *, confirmed: bool) -> None:
        actor = auth.acting(self._allowed)
        if actor is None:
            return
        form = validate(PriceForm, self.fields)
        if form is None:
            return
        write = record_price(
            runtime.store, actor, self.secretariat.id, form, price_id=self.price_id, today=today_wib(),
            now=auth.now(), confirmed=confirmed,
        )  # fmt: skip
        try:
            await write
        except UnusualPrice as unusual:
            self._ask(form, unusual)
            return
        except DomainError as error:
            field = self.fields['date'] if error.key in DATE_FIELDS else None
            if field is None:
                ui.notify(error_text(error), type='negative', multi_line=True)
            else:
                show_errors({'date': field}, {'date': error_text(error)})
            return
        self.close()
        ui.notify(t('prices.saved'), type='positive')
        self.on_saved()

    def _allowed(self, account: Account) -> bool:
        secretariat = runtime.store.get(Secretariat, self.secretariat.id)
        return secretariat is not None and may_see_market_prices(
            account, secretariat, members_reached(runtime.store, secretariat)
        )

    def _ask(self, form: PriceForm, unusual: UnusualPrice) -> None:
        """Far from the recent range: she says whether she typed it right (nothing is saved until she does)."""
        unit = per_unit(self.units[form.commodity])
        with Sheet(t('prices.unusual_title')) as question:
            ui.label(
                t('prices.unusual', price=format_rupiah(unusual.price), median=format_rupiah(unusual.median), unit=unit)
            ).classes('text-body1').mark('unusual-question')

            async def confirm() -> None:
                question.close()
                await self.write(confirmed=True)

            CancelSave(question, confirm, mark='confirm-unusual', label=t('prices.unusual_yes'), icon='check')
        question.open()
