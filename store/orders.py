"""Her orders and customers: take an order (from her phone, exactly once, or from her shop's form), move it on,
finish it into sales, and what she must make on a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_UP, Decimal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from models.base import DomainError, new_id
from models.business import Amount, BuyerPhone, Channel, Product, Quantity, Sale, Shop, Unit
from models.money import format_rupiah
from models.orders import MAX_ITEMS, NEXT, OPEN, Delivery, Order, OrderItem, OrderStatus, paid_parts
from models.skills import IngredientUnit, Skill

from .customers import remember
from .engine import Store
from .saved import Saved, retried
from .tx import Tx

SHOP_ORDERS_A_DAY = 30  # open orders from one shop's public form in 24 hours; more are refused politely


class OrderLine(BaseModel):
    model_config = ConfigDict(extra='forbid')

    product_id: str = Field(min_length=1, max_length=100)
    quantity: Quantity
    unit_price: int | None = Field(default=None, gt=0)  # None: the product's price


class OrderForm(BaseModel):
    """An order as she (or a buyer on her shop) types it."""

    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    buyer: str = Field(min_length=2, max_length=80)
    buyer_phone: BuyerPhone = ''
    lines: list[OrderLine] = Field(min_length=1, max_length=MAX_ITEMS)
    due: AwareDatetime
    delivery: Delivery = Delivery.PICKUP
    address: str = Field(default='', max_length=200)
    note: str = Field(default='', max_length=300)
    dp: Amount = 0


async def record_order(
    store: Store, participant_id: str, form: OrderForm, client_id: str | None = None, *, from_shop: bool = False
) -> Saved[Order]:
    """Save her order once (a phone's retry with the same id changes nothing); its buyer is remembered as her
    customer. Products must be hers; prices default to theirs now; the DP cannot pass the total."""
    order_id = client_id or new_id()
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> Saved[Order]:
        if (earlier := retried(tx, Order, order_id, participant_id)) is not None:
            return earlier
        items = [_item(tx, participant_id, line) for line in form.lines]
        customer_id = remember(tx, store, participant_id, form.buyer, form.buyer_phone, now)
        fields = form.model_dump(exclude={'lines'})
        order = Order(
            id=order_id, participant_id=participant_id, customer_id=customer_id, items=items,
            from_shop=from_shop, created_at=now, **fields,
        )  # fmt: skip
        tx.put(order)
        return Saved('applied', order)

    return await store.transact(stage)


async def set_status(
    store: Store, participant_id: str, order_id: str, status: OrderStatus, *, reason: str = ''
) -> Order:
    """Move her order on (`order_step` when that step is not open to it); selesai makes its sales, batal
    needs a reason."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> Order:
        order = tx.get(Order, order_id)
        if order is None or order.participant_id != participant_id:
            raise DomainError('not_found')
        if status not in NEXT[order.status]:
            raise DomainError('order_step', status=order.status.value)
        if status == OrderStatus.CANCELLED and not reason.strip():
            raise DomainError('reason_required')
        sale_ids = _finish(tx, order, now) if status == OrderStatus.DONE else []
        changed = order.model_copy(update={'status': status, 'cancel_reason': reason.strip(), 'sale_ids': sale_ids})
        tx.put(Order.model_validate(changed.model_dump()))
        return changed

    return await store.transact(stage)


async def set_dp(store: Store, participant_id: str, order_id: str, dp: int) -> Order:
    """The down payment she has received on her open order, as it stands now (a web order comes in with none; the
    buyer pays it by her QRIS later): from Rp 0 up to the order's total. Saying the same amount again changes
    nothing, so a retry is harmless."""
    if isinstance(dp, bool) or not isinstance(dp, int) or dp < 0:
        raise DomainError('bad_amount')

    def stage(tx: Tx) -> Order:
        order = tx.get(Order, order_id)
        if order is None or order.participant_id != participant_id:
            raise DomainError('not_found')
        if order.status not in OPEN:
            raise DomainError('order_step', status=order.status.value)
        if dp > order.total:
            raise DomainError('dp_over_total', total=format_rupiah(order.total))
        changed = Order.model_validate(order.model_dump() | {'dp': dp})
        if changed != order:
            tx.put(changed)
        return changed

    return await store.transact(stage)


def _finish(tx: Tx, order: Order, now: dt.datetime) -> list[str]:
    """Her sales of the order: one an item, the DP spread over them as paid; what is left owed by the buyer."""
    parts = paid_parts([item.total for item in order.items], order.dp)
    ids = []
    for number, (item, part) in enumerate(zip(order.items, parts, strict=True), start=1):
        product = tx.get(Product, item.product_id)
        if product is None or product.participant_id != order.participant_id:
            raise DomainError('order_product_gone', name=item.name)
        paid = part >= item.total
        sale = Sale(
            id=f'{order.id}.{number}', participant_id=order.participant_id, product_id=item.product_id,
            quantity=item.quantity, unit_price=item.unit_price, unit_hpp=product.hpp, channel=Channel.WHATSAPP,
            paid=paid, paid_amount=0 if paid else part, buyer=order.buyer, buyer_phone=order.buyer_phone, at=now,
        )  # fmt: skip
        tx.put(sale)
        ids.append(sale.id)
    return ids


def _item(tx: Tx, participant_id: str, line: OrderLine) -> OrderItem:
    product = tx.get(Product, line.product_id)
    if product is None or product.participant_id != participant_id:
        raise DomainError('not_yours')
    price = line.unit_price or product.price
    return OrderItem(product_id=product.id, name=product.name, quantity=line.quantity, unit_price=price)


def orders_of(store: Store, participant_id: str) -> list[Order]:
    """Her orders, soonest due first."""
    return sorted(store.by_index(Order, 'participant', participant_id), key=lambda o: (o.due, o.id))


def due_between(store: Store, participant_id: str, start: dt.datetime, end: dt.datetime) -> list[Order]:
    """Her open orders due in `[start, end)`."""
    return [o for o in orders_of(store, participant_id) if o.status in OPEN and start <= o.due < end]


def production_on(store: Store, participant_id: str, day: dt.date, tz: dt.tzinfo) -> dict[str, Decimal]:
    """How many of each product her orders due on `day` (where she is) still need made (not yet ready)."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    needed: dict[str, Decimal] = {}
    for order in due_between(store, participant_id, start, start + dt.timedelta(days=1)):
        if order.status == OrderStatus.READY:
            continue
        for item in order.items:
            needed[item.product_id] = needed.get(item.product_id, Decimal(0)) + item.quantity
    return needed


@dataclass(frozen=True)
class ToBuy:
    """An ingredient her recipe cards say the day's orders need, in the unit the recipe writes it."""

    name: str
    amount: Decimal
    unit: IngredientUnit


def ingredients_for(store: Store, needed: dict[str, Decimal]) -> list[ToBuy]:
    """What to buy for `needed` (product id → pieces), from the recipe card behind each product: its batch's
    ingredients × the batches the pieces take, summed by ingredient (a product without a card adds nothing)."""
    totals: dict[tuple[str, IngredientUnit], Decimal] = {}
    names: dict[tuple[str, IngredientUnit], str] = {}
    for product_id, pieces in needed.items():
        product = store.get(Product, product_id)
        skill = store.get(Skill, product.recipe_id) if product is not None and product.recipe_id else None
        card = skill.recipe if skill is not None else None
        if card is None or product is None or product.unit != Unit.PCS:  # a card yields pieces, not boxes or kilos
            continue
        batches = pieces / Decimal(card.yield_pieces)
        for item in card.ingredients:
            key = (item.name.casefold(), item.unit)
            totals[key] = totals.get(key, Decimal(0)) + item.amount * batches
            names.setdefault(key, item.name)
    return [
        ToBuy(names[key], amount.quantize(Decimal(1), rounding=ROUND_UP), key[1])  # whole eggs, packets, grams
        for key, amount in sorted(totals.items())
    ]


async def shop_order(store: Store, slug: str, form: OrderForm) -> Order:
    """An order a buyer sends from her shop: only products the shop shows, at their prices, no DP; refused
    when the shop is closed (`not_found`) or has taken its day's share of web orders (`shop_orders_full`)."""
    shop_ids = store.ids(Shop, 'slug', slug)
    shop = store.get(Shop, next(iter(shop_ids))) if shop_ids else None
    if shop is None or not shop.active:
        raise DomainError('not_found')
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    recent = [o for o in store.by_index(Order, 'participant', shop.id) if o.from_shop and o.created_at >= since]
    if sum(1 for o in recent if o.status in OPEN) >= SHOP_ORDERS_A_DAY:
        raise DomainError('shop_orders_full')
    if any(line.product_id not in shop.product_ids for line in form.lines):
        raise DomainError('not_found')
    lines = [line.model_copy(update={'unit_price': None}) for line in form.lines]
    clean = form.model_copy(update={'lines': lines, 'dp': 0, 'delivery': Delivery.PICKUP, 'address': ''})
    return (await record_order(store, shop.id, clean, from_shop=True)).record
