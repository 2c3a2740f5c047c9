"""Her business book: a sale in three taps from her home, expenses, and her dashboard with undo.

A sale's id is made when the sale sheet opens, so a double tap or a retry on a weak signal saves it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from decimal import Decimal
from functools import partial
from typing import Any

from nicegui import ui
from pydantic import ValidationError

from models.account import Account, Role
from models.base import DomainError, new_id
from models.business import (
    MAX_QUANTITY,
    WHOLE_UNITS,
    Channel,
    Expense,
    ExpenseCategory,
    ExpenseForm,
    Product,
    Sale,
    SaleForm,
    rupiah,
)
from models.permissions import is_trainee
from store.expenses import delete_expense, record_expense, undo_delete_expense, update_expense
from store.figures import WeekTotals, best_products, entries, summary, weekly
from store.periods import day_period, month_period, week_period, zone_of
from store.products import her_products
from store.programmes import learns_recipes
from store.sales import delete_sale, record_sale, undo_delete_sale, unpaid, update_sale
from store.saved import restore_entry

from .. import auth, charts
from ..auth import acting, page_user
from ..format import format_rupiah, number, short_date, unit_name
from ..forms import field_errors, notify_error, show_errors, written
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, IconButton, MoneyInput, PlainButton, Sheet, TapButton, named
from .customers import CustomerFields

TRAINEE = Role.TRAINEE
CHANNEL_ICONS = {
    Channel.NEIGHBOURS: 'home',
    Channel.MARKET: 'storefront',
    Channel.WHATSAPP: 'chat',
    Channel.INSTAGRAM: 'photo_camera',
    Channel.FACEBOOK: 'groups',
    Channel.ONLINE_SHOP: 'shopping_cart',
    Channel.COLLECTOR: 'local_shipping',
    Channel.OTHER: 'more_horiz',
}


# ---- on her home: the quick sale ---------------------------------------------------------------


def no_products_text(participant_id: str) -> str:
    """What to do with no products, for who she is: a kue trainee can make one from a recipe card; a KWT member
    sells what she grows."""
    return t('business.no_products' if learns_recipes(runtime.store, participant_id) else 'business.no_products_farm')


def quick_sale_section(account: Account) -> None:
    """Big product buttons: one tap opens the sale sheet with everything prefilled."""
    assert account.participant_id is not None
    products = her_products(runtime.store, account.participant_id)
    ui.label(t('business.sell_title')).classes('text-h6')
    undo_area = ui.column().classes('full-width').mark('undo-area')
    if not products:
        ui.label(no_products_text(account.participant_id)).classes('text-body2 text-grey-8').mark('no-products')
    else:
        with ui.element('div').classes('full-width').style('display:grid;grid-template-columns:1fr 1fr;gap:8px'):
            for product in products:
                sell = lambda p=product: SaleSheet(p, undo_area)  # noqa: E731
                dark = {'text-color': 'dark'}
                with (
                    PlainButton('', 'sell', sell, mark=f'sell-{product.id}', colour='teal-1', more=dark)
                    .classes('full-width')
                    .style('min-height:72px')
                ):
                    with ui.column().classes('items-center q-gutter-none'):
                        ui.label(product.name).classes('text-body1 text-weight-bold')
                        ui.label(f'{format_rupiah(product.price)} / {unit_name(product.unit)}').classes('text-caption')
    with ui.row().classes('full-width q-gutter-sm no-wrap'):
        stack = {'stack': True}
        expense = lambda: ExpenseSheet(undo_area)  # noqa: E731
        PlainButton(t('business.add_expense'), 'payments', expense, mark='add-expense', look='outline', grow=True,
                    more=stack)  # fmt: skip
        to_products = lambda: ui.navigate.to('/usaha/produk')  # noqa: E731
        PlainButton(t('business.products'), 'inventory_2', to_products, mark='open-products', look='outline',
                    grow=True, more=stack)  # fmt: skip
    owed = unpaid(runtime.store, account.participant_id)
    if owed:  # who still owes her, one tap from her home: marking a debt paid stays within three taps
        total = format_rupiah(sum(o.owed for o in owed))
        PlainButton(
            t('business.owed_total', amount=total, count=len(owed)), 'request_quote',
            lambda: ui.navigate.to('/usaha/piutang'), mark='home-owed', colour='orange-1',
            more={'text-color': 'deep-orange-10', 'align': 'left'},
        ).classes('full-width')  # fmt: skip


def show_undo(
    area: ui.column, text: str, undo: Any, detail: str = '', rule: Callable[[Account], bool] = is_trainee
) -> None:
    """A bar under the buttons: what was saved (and a `detail` under it), and a button to take it back for whom
    `rule` (her own records: she is a trainee) lets do it."""
    area.clear()
    with area, ui.card().classes('full-width bg-green-1 q-pa-sm').mark('undo-bar'):
        with ui.row().classes('items-center no-wrap full-width'):
            ui.icon('check_circle', color='positive', size='28px')
            with ui.column().classes('col').style('gap:2px'):
                ui.label(text).classes('text-body1').mark('saved-text')
                if detail:
                    ui.label(detail).classes('text-body1 text-weight-bold').mark('saved-detail')

            async def take_back() -> None:
                if acting(rule) is None:
                    return
                if not await written(undo()):
                    return
                area.clear()
                ui.notify(t('business.undone'), type='info')

            TapButton(t('business.undo'), 'undo', take_back, mark='undo', look='flat')


class SaleSheet:
    """Quantity (stepper), price prefilled, channel, paid or not: one tap on Simpan when the defaults fit."""

    def __init__(self, product: Product, undo_area: ui.column, sale: Sale | None = None, on_saved: Any = None) -> None:
        self.product = product
        self.undo_area = undo_area
        self.sale = sale
        self.on_saved = on_saved
        self.client_id = sale.id if sale else new_id()  # one id per sheet: a double tap saves once
        whole = product.unit.value in WHOLE_UNITS
        self.step = Decimal(1) if whole else Decimal('0.1')
        with Sheet(product.name) as self.dialog:
            with ui.row().classes('items-center no-wrap full-width justify-center'):
                named(
                    ui.button(icon='remove', on_click=lambda: self.bump(-1)).props('round unelevated color=primary'),
                    t('business.less'),
                ).classes('tap').mark('qty-minus')
                self.quantity = (
                    ui.input(
                        t('business.quantity', unit=unit_name(product.unit)),
                        value=number(sale.quantity) if sale else '1',
                    )
                    .props('outlined inputmode=decimal input-class="text-center text-h6"')
                    .style('max-width:140px')
                    .mark('qty')
                )
                named(
                    ui.button(icon='add', on_click=lambda: self.bump(1)).props('round unelevated color=primary'),
                    t('business.more'),
                ).classes('tap').mark('qty-plus')
            self.price = MoneyInput(t('business.unit_price'), sale.unit_price if sale else product.price)
            self.price.props('outlined').classes('full-width').mark('unit-price')
            self.total = ui.label().classes('text-h6 text-weight-bold').mark('sale-total')
            self.quantity.on_value_change(self.show_total)
            self.price.on_value_change(self.show_total)
            self.show_total()
            self.channel = (
                ui.select(
                    {c.value: t(f'channel.{c.value}') for c in Channel},
                    label=t('business.channel'),
                    value=(sale.channel if sale else Channel.NEIGHBOURS).value,
                )
                .props('outlined')
                .classes('full-width')
                .mark('channel')
            )
            self.paid = ui.switch(t('business.paid'), value=sale.paid if sale else True).props('color=primary')
            self.paid.classes('tap').mark('paid')
            # the buyer: needed when she is owed; for a paid sale one tap away, so her customers grow as she sells
            self.add_buyer = TapButton(t('customers.add_buyer'), 'person_add', self.show_buyer, look='flat')
            self.add_buyer.mark('add-buyer')
            with ui.column().classes('full-width') as self.buyer_box:
                buyer = CustomerFields(
                    product.participant_id, t('business.buyer'), t('business.buyer_phone'),
                    name=sale.buyer if sale else '', phone=sale.buyer_phone if sale else '',
                )  # fmt: skip
                self.buyer, self.buyer_phone = buyer.name, buyer.phone
            self.buyer_wanted = bool(sale and sale.buyer)
            self.paid.on_value_change(lambda _: self.buyer_shown())
            self.buyer_shown()
            CancelSave(self.dialog, self.save, mark='save-sale', large=True)
        self.dialog.open()

    def show_buyer(self) -> None:
        self.buyer_wanted = True
        self.buyer_shown()

    def buyer_shown(self) -> None:
        """The buyer's fields when she is owed or asked for them; otherwise the one button that opens them."""
        self.buyer_box.visible = self.buyer_wanted or not self.paid.value
        self.buyer.props['label'] = t('business.buyer' if not self.paid.value else 'customers.pick')
        self.buyer.update()
        self.add_buyer.visible = not self.buyer_box.visible

    def bump(self, direction: int) -> None:
        current = _typed_quantity(self.quantity.value) or Decimal(0)
        self.quantity.value = number(max(self.step, current + direction * self.step))

    def show_total(self) -> None:
        """Quantity × price as she types it, before she saves; nothing while either is not a number yet."""
        quantity, price = _typed_quantity(self.quantity.value), self.price.value
        self.total.text = (
            t('business.sale_total', total=format_rupiah(rupiah(quantity * price))) if quantity and price else ''
        )

    async def save(self) -> None:
        account = acting(is_trainee)
        if account is None:
            return
        assert account.participant_id is not None
        fields = {
            'quantity': self.quantity,
            'unit_price': self.price,
            'buyer': self.buyer,
            'buyer_phone': self.buyer_phone,
            'channel': self.channel,
        }
        raw = {
            'product_id': self.product.id,
            'quantity': str(self.quantity.value or ''),
            'unit_price': self.price.value,
            'channel': self.channel.value,
            'paid': bool(self.paid.value),
            'buyer': self.buyer.value or '',
            'buyer_phone': self.buyer_phone.value or '',
            'at': self.sale.at if self.sale else auth.now(),
        }
        try:
            form = SaleForm.model_validate(raw)
        except ValidationError as error:
            messages = field_errors(error)
            if '' in messages:
                messages['buyer'] = messages.pop('')
            show_errors(fields, messages)
            return
        try:
            if self.sale is not None:
                saved = await update_sale(runtime.store, account.participant_id, self.sale.id, form)
            else:
                saved = (
                    await record_sale(runtime.store, account.participant_id, form, client_id=self.client_id)
                ).record
        except DomainError as error:
            if error.key.startswith('quantity_'):  # said beside the quantity she typed
                show_errors(fields, {'quantity': t(f'form.{error.key}')})
            else:
                show_errors(fields, {})
                notify_error(error)
            return
        self.dialog.close()
        text = t(
            'business.sale_saved',
            quantity=number(saved.quantity),
            name=self.product.name,
            total=format_rupiah(saved.total),
        )
        # who owes her how much, said while she can still take it back
        owed = t('business.sale_owed', buyer=saved.buyer, amount=format_rupiah(saved.owed)) if saved.owed else ''
        participant_id, before = account.participant_id, self.sale
        if before is None:  # her undo takes a new sale back, or puts an edited one back as it was
            show_undo(self.undo_area, text, partial(delete_sale, runtime.store, participant_id, saved.id), owed)
        else:
            show_undo(self.undo_area, text, partial(restore_entry, runtime.store, participant_id, before), owed)
        if self.on_saved:
            self.on_saved()


def _typed_quantity(text: object) -> Decimal | None:
    """A quantity as she typed it (`1,5` or `1.5`), if it is a number above zero and of a sane size."""
    try:
        quantity = Decimal(str(text or '').strip().replace(',', '.'))
    except ArithmeticError:
        return None
    return quantity if quantity.is_finite() and 0 < quantity <= MAX_QUANTITY else None


class ExpenseSheet:
    def __init__(self, undo_area: ui.column, on_saved: Any = None, expense: Expense | None = None) -> None:
        self.undo_area = undo_area
        self.on_saved = on_saved
        self.expense = expense
        self.client_id = expense.id if expense else new_id()
        with Sheet(t('business.add_expense')) as self.dialog:
            self.fields: dict[str, Any] = {
                'category': ui.select(
                    {c.value: t(f'expense.{c.value}') for c in ExpenseCategory},
                    label=t('business.category'),
                    value=(expense.category if expense else ExpenseCategory.INGREDIENTS).value,
                ).mark('expense-category'),
                'amount': MoneyInput(t('business.amount'), expense.amount if expense else None).mark('expense-amount'),
                'note': ui.input(t('business.note'), value=expense.note if expense else '').mark('expense-note'),
            }
            for element in self.fields.values():
                element.props('outlined').classes('full-width')
            CancelSave(self.dialog, self.save, mark='save-expense')
        self.dialog.open()

    async def save(self) -> None:
        account = acting(is_trainee)
        if account is None:
            return
        assert account.participant_id is not None
        raw = {
            'category': self.fields['category'].value,
            'amount': self.fields['amount'].value,
            'note': self.fields['note'].value or '',
            'at': self.expense.at if self.expense else auth.now(),
        }
        try:
            form = ExpenseForm.model_validate(raw)
        except ValidationError as error:
            show_errors(self.fields, field_errors(error))
            return
        try:
            if self.expense is not None:
                saved = await update_expense(runtime.store, account.participant_id, self.expense.id, form)
            else:
                saved = (
                    await record_expense(runtime.store, account.participant_id, form, client_id=self.client_id)
                ).record
        except DomainError as error:
            notify_error(error)
            return
        self.dialog.close()
        text = t(
            'business.expense_saved', category=t(f'expense.{saved.category.value}'), amount=format_rupiah(saved.amount)
        )
        participant_id, before = account.participant_id, self.expense
        if before is None:
            show_undo(self.undo_area, text, partial(delete_expense, runtime.store, participant_id, saved.id))
        else:
            show_undo(self.undo_area, text, partial(restore_entry, runtime.store, participant_id, before))
        if self.on_saved:
            self.on_saved()


# ---- her dashboard -----------------------------------------------------------------------------


async def dashboard_page(period: str = 'month') -> None:
    participant_id = page_user().participant_id or ''
    tz = zone_of(runtime.store, participant_id)
    with frame('business.title', active='/usaha'):
        ui.label(t('business.title')).classes('text-h5 text-weight-bold')
        choice = (
            ui.toggle(
                {'day': t('business.today'), 'week': t('business.week'), 'month': t('business.month')},
                value=period if period in ('day', 'week', 'month') else 'month',
            )
            .props('spread no-caps toggle-color=primary')
            .classes('full-width')
            .mark('period')
        )
        figures = ui.column().classes('full-width')
        undo_area = ui.column().classes('full-width').mark('undo-area')

        def show() -> None:
            window = {'day': day_period, 'week': week_period, 'month': month_period}[choice.value](auth.now(), tz)
            figures.clear()
            with figures:
                _period_figures(participant_id, window.start, window.end)
                _entries(participant_id, window.start, window.end, tz, undo_area, show)

        choice.on_value_change(show)
        show()
        _owed_and_weeks(participant_id, tz)
        with ui.row().classes('full-width q-gutter-sm'):
            for key, icon, path in (
                ('business.products', 'inventory_2', '/usaha/produk'),
                ('orders.title', 'event_note', '/usaha/pesanan'),
                ('customers.title', 'groups', '/usaha/pelanggan'),
                ('business.shop', 'storefront', '/usaha/toko'),
            ):
                go = lambda p=path: ui.navigate.to(p)  # noqa: E731
                TapButton(t(key), icon, go, mark=f'open-{path.rsplit("/", 1)[-1]}', look='outline')


def _period_figures(participant_id: str, start: dt.datetime, end: dt.datetime) -> None:
    """Her money in, out and left for the period chosen, and what sold best in it."""
    store = runtime.store
    _figure_cards(summary(store, participant_id, start, end), learns_recipes(store, participant_id))
    best = best_products(store, participant_id, start, end)
    if best:
        ui.label(t('business.best')).classes('text-subtitle1 q-mt-sm')
    for item in best:
        line = t(
            'business.best_line',
            name=item.name, quantity=number(item.quantity), unit=unit_name(item.unit),
            revenue=format_rupiah(item.revenue),
        )  # fmt: skip
        ui.label(line).classes('text-body2')


def _owed_and_weeks(participant_id: str, tz: dt.tzinfo) -> None:
    """Who still owes her (a tap opens the list), and her last weeks as a chart."""
    store = runtime.store
    owed = unpaid(store, participant_id)
    with ui.card().classes('full-width q-pa-sm cursor-pointer').on('click', lambda: ui.navigate.to('/usaha/piutang')):
        with ui.row().classes('items-center no-wrap full-width'):
            ui.icon('request_quote', color='orange-9', size='32px')
            ui.label(t('business.owed_total', amount=format_rupiah(sum(o.owed for o in owed)), count=len(owed)))
            ui.icon('chevron_right', color='grey-7')
    ui.label(t('business.by_week')).classes('text-subtitle1 q-mt-sm')
    weeks = weekly(store, participant_id, now=auth.now(), tz=tz)
    if not any(w.revenue or w.profit for w in weeks):  # no empty axes: a sentence, and no chart library
        ui.label(t('business.no_weeks')).classes('text-body2 text-grey-8').mark('no-chart')
    else:
        _weekly_chart(weeks)


def _weekly_chart(weeks: list[WeekTotals]) -> None:
    ui.echart(
        {
            'grid': {'left': 4, 'right': 8, 'top': 24, 'bottom': 24, 'containLabel': True},
            'legend': {'data': [t('business.revenue'), t('business.profit')], 'top': 0},
            'tooltip': {'trigger': 'axis', 'confine': True},
            'xAxis': {'type': 'category', 'data': [f'{w.monday:%d/%m}' for w in weeks]},
            'yAxis': {'type': 'value', 'axisLabel': charts.money_axis()},
            'series': [
                {
                    'name': t('business.revenue'),
                    'type': 'bar',
                    'data': [w.revenue for w in weeks],
                    'color': '#0f766e',
                    'tooltip': charts.money_values(),
                },
                {
                    'name': t('business.profit'),
                    'type': 'bar',
                    'data': [w.profit for w in weeks],
                    'color': '#f59e0b',
                    'tooltip': charts.money_values(),
                },
            ],
        }
    ).classes('full-width').style('height:220px').mark('chart')


def _figure_cards(totals: Any, recipes: bool) -> None:
    with ui.element('div').classes('full-width').style('display:grid;grid-template-columns:1fr 1fr;gap:8px'):
        for key, amount, colour, marker in (
            ('business.revenue', totals.revenue, 'teal-1', 'revenue'),
            ('business.costs', totals.costs, 'orange-1', 'costs'),
            ('business.profit', totals.net_profit, 'green-1' if totals.net_profit >= 0 else 'red-1', 'profit'),
            ('business.hpp_guide', totals.hpp_of_goods, 'grey-2', 'hpp'),
        ):
            with ui.card().classes(f'bg-{colour} q-pa-sm'):
                ui.label(t(key)).classes('text-caption')
                ui.label(format_rupiah(amount)).classes('text-h6 text-weight-bold').mark(marker)
    ui.label(t('business.profit_rule' if recipes else 'business.profit_rule_farm')).classes('text-caption text-grey-7')


def _entries(participant_id: str, start: dt.datetime, end: dt.datetime, tz: Any, undo_area: Any, reload: Any) -> None:
    store = runtime.store
    rows = entries(store, participant_id, start, end)
    ui.label(t('business.entries', count=len(rows))).classes('text-subtitle1 q-mt-sm')
    for item in rows[:50]:
        with ui.card().classes('full-width q-pa-sm').mark(f'entry-{item.id}'):
            with ui.row().classes('items-center no-wrap full-width'):
                if isinstance(item, Sale):
                    product = store.get(Product, item.product_id)
                    name = product.name if product else '?'
                    ui.icon(CHANNEL_ICONS[item.channel], color='primary')
                    text = f'{number(item.quantity)} {name} · {format_rupiah(item.total)}'
                    if not item.paid:
                        text += ' · ' + t('business.unpaid')
                else:
                    ui.icon('payments', color='orange-9')
                    text = f'{t(f"expense.{item.category.value}")} · {format_rupiah(item.amount)}'
                with ui.column().classes('col q-gutter-none'):
                    ui.label(text).classes('text-body2')
                    ui.label(f'{short_date(item.at.astimezone(tz).date())} {item.at.astimezone(tz):%H.%M}').classes(
                        'text-caption text-grey-7'
                    )
                if isinstance(item, Sale) and product is not None:
                    IconButton(
                        'edit',
                        t('business.edit'),
                        lambda s=item, p=product: SaleSheet(p, undo_area, s, reload),
                        mark=f'edit-{item.id}',
                    )
                if isinstance(item, Expense):
                    IconButton(
                        'edit',
                        t('business.edit'),
                        lambda e=item: ExpenseSheet(undo_area, reload, e),
                        mark=f'edit-{item.id}',
                    )
                IconButton(
                    'delete',
                    t('form.delete'),
                    lambda i=item: _delete(i, undo_area, reload),
                    mark=f'delete-{item.id}',
                    colour='negative',
                )


async def _delete(item: Sale | Expense, undo_area: Any, reload: Any) -> None:
    account = acting(is_trainee)
    if account is None or account.participant_id is None:
        return
    participant_id = account.participant_id
    try:
        undo: Callable[[], Awaitable[object]]
        if isinstance(item, Sale):
            await delete_sale(runtime.store, participant_id, item.id)
            undo = partial(undo_delete_sale, runtime.store, participant_id, item.id)
        else:
            await delete_expense(runtime.store, participant_id, item.id)
            undo = partial(undo_delete_expense, runtime.store, participant_id, item.id)
    except DomainError as error:
        notify_error(error)
        return

    async def restore() -> None:
        await undo()
        reload()

    show_undo(undo_area, t('business.deleted'), restore)
    reload()
