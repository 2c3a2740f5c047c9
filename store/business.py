"""Her business log: sales (each saved once, however often her phone retries), payments, expenses, the
figures of her dashboard, WhatsApp texts, her public shop, and a KWT's group ledger.

Every change checks that the record is hers (`not_yours` otherwise) inside its transaction, so a check and
its write cannot be split by another write. Deleting is soft (`deleted`), so she can undo it; reports skip
deleted records. Periods are half-open `[start, end)`: aware datetimes for her log, dates for the group's.

Month queries read the `participant_month` / `group_month` indexes, never a whole table. A stamp's month
in the index is the month of the offset it was stored with (UTC for what this module writes), so a query
reads the months a day around its period could touch and then keeps the records inside the period.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.dates import format_date

from models.account import Account, Role
from models.base import DomainError, Record, new_id
from models.business import (
    MAX_AMOUNT,
    Expense,
    ExpenseForm,
    GroupExpense,
    GroupSale,
    Harvest,
    Product,
    Sale,
    SaleForm,
    Shop,
    ShopForm,
    Unit,
    check_quantity,
    rupiah,
    shares_by_weight,
)
from models.money import format_rupiah
from models.participant import Group, Participant, normalise_phone
from models.programme import Programme, Zone

from .engine import Store, Tx

WIB = Zone.WIB.tz
UTC = dt.UTC
R = TypeVar('R', bound=Record)
Status = Literal['applied', 'duplicate']
TEXTS = Path(__file__).resolve().parent.parent / 'assets' / 'i18n'
LOCALES = {'id': 'id_ID', 'en': 'en_GB'}


@dataclass(frozen=True)
class Saved(Generic[R]):
    """What a write from a phone did: `applied` the first time, `duplicate` (nothing changed) on a retry."""

    status: Status
    record: R


# ---- sales ---------------------------------------------------------------------------------------


async def record_sale(store: Store, participant_id: str, form: SaleForm, client_id: str | None = None) -> Saved[Sale]:
    """Save her sale once: the client's id (a phone's retry, the offline queue) becomes the sale's id.

    The product must be hers; the quantity fit its unit; the price defaults to the product's price, and the
    product's HPP now is frozen on the sale. A second call with the same id changes nothing.
    """
    sale_id = client_id or new_id()

    def stage(tx: Tx) -> Saved[Sale]:
        if (retried := _retried(tx, Sale, sale_id, participant_id)) is not None:
            return retried
        product = _her_product(tx, participant_id, form.product_id)
        sale = _sale(sale_id, participant_id, form, product, price=product.price, unit_hpp=product.hpp, paid_at=None)
        tx.put(sale)
        return Saved('applied', sale)

    return await store.transact(stage)


async def update_sale(store: Store, participant_id: str, sale_id: str, form: SaleForm) -> Sale:
    """Correct her sale. The HPP stays as frozen unless she moved the sale to another product."""

    def stage(tx: Tx) -> Sale:
        sale = _her_record(tx, Sale, participant_id, sale_id)
        product = _her_product(tx, participant_id, form.product_id)
        same = product.id == sale.product_id
        updated = _sale(
            sale.id,
            participant_id,
            form,
            product,
            price=sale.unit_price if same else product.price,
            unit_hpp=sale.unit_hpp if same else product.hpp,
            paid_at=sale.paid_at,
        )
        tx.put(updated)
        return updated

    return await store.transact(stage)


async def delete_sale(store: Store, participant_id: str, sale_id: str) -> Sale:
    """Hide her sale from every report; `undo_delete_sale` brings it back."""
    return await _set_deleted(store, Sale, participant_id, sale_id, True)


async def undo_delete_sale(store: Store, participant_id: str, sale_id: str) -> Sale:
    return await _set_deleted(store, Sale, participant_id, sale_id, False)


async def restore_entry(store: Store, participant_id: str, previous: Sale | Expense) -> Sale | Expense:
    """Undo her edit: the sale or expense as it was before, if it is still hers and not deleted since."""

    def stage(tx: Tx) -> Sale | Expense:
        _her_record(tx, type(previous), participant_id, previous.id)
        if previous.participant_id != participant_id:
            raise DomainError('not_yours')
        tx.put(previous)
        return previous

    return await store.transact(stage)


async def pay(store: Store, participant_id: str, sale_id: str, amount: int, at: dt.datetime | None = None) -> Sale:
    """A payment on a sale she made on credit: all of what is owed, or part of it; never more (`overpaid`)."""
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT:
        raise DomainError('bad_amount')
    when = (at or dt.datetime.now(UTC)).astimezone(UTC)

    def stage(tx: Tx) -> Sale:
        sale = _her_record(tx, Sale, participant_id, sale_id)
        if amount > sale.owed:
            raise DomainError('overpaid', owed=format_rupiah(sale.owed))
        paid_amount = sale.paid_amount + amount
        updated = _changed(sale, paid_amount=paid_amount, paid=paid_amount == sale.total, paid_at=when)
        tx.put(updated)
        return updated

    return await store.transact(stage)


@dataclass(frozen=True)
class Owed:
    sale: Sale
    owed: int
    since: dt.datetime  # when she sold it


def unpaid(store: Store, participant_id: str) -> list[Owed]:
    """Who still owes her, oldest debt first (read from the `owed` index, not her whole history)."""
    sales = [Sale.model_validate(doc) for doc in store.raw_by_index(Sale, 'owed', participant_id)]
    return [Owed(s, s.owed, s.at) for s in sorted(sales, key=lambda s: (s.at, s.id)) if s.owed > 0]


def her_products(store: Store, participant_id: str) -> list[Product]:
    return sorted(store.by_index(Product, 'participant', participant_id), key=lambda p: (p.name.lower(), p.id))


def _sale(
    sale_id: str,
    participant_id: str,
    form: SaleForm,
    product: Product,
    *,
    price: int,
    unit_hpp: int,
    paid_at: dt.datetime | None,
) -> Sale:
    """The sale as stored; `price` is what an empty price field means (the product's, or the sale's before)."""
    try:
        check_quantity(product.unit, form.quantity)
    except ValueError as error:
        raise DomainError(str(error), unit=product.unit.value) from None
    unit_price = form.unit_price if form.unit_price is not None else price
    total = rupiah(form.quantity * unit_price)
    paid = form.paid or form.paid_amount == total  # a "down payment" of everything is a paid sale
    return Sale(
        id=sale_id,
        participant_id=participant_id,
        product_id=product.id,
        quantity=form.quantity,
        unit_price=unit_price,
        unit_hpp=unit_hpp,
        channel=form.channel,
        paid=paid,
        paid_amount=0 if form.paid else form.paid_amount,
        paid_at=paid_at,
        buyer=form.buyer,
        buyer_phone=form.buyer_phone,
        at=form.at.astimezone(UTC),
    )


def _retried(tx: Tx, model: type[R], record_id: str, participant_id: str) -> Saved[R] | None:
    """Her retry finds the record it saved before (`duplicate`); an id of someone else's record is refused
    without a word about that record."""
    existing = tx.get(model, record_id)
    if existing is None:
        return None
    if getattr(existing, 'participant_id', None) != participant_id:
        raise DomainError('duplicate_id')
    return Saved('duplicate', existing)


def _her_product(tx: Tx, participant_id: str, product_id: str) -> Product:
    product = tx.get(Product, product_id)
    if product is None:
        raise DomainError('unknown_product')
    if product.participant_id != participant_id:
        raise DomainError('not_yours')
    return product


def _her_record(tx: Tx, model: type[R], participant_id: str, record_id: str, *, deleted: bool = False) -> R:
    """Her sale or expense, live (or, for an undo, deleted); `not_found` or `not_yours` otherwise."""
    record = tx.get(model, record_id)
    if record is None or getattr(record, 'deleted', False) != deleted:
        raise DomainError('not_found')
    if getattr(record, 'participant_id', None) != participant_id:
        raise DomainError('not_yours')
    return record


def _changed(record: R, **changes: Any) -> R:
    """The record with `changes`, validated again (`model_copy` would not check them)."""
    return type(record).model_validate(record.model_dump() | changes)


async def _set_deleted(store: Store, model: type[R], participant_id: str, record_id: str, deleted: bool) -> R:
    def stage(tx: Tx) -> R:
        record = _changed(_her_record(tx, model, participant_id, record_id, deleted=not deleted), deleted=deleted)
        tx.put(record)
        return record

    return await store.transact(stage)


# ---- expenses ------------------------------------------------------------------------------------


async def record_expense(
    store: Store, participant_id: str, form: ExpenseForm, client_id: str | None = None
) -> Saved[Expense]:
    """Save her expense once per client id, like a sale."""
    expense_id = client_id or new_id()

    def stage(tx: Tx) -> Saved[Expense]:
        if (retried := _retried(tx, Expense, expense_id, participant_id)) is not None:
            return retried
        expense = _expense(expense_id, participant_id, form)
        tx.put(expense)
        return Saved('applied', expense)

    return await store.transact(stage)


async def update_expense(store: Store, participant_id: str, expense_id: str, form: ExpenseForm) -> Expense:
    def stage(tx: Tx) -> Expense:
        expense = _her_record(tx, Expense, participant_id, expense_id)
        updated = _expense(expense.id, participant_id, form)
        tx.put(updated)
        return updated

    return await store.transact(stage)


async def delete_expense(store: Store, participant_id: str, expense_id: str) -> Expense:
    return await _set_deleted(store, Expense, participant_id, expense_id, True)


async def undo_delete_expense(store: Store, participant_id: str, expense_id: str) -> Expense:
    return await _set_deleted(store, Expense, participant_id, expense_id, False)


def _expense(expense_id: str, participant_id: str, form: ExpenseForm) -> Expense:
    return Expense(
        id=expense_id,
        participant_id=participant_id,
        category=form.category,
        amount=form.amount,
        note=form.note,
        at=form.at.astimezone(UTC),
    )


# ---- periods -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """`[start, end)` in UTC; built from her local calendar in the programme's zone."""

    start: dt.datetime
    end: dt.datetime


def _local_midnight(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz).astimezone(UTC)


def day_period(now: dt.datetime, tz: dt.tzinfo = WIB) -> Period:
    """Today where she is."""
    today = now.astimezone(tz).date()
    return Period(_local_midnight(today, tz), _local_midnight(today + dt.timedelta(days=1), tz))


def week_period(now: dt.datetime, tz: dt.tzinfo = WIB) -> Period:
    """This week where she is: Monday 00.00 to the next Monday (as Indonesian calendars start the week)."""
    monday = now.astimezone(tz).date()
    monday -= dt.timedelta(days=monday.weekday())
    return Period(_local_midnight(monday, tz), _local_midnight(monday + dt.timedelta(days=7), tz))


def month_period(now: dt.datetime, tz: dt.tzinfo = WIB) -> Period:
    """This calendar month where she is."""
    local = now.astimezone(tz).date()
    return _month(local.year, local.month, tz)


def named_month(month: str, tz: dt.tzinfo = WIB) -> Period:
    """`2025-05` → May 2025 where she is; anything else → DomainError('bad_month')."""
    found = re.fullmatch(r'(\d{4})-(\d{2})', month or '')
    if not found or not 2000 <= int(found[1]) <= 2100 or not 1 <= int(found[2]) <= 12:
        raise DomainError('bad_month')
    return _month(int(found[1]), int(found[2]), tz)


def _month(year: int, month: int, tz: dt.tzinfo) -> Period:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period(_local_midnight(dt.date(year, month, 1), tz), _local_midnight(following, tz))


def zone_of(store: Store, participant_id: str) -> ZoneInfo:
    """Her programme's zone (her latest programme); WIB when she has none."""
    programmes = store.by_index(Programme, 'participant', participant_id)
    return max(programmes, key=lambda p: p.start).zone.tz if programmes else WIB


# ---- her figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """Her figures for a period. Costs are the HPP of the goods she sold plus her expenses.

    `unpaid` is what is still owed on the sales of the period. No buyer names: coordinators may see this.
    """

    revenue: int = 0
    hpp_of_goods: int = 0
    expenses: int = 0
    sales_count: int = 0
    expenses_count: int = 0
    unpaid: int = 0

    @property
    def gross_profit(self) -> int:
        return self.revenue - self.hpp_of_goods

    @property
    def net_profit(self) -> int:
        return self.gross_profit - self.expenses

    @property
    def costs(self) -> int:
        return self.hpp_of_goods + self.expenses

    def as_json(self) -> dict[str, int]:
        """The `/api/summary` answer."""
        return {
            'revenue': self.revenue,
            'costs': self.costs,
            'profit': self.net_profit,
            'sales_count': self.sales_count,
            'expenses_count': self.expenses_count,
            'unpaid': self.unpaid,
        }


def summary(store: Store, participant_id: str, start: dt.datetime, end: dt.datetime) -> Summary:
    """Revenue, HPP of goods, expenses, profits, counts and what is owed, for sales and expenses in `[start, end)`."""
    return _summarise(_sale_docs(store, participant_id, start, end), _expense_docs(store, participant_id, start, end))


def month_totals(store: Store, participant_id: str, month: str, tz: dt.tzinfo = WIB) -> Summary:
    """Her month (`YYYY-MM`) for the coordinator's outcomes and `/api/summary`; bad month → `bad_month`."""
    period = named_month(month, tz)
    return summary(store, participant_id, period.start, period.end)


@dataclass(frozen=True)
class WeekTotals:
    monday: dt.date
    revenue: int
    costs: int
    profit: int


def weekly(
    store: Store, participant_id: str, *, now: dt.datetime, weeks: int = 8, tz: dt.tzinfo = WIB
) -> list[WeekTotals]:
    """Her last `weeks` weeks (Monday to Sunday where she is), oldest first, this week last, for a chart."""
    weeks = max(1, min(weeks, 104))
    this_week = week_period(now, tz)
    first = this_week.start.astimezone(tz).date() - dt.timedelta(days=7 * (weeks - 1))
    start = _local_midnight(first, tz)
    sales_by: list[list[dict[str, Any]]] = [[] for _ in range(weeks)]
    expenses_by: list[list[dict[str, Any]]] = [[] for _ in range(weeks)]
    for docs, buckets in (
        (_sale_docs(store, participant_id, start, this_week.end), sales_by),
        (_expense_docs(store, participant_id, start, this_week.end), expenses_by),
    ):
        for doc in docs:
            buckets[(_at(doc).astimezone(tz).date() - first).days // 7].append(doc)
    result = []
    for n in range(weeks):
        figures = _summarise(sales_by[n], expenses_by[n])
        result.append(WeekTotals(first + dt.timedelta(days=7 * n), figures.revenue, figures.costs, figures.net_profit))
    return result


@dataclass(frozen=True)
class ProductTotals:
    product_id: str
    name: str
    unit: Unit
    quantity: Decimal
    revenue: int


def best_products(
    store: Store, participant_id: str, start: dt.datetime, end: dt.datetime, n: int = 3
) -> list[ProductTotals]:
    """Her `n` products that brought in most in `[start, end)`, by revenue (ties: more sold, then name)."""
    quantity: dict[str, Decimal] = {}
    revenue: dict[str, int] = {}
    for doc in _sale_docs(store, participant_id, start, end):
        product_id = doc['product_id']
        quantity[product_id] = quantity.get(product_id, Decimal(0)) + Decimal(doc['quantity'])
        revenue[product_id] = revenue.get(product_id, 0) + _total(doc)
    found = []
    for product_id in revenue:
        product = store.get(Product, product_id)
        name, unit = (product.name, product.unit) if product else ('?', Unit.PCS)
        found.append(ProductTotals(product_id, name, unit, quantity[product_id], revenue[product_id]))
    found.sort(key=lambda p: (-p.revenue, -p.quantity, p.name))
    return found[:n]


def entries(store: Store, participant_id: str, start: dt.datetime, end: dt.datetime) -> list[Sale | Expense]:
    """Her live sales and expenses in `[start, end)`, newest first, for her list of entries."""
    found: list[Sale | Expense] = [Sale.model_validate(d) for d in _sale_docs(store, participant_id, start, end)]
    found += [Expense.model_validate(d) for d in _expense_docs(store, participant_id, start, end)]
    return sorted(found, key=lambda e: (e.at, e.id), reverse=True)


def _summarise(sales: Iterable[dict[str, Any]], expenses: Iterable[dict[str, Any]]) -> Summary:
    revenue = hpp = owed = count = 0
    for doc in sales:
        total = _total(doc)
        revenue += total
        hpp += rupiah(Decimal(doc['quantity']) * doc.get('unit_hpp', 0))
        owed += 0 if doc.get('paid', True) else total - doc.get('paid_amount', 0)
        count += 1
    spent = [doc['amount'] for doc in expenses]
    return Summary(revenue, hpp, sum(spent), count, len(spent), owed)


def _total(doc: dict[str, Any]) -> int:
    return rupiah(Decimal(doc['quantity']) * doc['unit_price'])  # as `Sale.total`, without a model per sale


def _at(doc: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(doc['at'])


def _sale_docs(store: Store, participant_id: str, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    return _docs_between(store, Sale, participant_id, start, end)


def _expense_docs(store: Store, participant_id: str, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    return _docs_between(store, Expense, participant_id, start, end)


def _docs_between(
    store: Store, model: type[Record], participant_id: str, start: dt.datetime, end: dt.datetime
) -> list[dict[str, Any]]:
    docs = []
    for month in _months(start.date() - dt.timedelta(days=1), end.date() + dt.timedelta(days=1)):
        for doc in store.raw_by_index(model, 'participant_month', (participant_id, month)):
            if not doc.get('deleted') and start <= _at(doc) < end:
                docs.append(doc)
    return docs


def _months(first: dt.date, last: dt.date) -> list[str]:
    """`YYYY-MM` of every month from `first` to `last`, both included."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f'{year:04d}-{month:02d}')
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# ---- WhatsApp ------------------------------------------------------------------------------------


def wa_link(phone: str, text: str = '') -> str | None:
    """`https://wa.me/6281…?text=…` for an Indonesian mobile number (`08…` → `628…`); None for a bad number."""
    try:
        local = normalise_phone(phone)
    except ValueError:
        return None
    link = f'https://wa.me/62{local[1:]}'
    return f'{link}?text={quote(text, safe="")}' if text else link


def wa_reminder(sale: Sale, owed: int, lang: str = 'id', *, product: str = '', tz: dt.tzinfo = WIB) -> str | None:
    """A polite reminder to her buyer, ready to send; None when she has no number for the buyer."""
    if not sale.buyer_phone or owed <= 0:
        return None
    day = format_date(sale.at.astimezone(tz).date(), format='long', locale=LOCALES.get(lang, 'id_ID'))
    key = 'wa.reminder' if product else 'wa.reminder_no_product'
    text = _text(key, lang, buyer=sale.buyer or '', product=product, date=day, amount=format_rupiah(owed))
    return wa_link(sale.buyer_phone, text)


def price_list_text(products: Iterable[Product], shop: Shop | None = None, lang: str = 'id', link: str = '') -> str:
    """Her price list as a WhatsApp message (`*bold*` title, one line a product; never the HPP)."""
    lines = [f'*{shop.name}*' if shop else f'*{_text("wa.price_list", lang)}*']
    if shop and shop.about:
        lines.append(shop.about)
    if shop:
        lines.append(_text('wa.price_list', lang))
    for product in products:
        lines.append(f'• {product.name}: {format_rupiah(product.price)} / {product.unit.value}')
    if shop and shop.wa_number:
        lines.append(_text('wa.order_here', lang, link=wa_link(shop.wa_number) or ''))
    if link:
        lines.append(_text('wa.see_catalog', lang, link=link))
    return '\n'.join(lines)


def _text(key: str, lang: str, **params: Any) -> str:
    """The store cannot ask the UI's translations; it reads its own part of them (`<lang>/wa.json`)."""
    texts = _texts(lang if lang in LOCALES else 'id')
    return texts.get(key, _texts('id')[key]).format(**params)


@cache
def _texts(lang: str) -> dict[str, str]:
    loaded: dict[str, str] = json.loads((TEXTS / lang / 'wa.json').read_text(encoding='utf-8'))
    return loaded


# ---- her public shop -----------------------------------------------------------------------------


async def save_shop(store: Store, participant_id: str, form: ShopForm) -> Shop:
    """Open or change her shop. The slug must be free (`slug_taken`); the products hers (`not_yours`).

    Left empty, the order number is her own phone only if she chose to show her phone; with her phone
    hidden, her own number is never kept as the order number (it would show in every order link).
    """

    def stage(tx: Tx) -> Shop:
        participant = tx.get(Participant, participant_id)
        if participant is None:
            raise DomainError('not_found')
        if store.ids(Shop, 'slug', form.slug) - {participant_id}:
            raise DomainError('slug_taken', slug=form.slug)
        mine = {p.id: p for p in _products_in(tx, store, participant_id)}
        ids = sorted(mine, key=lambda i: mine[i].name.lower()) if form.product_ids is None else form.product_ids
        if set(ids) - set(mine):
            raise DomainError('not_yours')
        wa_number = form.wa_number or (participant.phone if form.show_phone else '')
        if not form.show_phone and wa_number == participant.phone:
            wa_number = ''  # her phone is shown (an order link holds the number) only while she chooses so
        fields = form.model_dump(exclude={'product_ids', 'wa_number'})
        shop = Shop(id=participant_id, **fields, wa_number=wa_number, product_ids=list(dict.fromkeys(ids)))
        tx.put(shop)
        return shop

    return await store.transact(stage)


def shop_of(store: Store, participant_id: str) -> Shop | None:
    return store.get(Shop, participant_id)


def shop_by_slug(store: Store, slug: str) -> Shop | None:
    """Her shop by its address, active or not (the public page asks `public_shop`)."""
    ids = store.ids(Shop, 'slug', (slug or '').strip().lower())
    return store.get(Shop, next(iter(ids))) if ids else None


async def set_shop_active(store: Store, participant_id: str, active: bool) -> Shop:
    """Open or close her shop to the public; `not_found` before she has one."""

    def stage(tx: Tx) -> Shop:
        shop = tx.get(Shop, participant_id)
        if shop is None:
            raise DomainError('not_found')
        updated = _changed(shop, active=active)
        tx.put(updated)
        return updated

    return await store.transact(stage)


@dataclass(frozen=True)
class PublicProduct:
    name: str
    unit: Unit
    price: int


@dataclass(frozen=True)
class PublicShop:
    """Everything `/toko/<slug>` may show: her name, phone and village only as she chose; never an HPP."""

    slug: str
    name: str
    about: str
    products: list[PublicProduct]
    order_link: str | None
    owner_name: str | None = None
    owner_phone: str | None = None
    owner_village: str | None = None


def public_shop(store: Store, slug: str, lang: str = 'id') -> PublicShop | None:
    """Her shop as the public sees it; None when there is no such shop or she closed it."""
    shop = shop_by_slug(store, slug)
    if shop is None or not shop.active:
        return None
    participant = store.get(Participant, shop.id)
    products = [p for p in (store.get(Product, i) for i in shop.product_ids) if p and p.participant_id == shop.id]
    return PublicShop(
        slug=shop.slug,
        name=shop.name,
        about=shop.about,
        products=[PublicProduct(p.name, p.unit, p.price) for p in products],
        order_link=wa_link(shop.wa_number, _text('wa.order', lang, shop=shop.name)) if shop.wa_number else None,
        owner_name=participant.name if participant and shop.show_name else None,
        owner_phone=(participant.phone or None) if participant and shop.show_phone else None,
        owner_village=(participant.village or None) if participant and shop.show_village else None,
    )


def _products_in(tx: Tx, store: Store, participant_id: str) -> list[Product]:
    found = (tx.get(Product, i) for i in store.ids(Product, 'participant', participant_id))
    return [p for p in found if p is not None and p.participant_id == participant_id]


# ---- a KWT's group ledger ------------------------------------------------------------------------


async def record_harvest(store: Store, actor: Account, harvest: Harvest) -> Saved[Harvest]:
    """A member's picked kilos, written by her, another member (the group's book-keeper) or the staff.

    The harvest's id is the client's id: a retry saves nothing twice. She must be a member (`not_a_member`).
    """

    def check(tx: Tx, group: Group) -> None:
        if harvest.participant_id not in group.member_ids:
            raise DomainError('not_a_member')

    return await _record_for_group(store, actor, harvest, check)


async def record_group_sale(store: Store, actor: Account, sale: GroupSale) -> Saved[GroupSale]:
    """The group's sale of pooled chili; members and the group's staff may write it."""
    return await _record_for_group(store, actor, sale)


async def record_group_expense(store: Store, actor: Account, expense: GroupExpense) -> Saved[GroupExpense]:
    return await _record_for_group(store, actor, expense)


GroupRecord = TypeVar('GroupRecord', Harvest, GroupSale, GroupExpense)


async def _record_for_group(
    store: Store, actor: Account, record: GroupRecord, check: Callable[[Tx, Group], None] | None = None
) -> Saved[GroupRecord]:
    model = type(record)
    stamped = _changed(record, recorded_by=actor.id)

    def stage(tx: Tx) -> Saved[GroupRecord]:
        existing = tx.get(model, record.id)
        if existing is not None:
            if existing.group_id != record.group_id:
                raise DomainError('duplicate_id')
            return Saved('duplicate', existing)
        group = tx.get(Group, record.group_id)
        if group is None:
            raise DomainError('not_found')
        _may_write_for(tx, actor, group)
        if check is not None:
            check(tx, group)
        tx.put(stamped)
        return Saved('applied', stamped)

    return await store.transact(stage)


def _may_write_for(tx: Tx, actor: Account, group: Group) -> None:
    if actor.role == Role.COORDINATOR:
        return
    if actor.role == Role.INSTRUCTOR:
        programme = tx.get(Programme, group.programme_id) if group.programme_id else None
        if programme is not None and actor.id in programme.instructor_ids:
            return
    elif actor.participant_id and actor.participant_id in group.member_ids:
        return
    raise DomainError('not_in_group')


@dataclass(frozen=True)
class MemberShare:
    participant_id: str
    name: str
    kg: Decimal
    share: int  # whole rupiah of the group's net income


@dataclass(frozen=True)
class GroupLedger:
    """A KWT's period: what it harvested, sold and spent, and each member's share of the net income.

    The rule: the net (group sales − group costs of the period) is shared in proportion to the kilos each
    member harvested in the same period, in whole rupiah, by largest remainder, so the shares add up to the
    net exactly. Kilos picked near the end of a period may be sold in the next; choose periods that close
    after the last sale (a month, a season) for a fair split.
    """

    group_id: str
    start: dt.date
    end: dt.date
    harvested_kg: Decimal
    sold_kg: Decimal
    revenue: int
    expenses: int
    members: list[MemberShare] = field(default_factory=list)

    @property
    def net(self) -> int:
        return self.revenue - self.expenses


def group_ledger(store: Store, group_id: str, start: dt.date, end: dt.date) -> GroupLedger:
    """The group's harvests, sales, costs and members' shares for the days `[start, end)`."""
    group = store.get(Group, group_id)
    if group is None:
        raise DomainError('not_found')
    harvests = [Harvest.model_validate(d) for d in _group_docs(store, Harvest, group_id, start, end)]
    sales = [GroupSale.model_validate(d) for d in _group_docs(store, GroupSale, group_id, start, end)]
    expenses = [GroupExpense.model_validate(d) for d in _group_docs(store, GroupExpense, group_id, start, end)]
    kg: dict[str, Decimal] = dict.fromkeys(group.member_ids, Decimal(0))
    for harvest in sorted(harvests, key=lambda h: (h.date, h.id)):
        kg[harvest.participant_id] = kg.get(harvest.participant_id, Decimal(0)) + harvest.kg
    revenue, spent = sum(s.total for s in sales), sum(e.amount for e in expenses)
    shares = shares_by_weight(revenue - spent, kg)
    names = {p: person.name for p in kg if (person := store.get(Participant, p)) is not None}
    members = [MemberShare(p, names.get(p, '?'), kg[p], shares[p]) for p in kg]
    return GroupLedger(
        group_id=group_id,
        start=start,
        end=end,
        harvested_kg=sum(kg.values(), Decimal(0)),
        sold_kg=sum((s.kg for s in sales), Decimal(0)),
        revenue=revenue,
        expenses=spent,
        members=members,
    )


def _group_docs(store: Store, model: type[Record], group_id: str, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    docs = []
    for month in _months(start, end - dt.timedelta(days=1)):
        key: Hashable = (group_id, month)
        for doc in store.raw_by_index(model, 'group_month', key):
            if start <= dt.date.fromisoformat(doc['date']) < end:
                docs.append(doc)
    return docs
