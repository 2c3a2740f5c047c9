"""Her business log in the store: profit with HPP, kilos and rounding, payments, periods in WIB, undo,
retries saved once, other people's records left alone, her shop, and the KWT's shares."""

from __future__ import annotations

import asyncio
import datetime as dt
import math
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from models.account import Account, Role
from models.base import DomainError
from models.business import (
    MAX_AMOUNT,
    ExpenseCategory,
    ExpenseForm,
    GroupSale,
    Harvest,
    Product,
    Sale,
    SaleForm,
    ShopForm,
    Unit,
    rupiah,
    shares_by_weight,
)
from models.participant import Group, Participant
from models.programme import Programme, ProgrammeKind
from store import Store
from store.demo import seed_demo
from store.expenses import delete_expense, record_expense, undo_delete_expense, update_expense
from store.figures import Summary, best_products, entries, month_totals, summary, weekly
from store.group_ledger import group_ledger, record_group_sale, record_harvest
from store.periods import day_period, month_period, named_month, week_period
from store.products import her_products
from store.sales import delete_sale, pay, record_sale, undo_delete_sale, unpaid, update_sale
from store.shop import public_shop, save_shop, set_shop_active, shop_by_slug
from ui.i18n import catalogue
from ui.whatsapp import order_link, price_list_text, wa_link, wa_reminder

from .conftest import WIB, open_store, state_of

AT = dt.datetime(2025, 5, 14, 9, 0, tzinfo=WIB)  # a Wednesday
ANI, BUDI = 'p-ani', 'p-budi'
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_path / 'store')
    await store.put(*people(), *products())
    yield store
    await store.close()


def people() -> list[Participant]:
    return [
        Participant(id=ANI, name='Siti Aminah', phone='081200000101', village='Waliwis'),
        Participant(id=BUDI, name='Euis Rohaeti', phone='081200000102', village='Kedaung'),
    ]


def products() -> list[Product]:
    return [
        Product(id='bolu', participant_id=ANI, name='Bolu kukus', unit=Unit.PCS, price=10_000, hpp=6_000),
        Product(id='cabai', participant_id=ANI, name='Cabai merah', unit=Unit.KG, price=40_000, hpp=22_000),
        Product(id='klepon', participant_id=BUDI, name='Klepon', unit=Unit.BOX, price=15_000, hpp=9_000),
    ]


def sale(product_id: str = 'bolu', quantity: str | int = 5, at: dt.datetime = AT, **fields: Any) -> SaleForm:
    return SaleForm(product_id=product_id, quantity=Decimal(str(quantity)), at=at, **fields)


def expense(amount: int = 8_000, at: dt.datetime = AT, **fields: Any) -> ExpenseForm:
    return ExpenseForm(category=ExpenseCategory.INGREDIENTS, amount=amount, at=at, **fields)


def figures(store: Store, participant_id: str = ANI) -> Summary:
    """Her figures for the month of AT (May 2025, WIB)."""
    month = month_period(AT)
    return summary(store, participant_id, month.start, month.end)


# ---- profit, kilos, rounding ---------------------------------------------------------------------


async def test_profit_is_money_in_minus_money_out_and_the_hpp_only_a_guide(store: Store) -> None:
    await record_sale(store, ANI, sale('bolu', 5))
    await record_expense(store, ANI, expense(8_000))

    month = figures(store)

    assert (month.revenue, month.hpp_of_goods, month.expenses) == (50_000, 30_000, 8_000)
    assert (month.net_profit, month.costs) == (42_000, 8_000)  # the HPP is not spent twice
    assert (month.sales_count, month.expenses_count, month.unpaid) == (1, 1, 0)


async def test_the_hpp_is_frozen_at_the_sale(store: Store) -> None:
    await record_sale(store, ANI, sale('bolu', 2))
    bolu = store.get(Product, 'bolu')
    assert bolu is not None
    await store.put(bolu.model_copy(update={'hpp': 9_000}))  # flour got dearer afterwards

    await record_sale(store, ANI, sale('bolu', 1))

    assert figures(store).hpp_of_goods == 2 * 6_000 + 9_000


async def test_one_and_a_half_kilos_of_chili_at_40_000_is_60_000(store: Store) -> None:
    saved = await record_sale(store, ANI, sale('cabai', '1.5'))

    assert saved.record.total == 60_000
    assert saved.record.hpp_total == 33_000
    assert figures(store).revenue == 60_000


def test_money_rounds_half_up_to_whole_rupiah() -> None:
    assert rupiah(Decimal('22501.5')) == 22_502
    assert rupiah(Decimal('2.5')) == 3  # half-even would give 2
    assert rupiah(Decimal('2.49')) == 2
    form = sale('cabai', '1.5', unit_price=15_001)
    assert (
        Sale(participant_id=ANI, product_id='cabai', quantity=form.quantity, unit_price=15_001, at=AT).total == 22_502
    )


def test_a_kilo_with_the_indonesian_comma_is_read() -> None:
    assert SaleForm(product_id='cabai', quantity='1,5', at=AT).quantity == Decimal('1.5')
    assert SaleForm(product_id='cabai', quantity=1.1, at=AT).quantity == Decimal('1.1')


@pytest.mark.parametrize(
    ('product_id', 'quantity', 'key'),
    [('bolu', '2.5', 'quantity_whole'), ('cabai', '1.25', 'quantity_one_decimal'), ('klepon', '1', 'not_yours')],
)
async def test_a_quantity_must_fit_the_unit_and_the_product_be_hers(
    store: Store, product_id: str, quantity: str, key: str
) -> None:
    before = state_of(store)

    with pytest.raises(DomainError) as refused:
        await record_sale(store, ANI, sale(product_id, quantity))

    assert refused.value.key == key and f'error.{key}' in catalogue('id')
    assert state_of(store) == before


async def test_a_sale_of_an_unknown_product_is_refused_and_nothing_is_saved(store: Store) -> None:
    before = store.all(Sale)
    with pytest.raises(DomainError, match='unknown_product'):
        await record_sale(store, ANI, sale('no-such-product'))
    assert store.all(Sale) == before


# ---- payments ------------------------------------------------------------------------------------


def test_an_unpaid_sale_needs_the_buyers_name() -> None:
    with pytest.raises(ValidationError) as refused:
        sale('bolu', 3, paid=False)
    assert refused.value.errors()[0]['ctx']['error'].args[0] == 'buyer_required'
    assert 'form.buyer_required' in catalogue('id')


async def test_partial_payments_reduce_what_is_owed_and_never_exceed_it(store: Store) -> None:
    owed_sale = (await record_sale(store, ANI, sale('bolu', 6, paid=False, buyer='Bu Romlah'))).record

    after_first = await pay(store, ANI, owed_sale.id, 25_000)
    assert (after_first.paid, after_first.owed) == (False, 35_000)
    assert [(o.sale.id, o.owed) for o in unpaid(store, ANI)] == [(owed_sale.id, 35_000)]
    assert figures(store).unpaid == 35_000

    with pytest.raises(DomainError) as refused:
        await pay(store, ANI, owed_sale.id, 35_001)
    assert refused.value.key == 'overpaid' and refused.value.params == {'owed': 'Rp\u00a035.000'}

    settled = await pay(store, ANI, owed_sale.id, 35_000)
    assert (settled.paid, settled.owed, settled.paid_amount) == (True, 0, 60_000)
    assert unpaid(store, ANI) == []
    assert figures(store).unpaid == 0
    with pytest.raises(DomainError, match='overpaid'):
        await pay(store, ANI, owed_sale.id, 1)


async def test_a_down_payment_counts_from_the_start(store: Store) -> None:
    saved = await record_sale(store, ANI, sale('bolu', 4, paid=False, buyer='Pak RT', paid_amount=15_000))
    assert saved.record.owed == 25_000


async def test_who_owes_her_comes_oldest_first(store: Store) -> None:
    late = await record_sale(store, ANI, sale('bolu', 1, paid=False, buyer='Bu Yati', at=AT))
    early = await record_sale(store, ANI, sale('bolu', 2, paid=False, buyer='Bu Lilis', at=AT - dt.timedelta(days=40)))
    await record_sale(store, BUDI, sale('klepon', 1, paid=False, buyer='Bu Ati'))

    owed = unpaid(store, ANI)

    assert [(o.sale.id, o.owed, o.since) for o in owed] == [
        (early.record.id, 20_000, early.record.at),
        (late.record.id, 10_000, late.record.at),
    ]


# ---- periods in WIB ------------------------------------------------------------------------------


async def test_a_week_runs_monday_to_sunday_in_wib(store: Store) -> None:
    sunday_night = dt.datetime(2025, 5, 18, 23, 30, tzinfo=WIB)  # 16.30 UTC, still last week
    monday_early = dt.datetime(2025, 5, 19, 0, 10, tzinfo=WIB)  # 17.10 UTC on Sunday: this week in WIB
    await record_sale(store, ANI, sale('bolu', 1, at=sunday_night))
    await record_sale(store, ANI, sale('bolu', 2, at=monday_early))

    week = week_period(dt.datetime(2025, 5, 21, 12, tzinfo=WIB))

    assert week.start == dt.datetime(2025, 5, 19, tzinfo=WIB) and week.end == dt.datetime(2025, 5, 26, tzinfo=WIB)
    assert summary(store, ANI, week.start, week.end).revenue == 20_000
    assert day_period(monday_early).start == dt.datetime(2025, 5, 19, tzinfo=WIB)


async def test_a_month_follows_the_wib_calendar_across_the_utc_month(store: Store) -> None:
    last_of_may = dt.datetime(2025, 5, 31, 23, 59, tzinfo=WIB)
    first_of_june = dt.datetime(2025, 6, 1, 0, 30, tzinfo=WIB)  # still 31 May in UTC
    await record_sale(store, ANI, sale('bolu', 1, at=last_of_may))
    await record_sale(store, ANI, sale('bolu', 3, at=first_of_june))

    may, june = month_totals(store, ANI, '2025-05'), month_totals(store, ANI, '2025-06')

    assert (may.revenue, june.revenue) == (10_000, 30_000)
    assert month_period(first_of_june) == named_month('2025-06')


@pytest.mark.parametrize('month', ['', '2025-13', '2025-00', '25-05', '2025/05', 'mei', '1999-12', '2025-05-01'])
def test_a_bad_month_is_refused(month: str) -> None:
    with pytest.raises(DomainError, match='bad_month'):
        named_month(month)


async def test_weekly_totals_for_the_chart(store: Store) -> None:
    now = dt.datetime(2025, 5, 21, 12, tzinfo=WIB)
    await record_sale(store, ANI, sale('bolu', 1, at=now))
    await record_sale(store, ANI, sale('bolu', 2, at=now - dt.timedelta(days=14)))
    await record_sale(store, ANI, sale('bolu', 9, at=now - dt.timedelta(days=70)))  # before the 8 weeks
    await record_expense(store, ANI, expense(4_000, at=now - dt.timedelta(days=14)))

    weeks = weekly(store, ANI, now=now)

    assert len(weeks) == 8 and weeks[-1].monday == dt.date(2025, 5, 19) and weeks[0].monday == dt.date(2025, 3, 31)
    assert [w.revenue for w in weeks] == [0, 0, 0, 0, 0, 20_000, 0, 10_000]
    assert (weeks[5].costs, weeks[5].profit) == (4_000, 16_000)


async def test_best_products_by_revenue(store: Store) -> None:
    await record_sale(store, ANI, sale('bolu', 3))
    await record_sale(store, ANI, sale('cabai', '2.5'))
    await record_sale(store, ANI, sale('bolu', 2))

    month = month_period(AT)
    best = best_products(store, ANI, month.start, month.end)

    assert [(p.name, p.quantity, p.revenue) for p in best] == [
        ('Cabai merah', Decimal('2.5'), 100_000),
        ('Bolu kukus', Decimal(5), 50_000),
    ]


async def test_her_entries_newest_first_without_the_deleted(store: Store) -> None:
    older = await record_sale(store, ANI, sale('bolu', 1, at=AT - dt.timedelta(hours=2)))
    spent = await record_expense(store, ANI, expense(at=AT - dt.timedelta(hours=1)))
    newest = await record_sale(store, ANI, sale('bolu', 2, at=AT))
    gone = await record_sale(store, ANI, sale('bolu', 3, at=AT))
    await delete_sale(store, ANI, gone.record.id)
    await record_sale(store, BUDI, sale('klepon', 1, at=AT))

    month = month_period(AT)
    found = entries(store, ANI, month.start, month.end)

    assert [e.id for e in found] == [newest.record.id, spent.record.id, older.record.id]


# ---- undo, and her records only ------------------------------------------------------------------


async def test_a_deleted_sale_leaves_the_figures_and_undo_brings_it_back(store: Store) -> None:
    saved = await record_sale(store, ANI, sale('bolu', 2, paid=False, buyer='Bu Romlah'))

    await delete_sale(store, ANI, saved.record.id)
    gone = figures(store)
    assert (gone.revenue, gone.sales_count, unpaid(store, ANI)) == (0, 0, [])
    with pytest.raises(DomainError, match='not_found'):
        await delete_sale(store, ANI, saved.record.id)

    await undo_delete_sale(store, ANI, saved.record.id)
    back = figures(store)
    assert (back.revenue, back.unpaid, len(unpaid(store, ANI))) == (20_000, 20_000, 1)


async def test_editing_a_sale_keeps_its_hpp_and_moving_it_takes_the_new_products(store: Store) -> None:
    saved = await record_sale(store, ANI, sale('bolu', 2))
    bolu = store.get(Product, 'bolu')
    assert bolu is not None
    await store.put(bolu.model_copy(update={'hpp': 7_000, 'price': 12_000}))

    edited = await update_sale(store, ANI, saved.record.id, sale('bolu', 3))
    assert (edited.unit_hpp, edited.unit_price, edited.total) == (6_000, 10_000, 30_000)

    moved = await update_sale(store, ANI, saved.record.id, sale('cabai', '0.5'))
    assert (moved.unit_hpp, moved.unit_price, moved.total) == (22_000, 40_000, 20_000)


async def test_expenses_are_edited_deleted_and_restored(store: Store) -> None:
    saved = await record_expense(store, ANI, expense(8_000))
    await update_expense(store, ANI, saved.record.id, expense(9_500, note='tepung'))
    assert figures(store).expenses == 9_500
    await delete_expense(store, ANI, saved.record.id)
    assert figures(store).expenses_count == 0
    await undo_delete_expense(store, ANI, saved.record.id)
    assert figures(store).expenses == 9_500


async def test_another_trainees_sale_cannot_be_changed_paid_or_deleted(store: Store) -> None:
    hers = (await record_sale(store, ANI, sale('bolu', 2, paid=False, buyer='Bu Romlah'))).record
    spent = (await record_expense(store, ANI, expense())).record
    before = state_of(store)

    attempts: list[Callable[[], Any]] = [
        lambda: update_sale(store, BUDI, hers.id, sale('klepon', 1)),
        lambda: delete_sale(store, BUDI, hers.id),
        lambda: pay(store, BUDI, hers.id, 1_000),
        lambda: update_expense(store, BUDI, spent.id, expense(1)),
        lambda: delete_expense(store, BUDI, spent.id),
        lambda: record_sale(store, BUDI, sale('bolu', 1)),  # her product
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as refused:
            await attempt()
        assert refused.value.key == 'not_yours'
    await delete_sale(store, ANI, hers.id)
    with pytest.raises(DomainError, match='not_yours'):
        await undo_delete_sale(store, BUDI, hers.id)
    assert figures(store, BUDI).sales_count == 0
    assert state_of(store)['stats'] == before['stats']


async def test_a_client_id_of_another_trainee_is_not_overwritten_nor_revealed(store: Store) -> None:
    await record_sale(store, ANI, sale('bolu', 2), client_id='phone-ani-1')

    with pytest.raises(DomainError, match='duplicate_id') as refused:
        await record_sale(store, BUDI, sale('klepon', 1), client_id='phone-ani-1')
    assert refused.value.params == {} and 'bolu' not in str(refused.value)  # nothing of her sale in the answer

    kept = store.get(Sale, 'phone-ani-1')
    assert kept is not None and kept.participant_id == ANI


# ---- exactly once --------------------------------------------------------------------------------


async def test_a_retried_client_id_saves_once(store: Store) -> None:
    first = await record_sale(store, ANI, sale('bolu', 2), client_id='offline-7f3a')
    again = await record_sale(store, ANI, sale('bolu', 2), client_id='offline-7f3a')
    spent = await record_expense(store, ANI, expense(), client_id='offline-7f3b')
    spent_again = await record_expense(store, ANI, expense(), client_id='offline-7f3b')

    assert (first.status, again.status, spent.status, spent_again.status) == (
        'applied',
        'duplicate',
        'applied',
        'duplicate',
    )
    assert again.record == first.record
    assert store.count(Sale) == 1 and figures(store).revenue == 20_000


async def test_fifty_concurrent_retries_save_one_sale(store: Store) -> None:
    results = await asyncio.gather(
        *(record_sale(store, ANI, sale('cabai', '1.5'), client_id='queued-sale-1') for _ in range(50))
    )

    assert sorted(r.status for r in results).count('applied') == 1
    assert all(r.record == store.get(Sale, 'queued-sale-1') for r in results)
    assert store.count(Sale) == 1
    assert figures(store).revenue == 60_000


# ---- bad input: refused with a key, nothing saved ------------------------------------------------


bad_amounts = st.one_of(
    st.integers(max_value=0),
    st.integers(min_value=MAX_AMOUNT + 1),
    st.floats().filter(lambda f: not (math.isfinite(f) and f.is_integer() and 0 < f <= MAX_AMOUNT)),
    st.text(max_size=12).filter(lambda s: not s.strip().lstrip('-').isdigit()),
    st.sampled_from([None, True, False, [], {}, '15.000', 'Rp 15000', '1e3', Decimal('NaN'), Decimal('0.5')]),
)
bad_quantities = st.one_of(
    st.decimals(max_value=0, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=100_001, allow_nan=False, allow_infinity=False),
    st.integers(max_value=0),
    st.integers(min_value=100_001),
    st.text(alphabet='abcxyz!?#', min_size=1, max_size=10),
    st.sampled_from(['', 'NaN', 'Infinity', '-1', '0,0', '1.0001', None, True, [], Decimal('sNaN')]),
)


def keys_of(error: ValidationError) -> set[str]:
    return {str(e['ctx']['error']) for e in error.errors() if e['type'] == 'value_error'}


def is_zero(value: Any) -> bool:
    """0 rupiah is a fine down payment (none); a zero price or expense is not."""
    return not isinstance(value, bool) and isinstance(value, int | float | Decimal) and value == 0


def test_bad_amounts_and_quantities_are_refused_with_a_key_and_nothing_is_saved(tmp_path: Path) -> None:
    with open_store(tmp_path / 'store', *people(), *products()) as (store, run):
        owed = run(record_sale(store, ANI, sale('bolu', 3, paid=False, buyer='Bu Romlah'))).record
        before = state_of(store)

        @SETTINGS
        @given(amount=bad_amounts, quantity=bad_quantities)
        def check(amount: Any, quantity: Any) -> None:
            note(f'amount={amount!r} quantity={quantity!r}')
            forms: list[tuple[Callable[[], Any], str]] = [
                (lambda: SaleForm(product_id='bolu', quantity=quantity, at=AT), 'bad_quantity'),
                (lambda: ExpenseForm(category='bahan', amount=amount, at=AT), 'bad_amount'),
                (lambda: Harvest(group_id='g', participant_id=ANI, date=AT.date(), kg=quantity), 'bad_quantity'),
                (lambda: GroupSale(group_id='g', date=AT.date(), kg=1, price_per_kg=amount), 'bad_amount'),
            ]
            if amount is not None:  # no price given means the product's price
                forms.append((lambda: SaleForm(product_id='bolu', quantity=1, unit_price=amount, at=AT), 'bad_amount'))
            if not is_zero(amount):
                down = {'paid': False, 'buyer': 'Bu Romlah', 'paid_amount': amount}
                forms.append((lambda: SaleForm(product_id='bolu', quantity=1, at=AT, **down), 'bad_amount'))
            for build, key in forms:
                with pytest.raises(ValidationError) as refused:
                    build()
                assert keys_of(refused.value) == {key}, refused.value.errors()
                assert f'form.{key}' in catalogue('id') and f'form.{key}' in catalogue('en')
            with pytest.raises(DomainError) as paid:
                run(pay(store, ANI, owed.id, amount))
            assert paid.value.key == 'bad_amount' and 'error.bad_amount' in catalogue('id')
            assert state_of(store) == before

        check()


def test_a_zero_down_payment_is_no_payment() -> None:
    assert sale('bolu', 1, paid=False, buyer='Bu Romlah', paid_amount=0).paid_amount == 0


async def test_a_sale_worth_more_than_the_limit_is_refused_and_not_saved(store: Store) -> None:
    before = state_of(store)

    with pytest.raises(ValidationError) as refused:
        await record_sale(store, ANI, sale('bolu', 100_000, unit_price=MAX_AMOUNT))

    assert keys_of(refused.value) == {'bad_amount'}
    assert state_of(store) == before


# ---- WhatsApp ------------------------------------------------------------------------------------


async def test_a_reminder_is_a_polite_prefilled_whatsapp_link(store: Store) -> None:
    saved = await record_sale(store, ANI, sale('bolu', 6, paid=False, buyer='Bu Romlah', buyer_phone='0813-1111-2222'))
    sold = await pay(store, ANI, saved.record.id, 25_000)

    link = wa_reminder(sold, sold.owed, 'id', product='Bolu kukus')

    assert link is not None and link.startswith('https://wa.me/6281311112222?text=')
    text = unquote(link.split('?text=', 1)[1])
    assert 'Bu Romlah' in text and 'Rp\u00a035.000' in text and 'Bolu kukus' in text and '14 Mei 2025' in text
    assert ' ' not in link and '\n' not in link
    no_phone = await record_sale(store, ANI, sale('bolu', 1, paid=False, buyer='Bu Yati'))
    assert wa_reminder(no_phone.record, 10_000, 'id') is None


def test_wa_links_take_any_spelling_of_an_indonesian_mobile_number() -> None:
    assert wa_link('081200000101') == 'https://wa.me/6281200000101'
    assert wa_link('+62 812-0000-0101') == 'https://wa.me/6281200000101'
    assert wa_link('12345') is None


async def test_her_price_list_as_whatsapp_text_never_shows_the_hpp(store: Store) -> None:
    shop = await save_shop(store, ANI, ShopForm(slug='dapur-melati', name='Dapur Melati', wa_number='081200000199'))

    text = price_list_text(her_products(store, ANI), shop, 'id', link='https://berdaya.example/toko/dapur-melati')

    assert text.splitlines()[0] == '*Dapur Melati*'
    assert '• Bolu kukus: Rp\u00a010.000 / buah' in text and '• Cabai merah: Rp\u00a040.000 / kg' in text
    assert 'wa.me/6281200000199' in text and 'toko/dapur-melati' in text
    assert '6.000' not in text and '22.000' not in text and 'Siti' not in text


# ---- her shop ------------------------------------------------------------------------------------


async def test_her_shop_shows_no_name_phone_or_village_unless_she_chooses(store: Store) -> None:
    await save_shop(store, ANI, ShopForm(slug='Dapur-Melati', name='Dapur Melati'))

    public = public_shop(store, 'dapur-melati')

    assert public is not None and public.name == 'Dapur Melati'
    assert (public.owner_name, public.owner_phone, public.owner_village, public.order_number) == (
        None,
        None,
        None,
        None,
    )
    assert [p.name for p in public.products] == ['Bolu kukus', 'Cabai merah']
    assert 'Siti' not in repr(public) and '081200000101' not in repr(public) and 'Waliwis' not in repr(public)

    shop = await save_shop(
        store, ANI, ShopForm(slug='dapur-melati', name='Dapur Melati', show_phone=True, product_ids=['cabai'])
    )
    public = public_shop(store, 'dapur-melati')
    assert shop.wa_number == ''  # she typed none: the button takes her own phone, because she chose to show it
    assert public is not None and public.order_number == '081200000101'
    assert public is not None and public.owner_phone == '081200000101' and public.owner_name is None
    link = order_link(public.order_number, public.name)
    assert link is not None and link.startswith('https://wa.me/6281200000101?text=')
    assert [p.name for p in public.products] == ['Cabai merah']


async def test_a_typed_order_number_is_kept_and_the_phone_switch_only_prints_her_phone(store: Store) -> None:
    await save_shop(store, ANI, ShopForm(slug='dapur-melati', name='Dapur Melati', show_phone=True))
    hidden = await save_shop(store, ANI, ShopForm(slug='dapur-melati', name='Dapur Melati', show_phone=False))
    public = public_shop(store, 'dapur-melati')
    assert hidden.wa_number == '' and public is not None and public.order_number is None  # nothing typed, hidden
    assert '081200000101' not in repr(public) and '6281200000101' not in repr(public)

    # she types her own number for orders and keeps her phone off the page: the number is kept and used
    form = ShopForm(slug='dapur-melati', name='Dapur Melati', show_phone=False, wa_number='0812-0000-0101')
    shop = await save_shop(store, ANI, form)
    public = public_shop(store, 'dapur-melati')
    assert shop.wa_number == '081200000101' and public is not None
    assert (public.order_number, public.owner_phone) == ('081200000101', None)
    other = await save_shop(store, ANI, form.model_copy(update={'wa_number': '0857 1111 2222'}))
    assert other.wa_number == '085711112222'


async def test_a_shop_address_is_made_from_its_name_when_left_empty(store: Store) -> None:
    first = await save_shop(store, ANI, ShopForm(name='Dapur Mélati Bu Ani!'))
    second = await save_shop(store, BUDI, ShopForm(name='Dapur Melati Bu Ani'))
    assert (first.slug, second.slug) == ('dapur-melati-bu-ani', 'dapur-melati-bu-ani-2')
    kept = await save_shop(store, ANI, ShopForm(slug='kue-ani', name='Dapur Melati Bu Ani'))
    assert kept.slug == 'kue-ani'  # she may change it


async def test_a_shop_address_is_unique_and_shaped_for_a_url(store: Store) -> None:
    await save_shop(store, ANI, ShopForm(slug='kue-enak', name='Kue Enak'))
    before = state_of(store)

    with pytest.raises(DomainError) as taken:
        await save_shop(store, BUDI, ShopForm(slug='kue-enak', name='Kue Enak Juga'))
    with pytest.raises(DomainError, match='not_yours'):
        await save_shop(store, BUDI, ShopForm(slug='klepon-budi', name='Klepon', product_ids=['bolu']))
    for slug in ('ab', 'kue enak', 'kue_enak', '-kue', 'kue--enak', 'k' * 41, 'kué'):
        with pytest.raises(ValidationError) as bad:
            ShopForm(slug=slug, name='Kue')
        assert keys_of(bad.value) == {'bad_slug'}

    assert taken.value.key == 'slug_taken' and taken.value.params == {'slug': 'kue-enak'}
    assert state_of(store) == before
    await save_shop(store, ANI, ShopForm(slug='kue-enak', name='Kue Enak Sekali'))  # her own slug again


async def test_a_closed_shop_is_not_public(store: Store) -> None:
    await save_shop(store, ANI, ShopForm(slug='dapur-melati', name='Dapur Melati'))

    await set_shop_active(store, ANI, False)
    assert public_shop(store, 'dapur-melati') is None
    assert shop_by_slug(store, 'dapur-melati') is not None
    await set_shop_active(store, ANI, True)
    assert public_shop(store, 'dapur-melati') is not None
    with pytest.raises(DomainError, match='not_found'):
        await set_shop_active(store, BUDI, True)


# ---- the KWT's group ledger ----------------------------------------------------------------------


@given(
    total=st.integers(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT),
    kilos=st.lists(st.integers(min_value=0, max_value=2_000), min_size=1, max_size=15),
)
@settings(max_examples=300, deadline=None)
def test_shares_sum_exactly_and_stay_within_a_rupiah_of_the_proportion(total: int, kilos: list[int]) -> None:
    weights = {f'm{n}': Decimal(k) / 10 for n, k in enumerate(kilos)}
    shares = shares_by_weight(total, weights)
    weight = sum(weights.values())
    if weight == 0:
        assert set(shares.values()) == {0}
        return
    assert sum(shares.values()) == total
    for member, share in shares.items():
        assert abs(share - total * weights[member] / weight) < 1


async def test_the_kwt_demo_history_shares_the_net_income_by_kilos(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / 'demo')
    try:
        today = dt.date(2025, 5, 20)
        await seed_demo(store, today)
        group = store.all(Group)[0]

        ledger = group_ledger(store, group.id, today - dt.timedelta(days=200), today + dt.timedelta(days=1))

        assert len(ledger.members) == 12 and ledger.revenue > 0 and ledger.harvested_kg > 0
        assert ledger.sold_kg == ledger.harvested_kg  # the demo group sells every week's pool
        assert sum(m.share for m in ledger.members) == ledger.net == ledger.revenue - ledger.expenses
        by_kg = sorted(ledger.members, key=lambda m: m.kg)
        assert all(a.share <= b.share for a, b in zip(by_kg, by_kg[1:], strict=False))
        assert all(m.name for m in ledger.members)
        month = group_ledger(store, group.id, dt.date(2025, 4, 1), dt.date(2025, 5, 1))
        assert 0 < month.revenue < ledger.revenue
    finally:
        await store.close()


async def test_only_members_and_the_groups_staff_record_for_the_group(store: Store) -> None:
    programme = Programme(
        id='kwt',
        name='Budidaya Cabai',
        kind=ProgrammeKind.KWT,
        agency='Disnaker',
        place='Saung',
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 4, 1),
        instructor_ids=['acc-pendamping'],
    )
    group = Group(id='melati', name='KWT Melati', programme_id='kwt', member_ids=[ANI])
    await store.put(programme, group)
    member = Account(
        id='acc-ani', username='081200000101', name='Siti', role=Role.TRAINEE, secret_hash='x' * 20, participant_id=ANI
    )
    outsider = member.model_copy(update={'id': 'acc-budi', 'participant_id': BUDI})
    companion = Account(
        id='acc-pendamping', username='pendamping', name='Dedi', role=Role.INSTRUCTOR, secret_hash='x' * 20
    )
    picked = Harvest(id='h-1', group_id='melati', participant_id=ANI, date=dt.date(2025, 5, 12), kg=Decimal('4.5'))

    with pytest.raises(DomainError, match='not_in_group'):
        await record_harvest(store, outsider, picked)
    with pytest.raises(DomainError, match='not_a_member'):
        await record_harvest(store, companion, picked.model_copy(update={'id': 'h-2', 'participant_id': BUDI}))
    assert store.count(Harvest) == 0
    first = await record_harvest(store, member, picked)
    again = await record_harvest(store, companion, picked)
    sold = await record_group_sale(
        store,
        companion,
        GroupSale(group_id='melati', date=dt.date(2025, 5, 13), kg=Decimal('4.5'), price_per_kg=41_000),
    )

    assert (first.status, again.status, sold.status) == ('applied', 'duplicate', 'applied')
    assert first.record.recorded_by == 'acc-ani'
    ledger = group_ledger(store, 'melati', dt.date(2025, 5, 1), dt.date(2025, 6, 1))
    assert (ledger.revenue, [(m.participant_id, m.share) for m in ledger.members]) == (184_500, [(ANI, 184_500)])
