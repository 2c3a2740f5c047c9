"""Her orders (`/usaha/pesanan`): what she must make today and tomorrow, each open order soonest first with its
next step and a WhatsApp message to the buyer, a new order, and the ones finished or cancelled."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from nicegui import ui
from pydantic import ValidationError

from models.base import DomainError
from models.orders import OPEN, Delivery, Order, OrderStatus
from models.permissions import is_trainee
from store.orders import (
    OrderForm,
    OrderLine,
    due_between,
    ingredients_for,
    orders_of,
    production_on,
    record_order,
    set_dp,
    set_status,
)
from store.periods import zone_of
from store.products import her_products

from ..auth import acting, now
from ..format import format_rupiah, short_date, unit_name
from ..forms import field_errors, notify_error, show_errors, written
from ..frame import business_page
from ..i18n import current_lang, t
from ..runtime import runtime
from ..whatsapp import order_message
from ..widgets import CancelSave, LinkCard, MoneyInput, Sheet, TapButton
from .customers import CustomerFields
from .transfer_proof import ProofMark

STEP = {
    OrderStatus.NEW: OrderStatus.ACCEPTED,
    OrderStatus.ACCEPTED: OrderStatus.READY,
    OrderStatus.READY: OrderStatus.DONE,
}
STEP_ICON = {OrderStatus.ACCEPTED: 'thumb_up', OrderStatus.READY: 'inventory', OrderStatus.DONE: 'task_alt'}


async def orders_page() -> None:
    with business_page('orders.title', 'orders.hint') as participant_id:
        OrdersScreen(participant_id)


class OrdersScreen:
    def __init__(self, participant_id: str) -> None:
        self.participant_id = participant_id
        self.tz = zone_of(runtime.store, participant_id)
        TapButton(t('orders.new'), 'add', self.new_order, mark='new-order').classes('full-width')
        self.listing()

    @ui.refreshable_method
    def listing(self) -> None:
        today = now().astimezone(self.tz).date()
        for day, key in ((today, 'orders.make_today'), (today + dt.timedelta(days=1), 'orders.make_tomorrow')):
            self.production(day, key)
        orders = orders_of(runtime.store, self.participant_id)
        open_orders = [o for o in orders if o.status in OPEN]
        ui.label(t('orders.open', count=len(open_orders))).classes('text-h6 q-mt-sm')
        if not open_orders:
            ui.label(t('orders.none')).classes('text-body2 text-grey-8')
        for order in open_orders:
            self.card(order)
        closed = [o for o in reversed(orders) if o.status not in OPEN][:20]
        if closed:
            with ui.expansion(t('orders.closed', count=len(closed)), icon='history').classes('full-width'):
                for order in closed:
                    self.card(order)

    def production(self, day: dt.date, key: str) -> None:
        needed = production_on(runtime.store, self.participant_id, day, self.tz)
        if not needed:
            return
        names = {p.id: p for p in her_products(runtime.store, self.participant_id)}
        lines = ', '.join(f'{_qty(q)} {names[p].name if p in names else "?"}' for p, q in needed.items())
        shopping = ingredients_for(runtime.store, needed)
        with ui.card().classes('full-width q-pa-sm bg-amber-1').mark(f'production-{day.isoformat()}'):
            ui.label(t(key, date=short_date(day))).classes('text-subtitle2')
            ui.label(lines).classes('text-body1')
            if shopping:  # from her recipe cards: what the batches take
                buy = ', '.join(f'{_qty(b.amount)} {unit_name(b.unit)} {b.name}' for b in shopping)
                ui.label(t('orders.to_buy', items=buy)).classes('text-body2').mark('to-buy')

    def card(self, order: Order) -> None:
        due = order.due.astimezone(self.tz)
        with ui.card().classes('full-width q-pa-sm').mark(f'order-{order.id}'):
            with ui.row().classes('items-center no-wrap full-width'):
                ui.label(order.buyer).classes('text-body1 text-weight-bold col')
                ui.badge(t(f'orders.status.{order.status.value}')).props('outline')
            when = t('orders.due', date=short_date(due.date()), time=f'{due:%H.%M}')
            if order.late(now()):
                ui.label(t('orders.late', when=when)).classes('text-body2 text-negative text-weight-bold').mark('late')
            else:
                ui.label(when).classes('text-body2')
            items = ', '.join(f'{_qty(i.quantity)} {i.name}' for i in order.items)
            ui.label(items).classes('text-body2')
            money = t('orders.money', total=format_rupiah(order.total), dp=format_rupiah(order.dp),
                      left=format_rupiah(order.left))  # fmt: skip
            ui.label(money).classes('text-body2 text-grey-8')
            handover = t('orders.deliver_to', address=order.address) if order.address else ''
            if order.delivery == Delivery.PICKUP:
                handover = t('orders.picked_up')
            ui.label(handover or t(f'orders.delivery.{order.delivery.value}')).classes('text-body2').mark('handover')
            if order.note:  # the buyer's own words (from her shop too): shown as text, never run
                ui.label(t('orders.note_line', note=order.note)).classes('text-body2 text-italic').mark('order-note')
            ProofMark(order, self.participant_id, self.listing.refresh)  # the buyer's proof of transfer, hers alone
            if order.status in OPEN:
                self.actions(order)

    def actions(self, order: Order) -> None:
        with ui.row().classes('full-width q-gutter-sm'):
            step = STEP[order.status]
            go = lambda o=order, s=step: self.move(o, s)  # noqa: E731
            TapButton(t(f'orders.to.{step.value}'), STEP_ICON[step], go, mark=f'step-{order.id}')
            link = order_message(order, current_lang(), self.tz)
            if link:
                send = lambda url=link: ui.navigate.to(url, new_tab=True)  # noqa: E731
                TapButton(t('orders.whatsapp'), 'chat', send, look='outline', colour='green-8', mark=f'wa-{order.id}')
            TapButton(t('orders.set_dp'), 'payments', lambda o=order: self.dp_sheet(o), look='outline',
                      mark=f'dp-{order.id}')  # fmt: skip
            TapButton(t('orders.cancel'), 'block', lambda o=order: self.cancel(o), look='flat', colour='negative',
                      mark=f'cancel-{order.id}')  # fmt: skip

    async def move(self, order: Order, status: OrderStatus) -> None:
        if acting(is_trainee) is None:
            return
        if await written(set_status(runtime.store, self.participant_id, order.id, status)):
            ui.notify(t(f'orders.moved.{status.value}', buyer=order.buyer), type='positive')
            self.listing.refresh()

    def dp_sheet(self, order: Order) -> None:
        """The DP she has received so far (e.g. paid by her QRIS after a web order): what is left follows."""
        with Sheet(t('orders.set_dp_title', buyer=order.buyer)) as sheet:
            ui.label(t('orders.total_line', total=format_rupiah(order.total))).classes('text-body1')
            amount = MoneyInput(t('orders.dp'), order.dp, highest=order.total).props('outlined').classes('full-width')
            amount.mark('dp-amount')

            async def save() -> None:
                if acting(is_trainee) is None:
                    return
                dp = amount.value
                if dp is None:
                    show_errors({'dp': amount}, {'dp': t('error.bad_amount')})
                    return
                if await written(set_dp(runtime.store, self.participant_id, order.id, dp), beside=amount):
                    sheet.close()
                    ui.notify(t('orders.dp_saved', buyer=order.buyer, dp=format_rupiah(dp)), type='positive')
                    self.listing.refresh()

            CancelSave(sheet, save, mark='save-dp')
        sheet.open()

    def cancel(self, order: Order) -> None:
        with Sheet(t('orders.cancel_title', buyer=order.buyer)) as sheet:
            reason = ui.input(t('orders.reason')).props('outlined').classes('full-width').mark('cancel-reason')

            async def save() -> None:
                if acting(is_trainee) is None:
                    return
                change = set_status(runtime.store, self.participant_id, order.id, OrderStatus.CANCELLED,
                                    reason=reason.value or '')  # fmt: skip
                if await written(change, beside=reason):
                    sheet.close()
                    self.listing.refresh()

            CancelSave(sheet, save, mark='save-cancel')
        sheet.open()

    def new_order(self) -> None:
        OrderSheet(self.participant_id, self.tz, self.listing.refresh)


class OrderSheet:
    """A new order: the buyer (one of her customers, or a new one), how many of each product, when, how it is
    handed over, the DP; the total and what is left shown as she types."""

    def __init__(self, participant_id: str, tz: Any, saved: Any) -> None:
        self.participant_id, self.tz, self.saved = participant_id, tz, saved
        self.products = her_products(runtime.store, participant_id)
        tomorrow = now().astimezone(tz).date() + dt.timedelta(days=1)
        with Sheet(t('orders.new')) as self.sheet:
            # her customers offered as she types (a pick fills in the phone); a new name is a new customer
            buyer = CustomerFields(participant_id, t('orders.buyer'), t('orders.buyer_phone'),
                                   mark='order-buyer', phone_mark='order-phone')  # fmt: skip
            self.fields: dict[str, Any] = {
                'buyer': buyer.name,
                'buyer_phone': buyer.phone,
                'date': ui.input(t('orders.date'), value=tomorrow.isoformat()).props('type=date stack-label'),
                'time': ui.input(t('orders.time'), value='10:00').props('type=time stack-label'),
            }
            self.quantities = {
                p.id: ui.number(f'{p.name} ({format_rupiah(p.price)})', min=0, step=1, precision=1).mark(f'qty-{p.id}')
                for p in self.products
            }
            self.fields['delivery'] = ui.toggle(
                {d.value: t(f'orders.delivery.{d.value}') for d in Delivery}, value=Delivery.PICKUP.value
            ).mark('order-delivery')
            self.fields['address'] = ui.input(t('orders.address')).mark('order-address')
            self.fields['dp'] = MoneyInput(t('orders.dp'), 0).mark('order-dp')
            self.fields['note'] = ui.input(t('orders.note')).mark('order-note')
            for element in (*self.fields.values(), *self.quantities.values()):
                element.props('outlined').classes('full-width')
            self.sum = ui.label().classes('text-h6').mark('order-sum')
            for element in (*self.quantities.values(), self.fields['dp']):
                element.on_value_change(self.show_sum)
            self.show_sum()
            CancelSave(self.sheet, self.save, mark='save-order')
        self.sheet.open()

    def lines(self) -> list[OrderLine]:
        return [
            OrderLine(product_id=pid, quantity=Decimal(str(field.value)))
            for pid, field in self.quantities.items()
            if field.value
        ]

    def show_sum(self) -> None:
        total = sum(round(p.price * (self.quantities[p.id].value or 0)) for p in self.products)
        dp = int(self.fields['dp'].value or 0)
        self.sum.set_text(t('orders.sum', total=format_rupiah(total), left=format_rupiah(max(0, total - dp))))

    async def save(self) -> None:
        if acting(is_trainee) is None:
            return
        try:
            due = dt.datetime.fromisoformat(f'{self.fields["date"].value}T{self.fields["time"].value or "10:00"}')
            form = OrderForm(
                buyer=self.fields['buyer'].value or '', buyer_phone=self.fields['buyer_phone'].value or '',
                lines=self.lines(), due=due.replace(tzinfo=self.tz), delivery=self.fields['delivery'].value,
                address=self.fields['address'].value or '', dp=int(self.fields['dp'].value or 0),
                note=self.fields['note'].value or '',
            )  # fmt: skip
        except ValidationError as error:
            show_errors(self.fields, field_errors(error))
            if any(e['loc'][0] == 'lines' for e in error.errors()):
                ui.notify(t('orders.no_items'), type='warning')
            return
        except ValueError:
            show_errors(self.fields, {'date': t('orders.bad_date')})
            return
        try:
            await record_order(runtime.store, self.participant_id, form)
        except DomainError as error:
            notify_error(error)
            return
        self.sheet.close()
        ui.notify(t('orders.saved', buyer=form.buyer), type='positive')
        self.saved()


def _qty(quantity: Decimal) -> str:
    return f'{quantity.normalize():f}'.replace('.', ',')


def orders_due_notice(participant_id: str) -> None:
    """On her home, first: her open orders due today and tomorrow, one tap to the orders, the urgent marked."""
    tz = zone_of(runtime.store, participant_id)
    start = dt.datetime.combine(now().astimezone(tz).date(), dt.time(0), tzinfo=tz)
    soon = due_between(runtime.store, participant_id, start, start + dt.timedelta(days=2))
    if not soon:
        return
    today = sum(1 for o in soon if o.due < start + dt.timedelta(days=1))
    urgent = sum(1 for o in soon if o.late(now()))
    with LinkCard('/usaha/pesanan', mark='orders-due') as card:
        card.classes('bg-amber-1')
        ui.icon('event_note', color='amber-10', size='32px')
        with ui.column().classes('col gap-0'):
            ui.label(t('orders.due_soon', today=today, tomorrow=len(soon) - today)).classes('text-subtitle1')
            if urgent:
                ui.label(t('orders.urgent', count=urgent)).classes('text-body2 text-negative text-weight-bold')
