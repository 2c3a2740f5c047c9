"""Her business book as she uses it: a sale from her home, undo, unpaid sales, expenses, dashboard, products,
her shop and its public page; the KWT's group book; the coordinator's monthly totals without buyers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from nicegui import ui
from nicegui.testing import User

from models.business import (
    Expense,
    ExpenseCategory,
    ExpenseForm,
    GroupSale,
    Harvest,
    Product,
    Sale,
    SaleForm,
    Unit,
)
from models.money import format_rupiah
from models.participant import Group
from store.expenses import record_expense
from store.group_ledger import group_ledger
from store.sales import record_sale
from ui import auth
from ui.runtime import runtime

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    KWT_TRAINEE,
    OTHER_INSTRUCTOR,
    demo_programme,
    error_of,
    her_participant_id,
    her_product,
    her_shop,
    log_in,
    only,
    open_as,
    owed_sale,
)

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]  # the demo day is today: these read the clock


async def wait_for_error(user: User, marker: str, text: str) -> None:
    """Wait (not sleep) until the field shows a message containing `text`."""
    import asyncio

    for _ in range(50):
        if text in (error_of(user, marker) or ''):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f'{marker}: {error_of(user, marker)!r} has no {text!r}')


def her_sales(participant_id: str) -> list[Sale]:
    return [s for s in runtime.store.all(Sale) if s.participant_id == participant_id and not s.deleted]


async def sold_one_from_home(user: User, product: Product) -> None:
    """Logged in as the kue trainee, one sale of `product` from her home, its undo bar shown."""
    await open_as(user, KUE_TRAINEE)
    user.find(marker=f'sell-{product.id}').click()
    user.find(marker='save-sale').click()
    await user.should_see(marker='undo')


async def test_a_sale_from_her_home_takes_one_tap_after_the_product_and_saves_once(user: User) -> None:
    product = await her_product()
    await open_as(user, KUE_TRAINEE)
    user.find(marker=f'sell-{product.id}').click()
    await user.should_see(marker='save-sale')
    user.find(marker='qty-plus').click()
    user.find(marker='qty-plus').click()
    user.find(marker='save-sale').click()
    await user.should_see('Tersimpan: 3 Klepon · Rp\u00a03.000')
    sales = her_sales(product.participant_id)
    assert [(s.quantity, s.unit_price, s.unit_hpp, s.paid) for s in sales] == [(3, 1000, 450, True)]


async def test_undo_right_after_a_sale_takes_it_back(user: User) -> None:
    product = await her_product()
    await sold_one_from_home(user, product)
    user.find(marker='undo').click()
    await user.should_see('Dibatalkan')
    assert her_sales(product.participant_id) == []


async def test_an_unpaid_sale_needs_a_buyer_then_appears_owed_and_is_paid_in_part(user: User) -> None:
    product = await her_product(price=2000)
    await open_as(user, KUE_TRAINEE)
    user.find(marker=f'sell-{product.id}').click()
    user.find(marker='qty').clear().type('5')
    only(user, 'paid').value = False
    user.find(marker='save-sale').click()
    await wait_for_error(user, 'buyer', 'tulis nama pembeli')
    assert her_sales(product.participant_id) == []
    user.find(marker='buyer').type('Bu Ijah')
    user.find(marker='buyer-phone').type('0812 7777 1234')
    user.find(marker='save-sale').click()
    await user.should_see('Tersimpan: 5 Klepon · Rp\u00a010.000')
    sale = her_sales(product.participant_id)[0]
    await user.open('/usaha/piutang')
    await user.should_see('Bu Ijah')
    await user.should_see(marker=f'remind-{sale.id}')
    user.find(marker=f'pay-{sale.id}').click()
    only(user, 'pay-amount').value = 4000
    user.find(marker='save-pay').click()
    await user.should_see('Pembayaran dicatat')
    await user.should_see('Belum dibayar: Rp\u00a06.000 (1 pembeli)')


async def test_the_sale_sheet_shows_the_total_as_she_changes_quantity_and_price(user: User) -> None:
    product = await her_product(price=1500)
    await open_as(user, KUE_TRAINEE)
    user.find(marker=f'sell-{product.id}').click()
    await user.should_see('Total: Rp\u00a01.500')
    user.find(marker='qty-plus').click()
    user.find(marker='qty-plus').click()
    await user.should_see('Total: Rp\u00a04.500')
    only(user, 'unit-price').value = 15000
    await user.should_see('Total: Rp\u00a045.000')
    user.find(marker='qty').clear().type('lima')  # not a number yet: no total rather than a wrong one
    await user.should_not_see('Total:')
    assert her_sales(product.participant_id) == []  # all of it before saving


async def test_an_unpaid_sale_is_confirmed_with_who_owes_how_much(user: User) -> None:
    product = await her_product(price=15000)
    await open_as(user, KUE_TRAINEE)
    user.find(marker=f'sell-{product.id}').click()
    user.find(marker='qty').clear().type('3')
    only(user, 'paid').value = False
    user.find(marker='buyer').type('Bu Ani')
    user.find(marker='save-sale').click()
    await user.should_see('Tersimpan: 3 Klepon · Rp\u00a045.000')
    assert only(user, 'saved-detail').text == 'Bu Ani berutang Rp\u00a045.000'
    assert [s.owed for s in her_sales(product.participant_id)] == [45000]


async def test_a_bad_quantity_is_shown_beside_the_field_and_nothing_is_saved(user: User) -> None:
    product = await her_product()
    await open_as(user, KUE_TRAINEE)
    user.find(marker=f'sell-{product.id}').click()
    user.find(marker='qty').clear().type('1,5')  # klepon are sold whole
    user.find(marker='save-sale').click()
    await wait_for_error(user, 'qty', 'bilangan bulat')
    user.find(marker='qty').clear().type('-2')
    user.find(marker='save-sale').click()
    await wait_for_error(user, 'qty', 'lebih dari 0')
    assert her_sales(product.participant_id) == []


async def test_flour_bought_is_not_counted_twice(user: User) -> None:
    """The case a new user met: she sold Rp 22.500 and bought ingredients for Rp 45.000; the dashboard said
    costs Rp 56.565 and profit −Rp 34.065, adding the HPP of what she sold to the flour she had bought."""
    product = await her_product(price=1500)
    participant_id = product.participant_id
    now = dt.datetime.now(dt.UTC)
    await record_sale(runtime.store, participant_id, SaleForm(product_id=product.id, quantity=Decimal(15), at=now))
    flour = ExpenseForm(category=ExpenseCategory.INGREDIENTS, amount=45_000, at=now)
    await record_expense(runtime.store, participant_id, flour)
    await open_as(user, KUE_TRAINEE, '/usaha')
    assert only(user, 'revenue').text == 'Rp\u00a022.500'
    assert only(user, 'costs').text == 'Rp\u00a045.000'
    assert only(user, 'profit').text == '-Rp\u00a022.500'
    answer = (await user.http_client.get('/api/summary')).json()
    assert (answer['revenue'], answer['costs'], answer['profit']) == (22_500, 45_000, -22_500)


async def test_an_expense_and_a_sale_show_on_her_dashboard(user: User) -> None:
    product = await her_product()
    await open_as(user, KUE_TRAINEE)
    user.find(marker=f'sell-{product.id}').click()
    user.find(marker='qty').clear().type('10')
    user.find(marker='save-sale').click()
    await user.should_see('Tersimpan: 10 Klepon')
    user.find(marker='add-expense').click()
    only(user, 'expense-amount').value = 1500
    user.find(marker='expense-note').type('Daun pisang')
    user.find(marker='save-expense').click()
    await user.should_see('Tersimpan: Bahan · Rp\u00a01.500')
    await user.open('/usaha')
    assert only(user, 'revenue').text == 'Rp\u00a010.000'
    assert only(user, 'costs').text == 'Rp\u00a01.500'  # the money she spent
    assert only(user, 'profit').text == 'Rp\u00a08.500'  # money in minus money out
    assert only(user, 'hpp').text == 'Rp\u00a04.500'  # 10 × HPP 450: her price's guide, not a second cost
    await user.should_see(marker='chart')
    assert len([e for e in runtime.store.all(Expense) if e.participant_id == product.participant_id]) == 1


async def test_she_deletes_an_entry_on_her_dashboard_and_undoes_it(user: User) -> None:
    product = await her_product()
    await sold_one_from_home(user, product)
    sale = her_sales(product.participant_id)[0]
    await user.open('/usaha')
    user.find(marker=f'delete-{sale.id}').click()
    await user.should_see('Dihapus')
    assert her_sales(product.participant_id) == []
    user.find(marker='undo').click()
    await user.should_see(marker=f'entry-{sale.id}')
    assert len(her_sales(product.participant_id)) == 1


def her_nastar() -> list[Product]:
    """Her products named Nastar (the demo's seller has one of her own)."""
    return [p for p in runtime.store.all(Product) if p.name == 'Nastar' and p.participant_id == her_participant_id()]


async def test_she_adds_a_product_and_a_bad_price_is_refused(user: User) -> None:
    await open_as(user, KUE_TRAINEE, '/usaha/produk')
    user.find(marker='new-product').click()
    user.find(marker='product-name').type('Nastar')
    only(user, 'product-price').value = -1000
    user.find(marker='save-product').click()
    await user.should_see(marker='product-price')
    assert not her_nastar()
    only(user, 'product-price').value = 0
    user.find(marker='save-product').click()
    await wait_for_error(user, 'product-price', 'lebih dari Rp\u00a00')
    assert not her_nastar()
    only(user, 'product-price').value = 2500
    user.find(marker='save-product').click()
    await user.should_see('Rp\u00a02.500 / buah')
    assert len(her_nastar()) == 1


async def test_her_shop_is_public_under_its_own_name_and_can_be_switched_off(user: User) -> None:
    await her_product()
    await open_as(user, KUE_TRAINEE, '/usaha/toko')
    user.find(marker='shop-name').type('Kue Mekar Sari')
    user.find(marker='shop-slug').type('Kue Mekar')
    user.find(marker='save-shop').click()
    await user.should_see(marker='shop-slug')
    user.find(marker='shop-slug').clear().type('kue-mekar-sari')
    user.find(marker='save-shop').click()
    await user.should_see(marker='shop-link')
    page = await user.http_client.get('/toko/kue-mekar-sari')
    assert page.status_code == 200 and 'Kue Mekar Sari' in page.text and 'Klepon' in page.text
    assert 'Siti Nurhayati' not in page.text and '081200000001' not in page.text and 'Waliwis' not in page.text
    only(user, 'shop-active').value = False
    user.find(marker='save-shop').click()
    await user.should_see('Tersimpan')
    assert (await user.http_client.get('/toko/kue-mekar-sari')).status_code == 404


async def test_her_shop_address_follows_its_name_and_her_order_number_is_kept(user: User) -> None:
    await her_product()
    await open_as(user, KUE_TRAINEE, '/usaha/toko')
    user.find(marker='shop-name').type('Dapur Bu Siti')
    assert only(user, 'shop-slug').value == 'dapur-bu-siti'  # made from the name; she may change it
    user.find(marker='shop-wa').type('0812-0000-0001')  # her own number, for orders, with her phone hidden
    user.find(marker='save-shop').click()
    await user.should_see('Tombol Pesan mengirim ke WhatsApp 081200000001.')
    await user.should_see(marker='share-shop')
    page = await user.http_client.get('/toko/dapur-bu-siti')
    assert 'wa.me/6281200000001' in page.text  # the order button uses it
    await user.open('/usaha/toko')
    assert only(user, 'shop-wa').value == '081200000001'  # kept, not silently dropped


async def test_another_trainee_sees_none_of_her_entries(user: User) -> None:
    product = await her_product()
    await owed_sale(product, 2, 'Bu Rahasia')
    await log_in(user, '081200000002', '123456')
    await user.open('/usaha')
    await user.should_not_see('Bu Rahasia')
    await user.should_not_see('Klepon')
    await user.open('/usaha/piutang')
    await user.should_not_see('Bu Rahasia')


async def test_the_kwt_book_shows_shares_and_a_member_records_a_harvest(user: User) -> None:
    store = await runtime.ready()
    group = store.all(Group)[0]
    await open_as(user, KWT_TRAINEE)
    user.find(marker=f'open-ledger-{group.id}').click()
    await user.should_see(marker='group-net')
    book = group_ledger(store, group.id, dt.date(2000, 1, 1), dt.date(2100, 1, 1))  # the page opens on "all"
    assert len(book.members) == len(group.member_ids) and sum(m.share for m in book.members) == book.net > 0
    for member in book.members:  # each member's row, with her share in rupiah as the book counts it
        row = only(user, f'share-{member.participant_id}')
        shown = [child.text for child in row.descendants() if isinstance(child, ui.label)]
        assert member.name in shown and format_rupiah(member.share) in shown
    before = len(store.all(Harvest))
    user.find(marker='add-harvest').click()
    user.find(marker='harvest-kg').type('12,5')
    user.find(marker='save-ledger').click()
    await user.should_see('Tersimpan')
    assert len(store.all(Harvest)) == before + 1
    assert any(str(h.kg) == '12.5' for h in store.all(Harvest))
    assert store.all(GroupSale)


async def test_a_harvest_at_half_past_one_in_the_night_is_dated_today_in_wib(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = await runtime.ready()
    group = store.all(Group)[0]
    await log_in(user, *KWT_TRAINEE)
    monkeypatch.setattr(auth, 'now', lambda: dt.datetime(2026, 12, 1, 18, 30, tzinfo=dt.UTC))  # 01.30 WIB, 2 Dec
    await user.open(f'/kelompok/{group.id}')
    user.find(marker='add-harvest').click()
    await user.should_see(marker='harvest-date')
    assert only(user, 'harvest-date').value == '2026-12-02'
    before = {h.id for h in store.all(Harvest)}
    user.find(marker='harvest-kg').type('3')
    user.find(marker='save-ledger').click()
    await user.should_see('Tersimpan')
    [saved] = [h for h in store.all(Harvest) if h.id not in before]
    assert saved.date == dt.date(2026, 12, 2)


async def test_a_kue_trainee_and_the_kue_instructor_cannot_open_the_kwt_book_but_its_companion_can(user: User) -> None:
    store = await runtime.ready()
    group = store.all(Group)[0]
    for outsider in (KUE_TRAINEE, INSTRUCTOR):  # another programme's trainee and staff
        await log_in(user, *outsider)
        assert (await user.http_client.get(f'/kelompok/{group.id}')).status_code == 403, outsider[0]
        user.http_client.cookies.clear()
    await log_in(user, *OTHER_INSTRUCTOR)  # the KWT's own companion
    assert (await user.http_client.get(f'/kelompok/{group.id}')).status_code == 200


async def test_the_coordinator_sees_monthly_totals_but_not_buyers(user: User) -> None:
    product = await her_product()
    await owed_sale(product, 4, 'Bu Rahasia')
    programme = demo_programme(runtime.store)
    await open_as(user, COORDINATOR, f'/programmes/{programme.id}/business')
    table = only(user, 'totals-table')
    her_row = next(row for row in table.rows if row['name'] == 'Siti Nurhayati')
    assert 'Rp\u00a04.000 / Rp\u00a04.000' in her_row.values()  # revenue / profit: she logged no expense
    await user.should_not_see('Bu Rahasia')
    assert 'Bu Rahasia' not in str(table.rows)


async def test_she_corrects_an_expense_on_her_dashboard(user: User) -> None:
    participant_id = (await her_product()).participant_id
    await open_as(user, KUE_TRAINEE)
    user.find(marker='add-expense').click()
    only(user, 'expense-amount').value = 15000
    user.find(marker='save-expense').click()
    await user.should_see('Tersimpan: Bahan · Rp\u00a015.000')
    expense = next(e for e in runtime.store.all(Expense) if e.participant_id == participant_id)
    await user.open('/usaha')
    user.find(marker=f'edit-{expense.id}').click()
    only(user, 'expense-amount').value = 12500
    user.find(marker='save-expense').click()
    await user.should_see('Tersimpan: Bahan · Rp\u00a012.500')
    assert runtime.store.get(Expense, expense.id).amount == 12500  # type: ignore[union-attr]


async def test_she_corrects_a_sale_and_undo_puts_it_back_as_it_was(user: User) -> None:
    product = await her_product()
    await sold_one_from_home(user, product)
    [sale] = her_sales(product.participant_id)
    await user.open('/usaha')
    user.find(marker=f'edit-{sale.id}').click()
    await user.should_see(marker='save-sale')
    user.find(marker='qty-plus').click()
    user.find(marker='save-sale').click()
    await user.should_see('Tersimpan: 2 Klepon · Rp\u00a02.000')
    assert [s.quantity for s in her_sales(product.participant_id)] == [2]
    user.find(marker='undo').click()
    await user.should_see('Dibatalkan')
    assert her_sales(product.participant_id) == [sale]  # the very sale she had, not a deleted one nor a copy


async def test_undo_after_correcting_an_expense_puts_the_old_amount_back(user: User) -> None:
    participant_id = (await her_product()).participant_id
    expense = Expense(participant_id=participant_id, category=ExpenseCategory.PACKAGING, amount=15000,
                      at=dt.datetime.now(dt.UTC))  # fmt: skip
    await runtime.store.put(expense)
    await open_as(user, KUE_TRAINEE, '/usaha')
    user.find(marker=f'edit-{expense.id}').click()
    only(user, 'expense-amount').value = 12500
    user.find(marker='save-expense').click()
    await user.should_see('Rp\u00a012.500')
    user.find(marker='undo').click()
    await user.should_see('Dibatalkan')
    assert runtime.store.get(Expense, expense.id) == expense


async def test_her_price_list_is_ready_to_send_before_she_opens_a_shop(user: User) -> None:
    await her_product()
    await open_as(user, KUE_TRAINEE, '/usaha/toko')
    await user.should_see(marker='price-list')
    assert 'Klepon: Rp\u00a01.000 / buah' in only(user, 'price-list').value
    await user.should_see(marker='send-price-list')
    await user.should_not_see(marker='shop-link')


async def test_with_nothing_recorded_her_dashboard_says_so_instead_of_an_empty_chart(user: User) -> None:
    await open_as(user, KUE_TRAINEE, '/usaha')
    await user.should_see('Belum ada penjualan atau pengeluaran dalam 8 minggu terakhir.')
    await user.should_not_see(marker='chart')
    await user.should_not_see(kind=ui.echart)


async def test_units_are_shown_in_her_words_and_kept_as_codes(user: User) -> None:
    product = await her_product(name='Bolu pandan', unit=Unit.TRAY, price=45_000)
    await her_shop(product.participant_id, 'dapur-bu-ani')
    await open_as(user, KUE_TRAINEE, '/usaha/produk')
    await user.should_see('/ loyang')
    user.find(marker='new-product').click()
    await user.should_see(marker='product-unit')
    options = only(user, 'product-unit').options

    shop = (await user.http_client.get('/toko/dapur-bu-ani')).text

    assert options['pcs'] == 'buah' and options['toples'] == 'toples' and options['karung'] == 'karung'
    assert '/ loyang' in shop
    assert runtime.store.get(Product, product.id).unit == 'loyang'
