"""Her customers: remembered from her sales and orders, what each bought and owes, picked on the sale and order
sheets, corrected and taken off her list; nobody but her sees them (coordinators see totals, never buyers)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest
from nicegui.testing import User

from models.base import DomainError
from models.business import Product, Sale, SaleForm, Unit
from models.orders import Customer, Order, OrderStatus
from models.participant import Participant
from models.programme import Zone
from store import Store
from store.customers import CustomerForm, customer_book, customers_of, forget_customer, history, update_customer
from store.orders import OrderForm, OrderLine, record_order, set_status
from store.sales import pay, record_sale
from ui.runtime import runtime

from .conftest import COORDINATOR, KUE_TRAINEE, her_product, log_in, only, open_as, pdf_text, route_ids
from .test_role_matrix import MATRIX

ANI, BUDI = 'ani', 'budi'
WIB = Zone.WIB.tz
AT = dt.datetime(2026, 12, 7, 9, 30, tzinfo=WIB)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / 'data')
    await opened.put(
        Participant(id=ANI, name='Ani Suryani', phone='081200000101'),
        Participant(id=BUDI, name='Budi', phone='081200000102'),
        Product(id='bolu', participant_id=ANI, name='Bolu kukus', unit=Unit.PCS, price=3_000, hpp=1_200),
        Product(id='lemper', participant_id=BUDI, name='Lemper', unit=Unit.PCS, price=2_500),
    )
    yield opened
    await opened.close()


def sale(quantity: int, *, buyer: str = '', phone: str = '', paid: bool = True, **changes: object) -> SaleForm:
    values = {'product_id': 'bolu', 'quantity': quantity, 'paid': paid, 'buyer': buyer, 'buyer_phone': phone, 'at': AT}
    return SaleForm.model_validate(values | changes)


def an_order(quantity: int, *, buyer: str, days: int = 1, dp: int = 0) -> OrderForm:
    line = OrderLine(product_id='bolu', quantity=Decimal(quantity))
    return OrderForm(buyer=buyer, buyer_phone='081233334444', lines=[line], due=AT + dt.timedelta(days=days), dp=dp)


async def test_a_buyer_she_names_is_remembered_once_by_her_number(store: Store) -> None:
    await record_sale(store, ANI, sale(2, buyer='Bu Romlah', phone='0812-3333-4444'))
    await record_sale(store, ANI, sale(3, buyer='Ibu Romlah', phone='081233334444', paid=False))  # same number
    await record_sale(store, ANI, sale(1))  # no buyer named: nobody remembered
    await record_sale(store, ANI, sale(1, buyer='Pak RT'))
    await record_sale(store, ANI, sale(1, buyer='pak rt'))  # the same name without a number
    form = an_order(40, buyer='Bu Romlah', days=2, dp=20_000)
    await record_order(store, ANI, form)

    assert [(c.name, c.phone) for c in customers_of(store, ANI)] == [('Bu Romlah', '081233334444'), ('Pak RT', '')]
    assert customers_of(store, BUDI) == []
    book = customer_book(store, ANI)
    assert [(b.customer.name, b.bought, b.owed, b.sales, b.open_orders) for b in book] == [
        ('Bu Romlah', 15_000, 9_000, 2, 1),  # who owes her comes first
        ('Pak RT', 6_000, 0, 2, 0),
    ]


async def test_a_name_she_knew_alone_takes_the_number_and_keeps_what_she_bought(store: Store) -> None:
    await record_sale(store, ANI, sale(2, buyer='Bu Yati'))
    await record_sale(store, ANI, sale(1, buyer='Bu Yati', phone='0813 5555 6666', paid=False))

    [customer] = customers_of(store, ANI)
    assert customer.phone == '081355556666'
    line = history(store, ANI, customer.id).line
    assert (line.sales, line.bought, line.owed) == (2, 9_000, 3_000)


async def test_her_customers_page_shows_sales_and_orders_and_a_finished_order_counts(store: Store) -> None:
    owed = (await record_sale(store, ANI, sale(4, buyer='Bu Romlah', phone='081233334444', paid=False))).record
    await pay(store, ANI, owed.id, 5_000)
    form = an_order(10, buyer='Bu Romlah', dp=10_000)
    order = (await record_order(store, ANI, form)).record
    await set_status(store, ANI, order.id, OrderStatus.DONE)

    [customer] = customers_of(store, ANI)
    book = history(store, ANI, customer.id)
    assert [s.total for s in book.sales] == [30_000, 12_000]  # newest first: the order's sale
    assert [o.id for o in book.orders] == [order.id]
    assert (book.line.bought, book.line.owed, book.line.open_orders) == (42_000, 7_000 + 20_000, 0)
    with pytest.raises(DomainError) as other:
        history(store, BUDI, customer.id)  # not his customer
    assert other.value.key == 'not_found'


async def test_correcting_a_customer_carries_her_sales_and_orders_along(store: Store) -> None:
    await record_sale(store, ANI, sale(2, buyer='Bu Romla', phone='081233334444', paid=False))
    await record_sale(store, ANI, sale(1, buyer='Pak RT'))
    form = an_order(5, buyer='Bu Romla')
    await record_order(store, ANI, form)
    romlah = next(c for c in customers_of(store, ANI) if c.name == 'Bu Romla')

    fixed = await update_customer(store, ANI, romlah.id, CustomerForm(name='Bu Romlah', phone='0812-3333-9999'))
    assert (fixed.name, fixed.phone) == ('Bu Romlah', '081233339999')
    assert {(s.buyer, s.buyer_phone) for s in store.all(Sale) if s.owed} == {('Bu Romlah', '081233339999')}
    assert [o.buyer for o in store.all(Order)] == ['Bu Romlah']
    assert history(store, ANI, romlah.id).line.owed == 6_000  # her debt went with her
    with pytest.raises(DomainError) as taken:
        await update_customer(store, ANI, romlah.id, CustomerForm(name='pak rt'))
    assert taken.value.key == 'customer_exists'
    with pytest.raises(DomainError):
        await update_customer(store, BUDI, romlah.id, CustomerForm(name='Bu Budi'))  # not his
    assert store.get(Customer, romlah.id) == fixed  # nothing half-saved


async def test_taking_a_customer_off_her_list_keeps_her_sales(store: Store) -> None:
    await record_sale(store, ANI, sale(2, buyer='Bu Romlah', paid=False))
    [customer] = customers_of(store, ANI)
    await forget_customer(store, ANI, customer.id)
    assert customers_of(store, ANI) == []
    assert [s.buyer for s in store.all(Sale)] == ['Bu Romlah']
    await record_sale(store, ANI, sale(1, buyer='Bu Romlah'))  # she buys again: back on the list
    assert [c.name for c in customers_of(store, ANI)] == ['Bu Romlah']


# ---- her screens --------------------------------------------------------------------------------------------


@pytest.mark.demo
async def test_she_picks_a_customer_on_the_sale_sheet_and_sees_what_she_owes(user: User) -> None:
    product = await her_product(name='Bolu kukus', price=3_000)
    form = SaleForm(product_id=product.id, quantity=1, buyer='Bu Romlah', buyer_phone='0812-3333-4444',
                    at=dt.datetime.now(dt.UTC))  # fmt: skip
    await record_sale(runtime.store, product.participant_id, form)
    await open_as(user, KUE_TRAINEE, '/usaha')
    await user.open('/')
    user.find(marker=f'sell-{product.id}').click()
    await user.should_see(marker='add-buyer')  # a paid sale: the buyer one tap away
    only(user, 'paid').set_value(False)  # owed: the buyer's fields open by themselves
    buyer = only(user, 'buyer')
    assert 'Bu Romlah · 081233334444' in buyer.props['_autocomplete']
    buyer.set_value('Bu Romlah · 081233334444')  # she picks her from the list
    assert (only(user, 'buyer').value, only(user, 'buyer-phone').value) == ('Bu Romlah', '081233334444')
    user.find(marker='qty-plus').click()
    user.find(marker='save-sale').click()
    await user.should_see(marker='undo-bar')
    [customer] = customers_of(runtime.store, product.participant_id)

    await user.open('/usaha/pelanggan')
    await user.should_see('Bu Romlah')
    await user.should_see('Masih utang Rp\u00a06.000')
    user.find(marker=f'customer-{customer.id}').click()
    await user.should_see(marker='customer-owes')
    await user.should_see('Beli Rp\u00a09.000 (2 kali)')
    assert only(user, 'customer-wa') is not None


@pytest.mark.demo
async def test_she_corrects_a_customers_number_and_takes_one_off_her_list(user: User) -> None:
    product = await her_product(name='Bolu kukus', price=3_000)
    form = SaleForm(product_id=product.id, quantity=2, paid=False, buyer='Bu Romla', at=dt.datetime.now(dt.UTC))
    await record_sale(runtime.store, product.participant_id, form)
    [customer] = customers_of(runtime.store, product.participant_id)
    await open_as(user, KUE_TRAINEE, f'/usaha/pelanggan/{customer.id}')
    user.find(marker='customer-edit').click()
    only(user, 'customer-edit-phone').set_value('12')
    user.find(marker='save-customer').click()
    await user.should_see(marker='customer-edit-phone')
    assert runtime.store.get(Customer, customer.id) == customer  # a bad number changes nothing
    only(user, 'customer-edit-name').set_value('Bu Romlah')
    only(user, 'customer-edit-phone').set_value('0812 3333 4444')
    user.find(marker='save-customer').click()
    await user.should_see('Pelanggan tersimpan.')
    [owed] = [s for s in runtime.store.all(Sale) if s.participant_id == product.participant_id]
    assert (owed.buyer, owed.buyer_phone) == ('Bu Romlah', '081233334444')

    user.find(marker='customer-forget').click()
    user.find(marker='confirm-forget').click()
    await user.should_see(marker='no-customers')
    assert customers_of(runtime.store, product.participant_id) == []


@pytest.mark.demo
async def test_another_trainee_cannot_open_her_customer(user: User) -> None:
    product = await her_product()
    form = SaleForm(product_id=product.id, quantity=1, paid=False, buyer='Bu Rahasia', at=dt.datetime.now(dt.UTC))
    await record_sale(runtime.store, product.participant_id, form)
    [customer] = customers_of(runtime.store, product.participant_id)
    await open_as(user, ('081200000002', '123456'), f'/usaha/pelanggan/{customer.id}')
    await user.should_see(marker='customer-gone')
    await user.should_not_see('Bu Rahasia')
    await user.open('/usaha/pelanggan')
    await user.should_not_see('Bu Rahasia')


def _readable(body: bytes, content_type: str) -> str:
    """What a coordinator's download says, as text: a PDF's words, a workbook's cells, else the body."""
    if content_type.startswith('application/pdf'):
        return pdf_text(body)
    if body[:2] == b'PK':  # a workbook (or a zip): every part's text
        with zipfile.ZipFile(io.BytesIO(body)) as parts:
            return ' '.join(parts.read(n).decode('utf-8', 'replace') for n in parts.namelist() if n.endswith('.xml'))
    return body.decode('utf-8', 'replace')


@pytest.mark.demo
async def test_a_coordinator_sees_no_buyer_on_any_page_or_download(user: User) -> None:
    store = await runtime.ready()
    buyers = {o.buyer for o in store.all(Order)} | {c.name for c in store.all(Customer)}
    buyers |= {s.buyer for s in store.all(Sale) if s.buyer}
    assert len(buyers) >= 3, 'the demo sells to named buyers'
    await log_in(user, *COORDINATOR)
    ids = await route_ids()
    paths = [path for (method, path), cells in MATRIX.items() if method == 'GET' and cells['coordinator'] == 200
             and not path.startswith(('/c/', '/k/', '/sw.js', '/manifest', '/assets/', '/media/'))]  # fmt: skip
    assert len(paths) >= 25
    for template in paths:
        path = template.format(**ids)
        answer = await user.http_client.get(path)
        received = _readable(answer.content, answer.headers.get('content-type', ''))
        if answer.status_code == 200 and '/_nicegui/' in answer.text:
            await user.open(path)
            received += str([e._to_dict() for e in user.client.elements.values()])
        for buyer in buyers:
            assert buyer not in received, f'{path} shows the buyer {buyer!r} to a coordinator'
