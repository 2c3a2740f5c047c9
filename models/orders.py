"""Orders (*pesanan*) a home baker takes days ahead (arisan, hajatan, Lebaran hampers), usually with a down
payment (DP), and the customers she takes them from.

An order moves baru → diterima → siap → selesai, or to batal (with a reason) from any state before selesai.
Finishing it makes her sales: the DP counts as paid, the rest is paid or owed as any unpaid sale.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from .base import Record
from .business import MAX_AMOUNT, Amount, BuyerPhone, Photo, PositiveAmount, Quantity, rupiah

MAX_ITEMS = 30  # kinds of kue on one order


class OrderStatus(StrEnum):
    NEW = 'baru'  # taken (or come in from her shop), not yet confirmed
    ACCEPTED = 'diterima'  # she confirmed it
    READY = 'siap'  # made, waiting to be picked up or delivered
    DONE = 'selesai'  # handed over: its sales are made
    CANCELLED = 'batal'


OPEN = frozenset({OrderStatus.NEW, OrderStatus.ACCEPTED, OrderStatus.READY})
NEXT: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.NEW: frozenset({OrderStatus.ACCEPTED, OrderStatus.READY, OrderStatus.DONE, OrderStatus.CANCELLED}),
    OrderStatus.ACCEPTED: frozenset({OrderStatus.READY, OrderStatus.DONE, OrderStatus.CANCELLED}),
    OrderStatus.READY: frozenset({OrderStatus.DONE, OrderStatus.CANCELLED, OrderStatus.ACCEPTED}),
    OrderStatus.DONE: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


class Delivery(StrEnum):
    PICKUP = 'ambil'  # the buyer picks it up
    DELIVERY = 'antar'  # she brings it


class OrderItem(BaseModel):
    """One kind of kue on the order, at the price agreed when it was taken."""

    model_config = ConfigDict(extra='forbid')

    product_id: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=80)  # as it was called then, for her book and the buyer's text
    quantity: Quantity
    unit_price: PositiveAmount

    @property
    def total(self) -> int:
        return rupiah(self.quantity * self.unit_price)


class Order(Record):
    participant_id: str  # the seller
    customer_id: str | None = None
    buyer: str = Field(min_length=2, max_length=80)
    buyer_phone: BuyerPhone = ''
    items: list[OrderItem] = Field(min_length=1, max_length=MAX_ITEMS)
    due: AwareDatetime  # when it must be ready: picked up or delivered
    delivery: Delivery = Delivery.PICKUP
    address: str = Field(default='', max_length=200)
    note: str = Field(default='', max_length=300)
    dp: Amount = 0  # the down payment received
    status: OrderStatus = OrderStatus.NEW
    cancel_reason: str = Field(default='', max_length=200)
    from_shop: bool = False  # came in through her shop's order form
    created_at: AwareDatetime
    sale_ids: list[str] = Field(default_factory=list)  # the sales finishing it made
    # the buyer's proof of transfer (her screenshot on WhatsApp), kept private: her name and bank are on it
    transfer_proof: Photo | None = None

    @model_validator(mode='after')
    def _consistent(self) -> Order:
        if self.total > MAX_AMOUNT:
            raise ValueError('bad_amount')
        if self.dp > self.total:
            raise ValueError('dp_over_total')
        if self.status == OrderStatus.CANCELLED and not self.cancel_reason:
            raise ValueError('reason_required')
        return self

    @property
    def total(self) -> int:
        return sum(item.total for item in self.items)

    @property
    def left(self) -> int:
        """What the buyer still pays when she gets it."""
        return self.total - self.dp

    def late(self, now: dt.datetime) -> bool:
        """Due within a day (or past due) and not ready yet: marked on her home."""
        return self.status in (OrderStatus.NEW, OrderStatus.ACCEPTED) and self.due - now <= dt.timedelta(hours=24)


def paid_parts(totals: list[int], dp: int) -> list[int]:
    """The DP spread over the order's items in their order: each item paid up to its total until it runs out."""
    parts, left = [], dp
    for total in totals:
        part = min(total, left)
        parts.append(part)
        left -= part
    return parts


class Customer(Record):
    """A buyer she sold to or took an order from, remembered for next time; hers alone (coordinators see
    totals, never buyers)."""

    participant_id: str
    name: str = Field(min_length=2, max_length=80)
    phone: BuyerPhone = ''
    created_at: AwareDatetime
