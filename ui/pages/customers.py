"""Her customers (`/usaha/pelanggan`): who bought from her, what they bought and still owe, one tap to write to
them; one customer's page (`/usaha/pelanggan/{customer_id}`) with her sales and orders to them. Hers alone:
the route table lets in trainees, and every read and write here is of her own customers.

`CustomerFields` is the buyer's name and phone on the sale and order sheets: her customers offered as she
types, a pick filling in the phone, so she never types a regular buyer again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from nicegui import ui

from models.base import DomainError
from models.business import Product
from models.orders import Customer
from models.permissions import is_trainee
from store.customers import (
    CustomerForm,
    CustomerLine,
    customer_book,
    customers_of,
    forget_customer,
    history,
    update_customer,
)
from store.periods import zone_of

from ..auth import acting
from ..format import format_rupiah, number, short_date, unit_name
from ..forms import saved_form, written
from ..frame import business_page
from ..i18n import t
from ..runtime import runtime
from ..whatsapp import wa_link
from ..widgets import CancelSave, LinkCard, Sheet, TapButton

SHOWN_SALES = 50  # on a customer's page, newest first; the rest counted


class CustomerFields:
    """The buyer's name (her customers offered as she types: `Name · 0812…`) and phone; picking one fills
    both. `name` and `phone` are the inputs, for a form's fields and errors."""

    def __init__(self, participant_id: str, name_label: str, phone_label: str, *, name: str = '', phone: str = '',
                 mark: str = 'buyer', phone_mark: str = 'buyer-phone') -> None:  # fmt: skip
        self.choices = {_choice(c): c for c in customers_of(runtime.store, participant_id)}
        self.name = ui.input(name_label, value=name, autocomplete=list(self.choices)).mark(mark)
        self.phone = ui.input(phone_label, value=phone).props('type=tel inputmode=tel').mark(phone_mark)
        for element in (self.name, self.phone):
            element.props('outlined').classes('full-width')
        self.name.on_value_change(lambda e: self.pick(e.value))

    def pick(self, typed: object) -> None:
        customer = self.choices.get(str(typed or ''))
        if customer is None:
            return
        if customer.phone:
            self.phone.set_value(customer.phone)
        if self.name.value != customer.name:
            self.name.set_value(customer.name)


def _choice(customer: Customer) -> str:
    return f'{customer.name} · {customer.phone}' if customer.phone else customer.name


async def customers_page() -> None:
    with business_page('customers.title', 'customers.hint') as participant_id:
        lines = customer_book(runtime.store, participant_id)
        if not lines:
            ui.label(t('customers.none')).classes('text-body1 text-grey-8').mark('no-customers')
        for line in lines:
            _customer_card(line)


def _customer_card(line: CustomerLine) -> None:
    customer = line.customer
    with LinkCard(f'/usaha/pelanggan/{customer.id}', mark=f'customer-{customer.id}'):
        ui.icon('person', color='primary', size='32px')
        with ui.column().classes('col gap-0'):
            ui.label(customer.name).classes('text-body1 text-weight-bold')
            ui.label(_bought_text(line)).classes('text-body2')
            if line.owed:
                ui.label(t('customers.owes', amount=format_rupiah(line.owed))).classes(
                    'text-body2 text-deep-orange-10 text-weight-bold'
                ).mark('owes')
            if line.open_orders:
                ui.label(t('customers.open_orders', count=line.open_orders)).classes('text-body2 text-amber-10')
        ui.icon('chevron_right', color='grey-7')


def _bought_text(line: CustomerLine) -> str:
    if not line.sales:
        return t('customers.bought_nothing')
    return t('customers.bought', amount=format_rupiah(line.bought), count=line.sales)


async def customer_page(customer_id: str) -> None:
    with business_page('customers.one') as participant_id:
        if participant_id:
            CustomerScreen(participant_id, customer_id)


class CustomerScreen:
    def __init__(self, participant_id: str, customer_id: str) -> None:
        self.participant_id, self.customer_id = participant_id, customer_id
        self.tz: dt.tzinfo = zone_of(runtime.store, participant_id)
        self.body()

    @ui.refreshable_method
    def body(self) -> None:
        try:
            book = history(runtime.store, self.participant_id, self.customer_id)
        except DomainError:
            ui.label(t('customers.gone')).classes('text-body1').mark('customer-gone')
            TapButton(t('customers.title'), 'groups', lambda: ui.navigate.to('/usaha/pelanggan'), look='outline')
            return
        customer, line = book.line.customer, book.line
        with ui.card().classes('full-width q-pa-sm'):
            ui.label(customer.name).classes('text-h6').mark('customer-name')
            if customer.phone:
                ui.label(customer.phone).classes('text-body2 text-grey-8')
            ui.label(_bought_text(line)).classes('text-body1').mark('customer-bought')
            if line.owed:
                owes = t('customers.owes', amount=format_rupiah(line.owed))
                ui.label(owes).classes('text-body1 text-deep-orange-10 text-weight-bold').mark('customer-owes')
            with ui.row().classes('full-width q-gutter-sm'):
                link = wa_link(customer.phone) if customer.phone else None
                if link:
                    chat = lambda url=link: ui.navigate.to(url, new_tab=True)  # noqa: E731
                    TapButton(t('customers.whatsapp'), 'chat', chat, colour='green-8', mark='customer-wa')
                if line.owed:
                    owed = lambda: ui.navigate.to('/usaha/piutang')  # noqa: E731
                    TapButton(t('customers.to_owed'), 'request_quote', owed, look='outline', mark='customer-owed')
                TapButton(t('customers.edit'), 'edit', lambda: self.edit(customer), look='flat', mark='customer-edit')
        self.orders(book.orders)
        self.sales(book.sales)
        TapButton(t('customers.forget'), 'person_remove', lambda: self.forget(customer), look='flat',
                  colour='negative', mark='customer-forget')  # fmt: skip

    def orders(self, orders: list[Any]) -> None:
        if not orders:
            return
        ui.label(t('customers.orders', count=len(orders))).classes('text-subtitle1 q-mt-sm')
        for order in orders:
            due = order.due.astimezone(self.tz)
            items = ', '.join(f'{number(i.quantity)} {i.name}' for i in order.items)
            with ui.card().classes('full-width q-pa-sm').mark(f'customer-order-{order.id}'):
                with ui.row().classes('items-center no-wrap full-width'):
                    ui.label(t('orders.due', date=short_date(due.date()), time=f'{due:%H.%M}')).classes('col')
                    ui.badge(t(f'orders.status.{order.status.value}')).props('outline')
                ui.label(items).classes('text-body2')
                ui.label(format_rupiah(order.total)).classes('text-body2 text-grey-8')

    def sales(self, sales: list[Any]) -> None:
        if not sales:
            return
        ui.label(t('customers.sales', count=len(sales))).classes('text-subtitle1 q-mt-sm')
        products = {p.id: p for p in runtime.store.by_index(Product, 'participant', self.participant_id)}
        for sale in sales[:SHOWN_SALES]:
            product = products.get(sale.product_id)
            unit, name = (unit_name(product.unit), product.name) if product else ('', '?')
            what = f'{number(sale.quantity)} {unit} {name}'
            with ui.row().classes('full-width items-center no-wrap q-py-xs').mark(f'customer-sale-{sale.id}'):
                ui.label(short_date(sale.at.astimezone(self.tz).date())).classes('text-body2 text-grey-8')
                ui.label(' '.join(what.split())).classes('text-body2 col q-px-sm')
                with ui.column().classes('items-end gap-0'):
                    ui.label(format_rupiah(sale.total)).classes('text-body2 text-weight-bold')
                    if sale.owed:
                        ui.label(t('customers.sale_owed', amount=format_rupiah(sale.owed))).classes(
                            'text-caption text-deep-orange-10'
                        )
        if len(sales) > SHOWN_SALES:
            ui.label(t('customers.more_sales', count=len(sales) - SHOWN_SALES)).classes('text-body2 text-grey-8')

    def edit(self, customer: Customer) -> None:
        with Sheet(t('customers.edit')) as sheet:
            fields = {
                'name': ui.input(t('customers.name'), value=customer.name).mark('customer-edit-name'),
                'phone': ui.input(t('customers.phone'), value=customer.phone)
                .props('type=tel inputmode=tel')
                .mark('customer-edit-phone'),
            }
            for element in fields.values():
                element.props('outlined').classes('full-width')
            ui.label(t('customers.edit_hint')).classes('text-body2 text-grey-8')

            async def save() -> None:
                if acting(is_trainee) is None:
                    return
                write = lambda form: update_customer(runtime.store, self.participant_id, customer.id, form)  # noqa: E731
                if await saved_form(CustomerForm, fields, write) is not None:
                    sheet.close()
                    ui.notify(t('customers.saved'), type='positive')
                    self.body.refresh()

            CancelSave(sheet, save, mark='save-customer')
        sheet.open()

    def forget(self, customer: Customer) -> None:
        with Sheet(t('customers.forget_title', name=customer.name)) as sheet:
            ui.label(t('customers.forget_hint')).classes('text-body1')

            async def confirm() -> None:
                if acting(is_trainee) is None:
                    return
                if await written(forget_customer(runtime.store, self.participant_id, customer.id)):
                    sheet.close()
                    ui.notify(t('customers.forgotten', name=customer.name), type='info')
                    ui.navigate.to('/usaha/pelanggan')

            CancelSave(sheet, confirm, mark='confirm-forget', label=t('customers.forget'), icon='person_remove')
        sheet.open()
