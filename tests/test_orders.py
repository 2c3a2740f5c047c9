"""Orders (pesanan) in the store: taken once, statuses in their order, finished into sales with the DP paid and
the rest owed, cancelled with a reason, a day's production list, customers remembered, web orders capped."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest
from nicegui.testing import User

from models.base import DomainError
from models.business import Product, Sale, Shop, ShopForm, Unit
from models.orders import Delivery, Order, OrderStatus
from models.participant import Participant
from models.programme import Zone
from models.skills import Ingredient, IngredientUnit, RecipeCard, Skill, SkillKind
from store import Store
from store.customers import customers_of
from store.orders import (
    SHOP_ORDERS_A_DAY,
    OrderForm,
    OrderLine,
    ingredients_for,
    production_on,
    record_order,
    set_dp,
    set_status,
    shop_order,
)
from store.shop import save_shop
from ui import shop_public
from ui.runtime import runtime

from .conftest import KUE_TRAINEE, her_product, her_shop, log_in, only, open_as

ANI, BUDI = 'ani', 'budi'
WIB = Zone.WIB.tz
DUE = dt.datetime(2026, 12, 20, 10, tzinfo=WIB)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / 'data')
    await opened.put(
        Participant(id=ANI, name='Ani Suryani', phone='081200000101'),
        Participant(id=BUDI, name='Budi', phone='081200000102'),
        Product(id='bolu', participant_id=ANI, name='Bolu kukus', unit=Unit.PCS, price=3_000, hpp=1_200),
        Product(id='klepon', participant_id=ANI, name='Klepon', unit=Unit.PCS, price=1_000, hpp=400),
        Product(id='lemper', participant_id=BUDI, name='Lemper', unit=Unit.PCS, price=2_500),
        Shop(id=ANI, slug='kue-ani', name='Kue Ani', product_ids=['bolu', 'klepon']),
    )
    yield opened
    await opened.close()


def hajatan(dp: int = 50_000, **changes: object) -> OrderForm:
    """100 bolu and 50 klepon for a hajatan: Rp 350.000, Rp 50.000 paid ahead."""
    lines = [OrderLine(product_id='bolu', quantity=Decimal(100)), OrderLine(product_id='klepon', quantity=Decimal(50))]
    values = {'buyer': 'Bu Romlah', 'buyer_phone': '0812-3333-4444', 'lines': lines, 'due': DUE, 'dp': dp}
    return OrderForm(**(values | changes))  # type: ignore[arg-type]


async def test_an_order_is_saved_once_and_its_buyer_remembered(store: Store) -> None:
    first = await record_order(store, ANI, hajatan(), client_id='order-from-phone-1')
    again = await record_order(store, ANI, hajatan(), client_id='order-from-phone-1')  # the phone retried

    assert (first.status, again.status) == ('applied', 'duplicate')
    order = first.record
    assert (order.total, order.dp, order.left, order.status) == (350_000, 50_000, 300_000, OrderStatus.NEW)
    assert [i.name for i in order.items] == ['Bolu kukus', 'Klepon']
    await record_order(store, ANI, hajatan(buyer='Ibu Romlah'))  # same phone: the same customer
    [customer] = customers_of(store, ANI)
    assert (customer.name, customer.phone) == ('Bu Romlah', '081233334444')
    assert len(store.all(Order)) == 2 and customers_of(store, BUDI) == []


async def test_finishing_makes_her_sales_with_the_dp_paid_and_the_rest_owed(store: Store) -> None:
    order = (await record_order(store, ANI, hajatan(dp=320_000))).record
    for step in (OrderStatus.ACCEPTED, OrderStatus.READY, OrderStatus.DONE):
        order = await set_status(store, ANI, order.id, step)

    sales = sorted((s for s in store.all(Sale) if s.participant_id == ANI), key=lambda s: s.id)
    assert [(s.product_id, s.total, s.paid, s.owed) for s in sales] == [
        ('bolu', 300_000, True, 0),
        ('klepon', 50_000, False, 30_000),  # Rp 20.000 of the DP left for it
    ]
    assert sales[1].buyer == 'Bu Romlah' and order.sale_ids == [s.id for s in sales]
    with pytest.raises(DomainError) as again:
        await set_status(store, ANI, order.id, OrderStatus.DONE)
    assert again.value.key == 'order_step'
    assert len([s for s in store.all(Sale) if s.participant_id == ANI]) == 2  # not made twice


async def test_a_cancelled_order_needs_a_reason_and_makes_no_sale(store: Store) -> None:
    order = (await record_order(store, ANI, hajatan())).record
    with pytest.raises(DomainError) as no_reason:
        await set_status(store, ANI, order.id, OrderStatus.CANCELLED)
    assert no_reason.value.key == 'reason_required'
    cancelled = await set_status(store, ANI, order.id, OrderStatus.CANCELLED, reason='Acara diundur')
    assert cancelled.status == OrderStatus.CANCELLED and store.all(Sale) == []
    with pytest.raises(DomainError):
        await set_status(store, ANI, order.id, OrderStatus.ACCEPTED)


async def test_refusals_leave_nothing_half_saved(store: Store) -> None:
    with pytest.raises(DomainError) as foreign:
        await record_order(store, ANI, hajatan(lines=[OrderLine(product_id='lemper', quantity=Decimal(5))]))
    assert foreign.value.key == 'not_yours'
    with pytest.raises(ValueError, match='dp_over_total'):
        await record_order(store, ANI, hajatan(dp=400_000))
    order = (await record_order(store, ANI, hajatan())).record
    with pytest.raises(DomainError) as other:
        await set_status(store, BUDI, order.id, OrderStatus.ACCEPTED)  # not his order
    assert other.value.key == 'not_found'
    assert len(store.all(Order)) == 1 and len(store.all(Product)) == 3


async def test_the_production_list_of_a_day_counts_its_open_orders(store: Store) -> None:
    await record_order(store, ANI, hajatan())
    await record_order(store, ANI, hajatan(lines=[OrderLine(product_id='bolu', quantity=Decimal(20))]))
    later = (await record_order(store, ANI, hajatan(due=DUE + dt.timedelta(days=1)))).record
    gone = (await record_order(store, ANI, hajatan())).record
    await set_status(store, ANI, gone.id, OrderStatus.CANCELLED, reason='Batal')

    assert production_on(store, ANI, DUE.date(), WIB) == {'bolu': Decimal(120), 'klepon': Decimal(50)}
    assert production_on(store, ANI, later.due.date(), WIB) == {'bolu': Decimal(100), 'klepon': Decimal(50)}
    for step in (OrderStatus.ACCEPTED, OrderStatus.READY):  # made already: off the list
        await set_status(store, ANI, later.id, step)
    assert production_on(store, ANI, later.due.date(), WIB) == {}


async def test_a_web_order_lands_as_new_at_the_shops_prices_and_a_flood_is_capped(store: Store) -> None:
    form = hajatan(dp=100_000, lines=[OrderLine(product_id='klepon', quantity=Decimal(30), unit_price=1)])
    order = await shop_order(store, 'kue-ani', form)
    assert (order.participant_id, order.status, order.from_shop, order.dp, order.total) == (
        ANI, OrderStatus.NEW, True, 0, 30_000
    )  # fmt: skip
    with pytest.raises(DomainError):  # a product the shop does not show
        await shop_order(store, 'kue-ani', hajatan(lines=[OrderLine(product_id='lemper', quantity=Decimal(1))]))
    for _ in range(SHOP_ORDERS_A_DAY - 1):
        await shop_order(store, 'kue-ani', form)
    with pytest.raises(DomainError) as full:
        await shop_order(store, 'kue-ani', form)
    assert full.value.key == 'shop_orders_full'
    assert len(store.all(Order)) == SHOP_ORDERS_A_DAY


# ---- her orders screen ------------------------------------------------------------------------------------


@pytest.mark.demo
async def test_she_takes_an_order_sees_it_on_her_home_and_finishes_it_into_sales(user: User) -> None:
    product = await her_product(name='Bolu kukus', price=3_000)
    await open_as(user, KUE_TRAINEE, '/usaha/pesanan')
    user.find(marker='new-order').click()
    user.find(marker='order-buyer').type('Bu Romlah')
    user.find(marker='order-phone').type('0812-3333-4444')
    only(user, f'qty-{product.id}').set_value(100)
    only(user, 'order-dp').set_value(100_000)
    await user.should_see('Total Rp\u00a0300.000 · sisa setelah DP Rp\u00a0200.000')  # the sum before she saves
    user.find(marker='save-order').click()
    await user.should_see('Pesanan Bu Romlah tercatat')
    [order] = [o for o in runtime.store.all(Order) if o.participant_id == product.participant_id]
    assert (order.total, order.dp, order.buyer_phone) == (300_000, 100_000, '081233334444')
    await user.should_see(marker=f'production-{order.due.astimezone(WIB).date().isoformat()}')
    link = only(user, f'wa-{order.id}')
    assert link is not None

    await user.open('/')
    await user.should_see(marker='orders-due')
    await user.should_see('Pesanan: 0 siap hari ini, 1 besok')
    await user.open('/usaha/pesanan')
    for step in ('Pesanan Bu Romlah diterima', 'Pesanan Bu Romlah siap', 'Pesanan Bu Romlah selesai'):
        user.find(marker=f'step-{order.id}').click()
        await user.should_see(step)
    sales = [s for s in runtime.store.all(Sale) if s.participant_id == product.participant_id]
    assert [(s.total, s.owed, s.buyer) for s in sales] == [(300_000, 200_000, 'Bu Romlah')]


@pytest.mark.demo
async def test_another_trainee_sees_none_of_her_orders(user: User) -> None:
    product = await her_product()
    line = OrderLine(product_id=product.id, quantity=Decimal(5))
    form = OrderForm(buyer='Bu Rahasia', lines=[line], due=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    await record_order(runtime.store, product.participant_id, form)
    await open_as(user, ('081200000002', '123456'), '/usaha/pesanan')
    await user.should_not_see('Bu Rahasia')
    await user.open('/')
    await user.should_not_see(marker='orders-due')


@pytest.mark.demo
async def test_a_buyer_orders_from_her_shop_and_it_lands_in_her_book(user: User) -> None:
    product = await her_product(name='Klepon', price=1_000)
    shop = ShopForm(slug='kue-siti', name='Kue Siti', wa_number='081200000001')
    await save_shop(runtime.store, product.participant_id, shop)
    page = await user.http_client.get('/toko/kue-siti')
    assert 'action="/toko/kue-siti/pesan' in page.text and f'name="jumlah_{product.id}"' in page.text
    tomorrow = (dt.datetime.now(WIB) + dt.timedelta(days=1)).date().isoformat()
    form = {'nama': '<script>alert(1)</script> Bu Ina', 'no_hp': '0812 5555 6666', 'tanggal': tomorrow,
            'catatan': '<b>tanpa</b> santan', f'jumlah_{product.id}': '40'}  # fmt: skip

    answer = await user.http_client.post('/toko/kue-siti/pesan', data=form)

    assert answer.status_code == 200 and 'Terima kasih' in answer.text and 'wa.me/' in answer.text
    assert '<script>alert(1)</script>' not in answer.text
    [order] = [o for o in runtime.store.all(Order) if o.participant_id == product.participant_id]
    assert (order.from_shop, order.status, order.total, order.buyer_phone) == (
        True,
        OrderStatus.NEW,
        40_000,
        '081255556666',
    )
    await open_as(user, KUE_TRAINEE, '/usaha/pesanan')
    await user.should_see(marker=f'order-{order.id}')
    await user.should_see('<script>alert(1)</script> Bu Ina')  # shown as text, never run


@pytest.mark.demo
async def test_a_web_order_without_what_it_needs_is_refused_and_a_flood_slowed(user: User) -> None:
    product = await her_product()
    await her_shop(product.participant_id, slug='kue-siti')
    tomorrow = (dt.datetime.now(WIB) + dt.timedelta(days=1)).date().isoformat()
    good = {'nama': 'Bu Ina', 'no_hp': '081255556666', 'tanggal': tomorrow, f'jumlah_{product.id}': '2'}
    before = runtime.store.all(Order)  # the demo's seller has orders of her own
    for missing in ('nama', 'no_hp', 'tanggal', f'jumlah_{product.id}'):
        broken = {k: v for k, v in good.items() if k != missing}
        answer = await user.http_client.post('/toko/kue-siti/pesan', data=broken)
        assert answer.status_code == 422 and 'belum lengkap' in answer.text, missing
    yesterday = (dt.datetime.now(WIB) - dt.timedelta(days=1)).date().isoformat()
    assert (await user.http_client.post('/toko/kue-siti/pesan', data=good | {'tanggal': yesterday})).status_code == 422
    assert runtime.store.all(Order) == before
    answer = await user.http_client.post('/toko/kue-siti/pesan', data=good)  # the sixth from this address
    assert answer.status_code == 429 and runtime.store.all(Order) == before
    assert (await user.http_client.post('/toko/no-shop/pesan', data=good)).status_code == 404


@pytest.mark.demo
async def test_a_web_order_takes_kilos_by_the_tenth_and_pieces_whole(user: User) -> None:
    chili = await her_product(name='Cabai merah', unit=Unit.KG, price=40_000)
    klepon = await her_product(name='Klepon', price=1_000)
    await her_shop(chili.participant_id, slug='kue-siti')
    page = (await user.http_client.get('/toko/kue-siti')).text
    assert 'Cabai merah · Rp\u00a040.000 / kg' in page and 'Klepon · Rp\u00a01.000 / buah' in page  # her unit
    tomorrow = (dt.datetime.now(WIB) + dt.timedelta(days=1)).date().isoformat()
    good = {'nama': 'Bu Ina', 'no_hp': '081255556666', 'tanggal': tomorrow}
    before = runtime.store.all(Order)
    for kilos, pieces in (('1,55', ''), ('NaN', ''), ('Infinity', ''), ('-2', ''), ('dua', ''), ('', '2.5')):
        shop_public.throttle = shop_public.OrderThrottle()  # five a buyer in ten minutes: each try its own buyer
        data = good | {f'jumlah_{chili.id}': kilos, f'jumlah_{klepon.id}': pieces}
        answer = await user.http_client.post('/toko/kue-siti/pesan', data=data)
        assert answer.status_code == 422, (kilos, pieces)  # said, never a server error
    assert runtime.store.all(Order) == before
    data = good | {f'jumlah_{chili.id}': '1,5', f'jumlah_{klepon.id}': '20'}
    assert (await user.http_client.post('/toko/kue-siti/pesan', data=data)).status_code == 200
    [order] = [o for o in runtime.store.all(Order) if o not in before]
    assert [(i.name, i.quantity, i.total) for i in order.items] == [
        ('Cabai merah', Decimal('1.5'), 60_000), ('Klepon', Decimal(20), 20_000)
    ]  # fmt: skip


async def test_a_dp_paid_later_is_recorded_on_the_open_order_and_finishing_counts_it(store: Store) -> None:
    order = await shop_order(store, 'kue-ani', hajatan(dp=0))  # from her shop: no DP yet
    with pytest.raises(DomainError) as over:
        await set_dp(store, ANI, order.id, 400_000)
    assert over.value.key == 'dp_over_total'
    with pytest.raises(DomainError):
        await set_dp(store, BUDI, order.id, 50_000)  # not his order
    paid = await set_dp(store, ANI, order.id, 150_000)
    assert (paid.dp, paid.left) == (150_000, 200_000)
    assert await set_dp(store, ANI, order.id, 150_000) == paid  # said again: nothing changes
    done = await set_status(store, ANI, order.id, OrderStatus.DONE)
    assert sum(s.owed for s in store.all(Sale) if s.id in done.sale_ids) == 200_000
    with pytest.raises(DomainError) as closed:
        await set_dp(store, ANI, order.id, 0)
    assert closed.value.key == 'order_step'


@pytest.mark.demo
async def test_she_sees_the_buyers_note_and_where_it_goes_and_records_the_dp(user: User) -> None:
    product = await her_product(name='Klepon', price=1_000)
    line = OrderLine(product_id=product.id, quantity=Decimal(50))
    due = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    form = OrderForm(buyer='Bu Ina', lines=[line], due=due, delivery=Delivery.DELIVERY, address='RT 3 dekat masjid',
                     note='<b>tanpa</b> kacang')  # fmt: skip
    order = (await record_order(runtime.store, product.participant_id, form)).record
    await open_as(user, KUE_TRAINEE, '/usaha/pesanan')
    await user.should_see('Diantar ke RT 3 dekat masjid')
    await user.should_see('Catatan: <b>tanpa</b> kacang')  # her buyer's words as text
    user.find(marker=f'dp-{order.id}').click()
    only(user, 'dp-amount').set_value(20_000)
    user.find(marker='save-dp').click()
    await user.should_see('DP Bu Ina tercatat: Rp\u00a020.000')
    assert runtime.store.get(Order, order.id).dp == 20_000  # type: ignore[union-attr]
    orders = (await user.http_client.get('/api/orders')).json()['orders']
    mine = next(o for o in orders if o['id'] == order.id)
    assert (mine['dp'], mine['left'], mine['delivery'], mine['note']) == (
        20_000,
        30_000,
        'antar',
        '<b>tanpa</b> kacang',
    )


@pytest.mark.demo
async def test_her_orders_and_her_shop_for_scripts(user: User) -> None:
    product = await her_product(price=2_000)
    await log_in(user, *KUE_TRAINEE)
    assert (await user.http_client.get('/api/shop')).status_code == 404
    await her_shop(product.participant_id, slug='kue-siti')
    form = hajatan(dp=0, lines=[OrderLine(product_id=product.id, quantity=Decimal(3))])
    order = (await record_order(runtime.store, product.participant_id, form)).record

    shop = (await user.http_client.get('/api/shop')).json()
    orders = (await user.http_client.get('/api/orders')).json()['orders']

    assert shop == {'slug': 'kue-siti', 'url': 'http://test/toko/kue-siti', 'name': 'Kue Siti'}
    assert [(o['id'], o['status'], o['total'], o['left'], o['buyer']) for o in orders] == [
        (order.id, 'baru', 6_000, 6_000, 'Bu Romlah')
    ]


async def test_what_to_buy_comes_from_the_recipe_cards_scaled_to_the_days_pieces(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / 'data')
    card = RecipeCard(yield_pieces=20, ingredients=[
        Ingredient(name='tepung terigu', amount=Decimal(250), unit=IngredientUnit.GRAM, price=14_000,
                   price_unit=IngredientUnit.KG),
        Ingredient(name='telur ayam', amount=Decimal(3), unit=IngredientUnit.BUTIR, price=2_000,
                   price_unit=IngredientUnit.BUTIR),
    ])  # fmt: skip
    await store.put(
        Participant(id=ANI, name='Ani Suryani', phone='081200000101'),
        Skill(id='resep-bolu', kind=SkillKind.RECIPE, name='Bolu kukus', recipe=card),
        Product(id='bolu', participant_id=ANI, name='Bolu kukus', unit=Unit.PCS, price=3_000, recipe_id='resep-bolu'),
        Product(id='kotak', participant_id=ANI, name='Brownies', unit=Unit.BOX, price=30_000, recipe_id='resep-bolu'),
    )
    await record_order(store, ANI, hajatan(lines=[OrderLine(product_id='bolu', quantity=Decimal(50))]))
    await record_order(store, ANI, hajatan(lines=[OrderLine(product_id='kotak', quantity=Decimal(2))]))

    needed = production_on(store, ANI, DUE.date(), WIB)
    shopping = [(b.name, b.amount, b.unit) for b in ingredients_for(store, needed)]

    # 50 pieces are 2,5 batches: 625 g of flour and 7,5 eggs, bought as 8; a box is no count of pieces
    assert shopping == [
        ('telur ayam', Decimal(8), IngredientUnit.BUTIR),
        ('tepung terigu', Decimal(625), IngredientUnit.GRAM),
    ]
    await store.close()
