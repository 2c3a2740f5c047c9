"""Her customers: the buyers she sold to or took an order from, remembered by their phone number (or, without
one, their name), with what they bought and what they still owe. Hers alone: nobody else's page or export
reads this module (coordinators see her totals, never her buyers).

A sale names its buyer as she typed it (`buyer`, `buyer_phone`); the `sales/buyer` index finds a customer's
sales by the same key a customer has (`schema.buyer_key`), so her customer's page reads only that buyer's sales.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from models.base import DomainError
from models.business import BuyerPhone, Sale
from models.orders import OPEN, Customer, Order

from .engine import Store
from .saved import changed
from .schema import buyer_key
from .tx import Tx


class CustomerForm(BaseModel):
    """Her customer as she corrects it: a name of 2 to 80 letters, a phone number or none."""

    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    name: str = Field(min_length=2, max_length=80)
    phone: BuyerPhone = ''


def remember(tx: Tx, store: Store, participant_id: str, name: str, phone: str, now: dt.datetime) -> str | None:
    """Her customer with this phone (or, without one, this name); a new one the first time. A customer she
    knew by name alone gets the phone the first time she writes one. None for a name too short to keep."""
    name = name.strip()
    if len(name) < 2:
        return None
    key = buyer_key(name, phone)
    same_name = None
    for customer in store.by_index(Customer, 'participant', participant_id):
        if buyer_key(customer.name, customer.phone) == key:
            return customer.id
        if phone and not customer.phone and customer.name.casefold() == name.casefold():
            same_name = customer
    if same_name is not None:  # her sales to the name alone go with the number now
        for doc in store.raw_by_index(Sale, 'buyer', (participant_id, buyer_key(same_name.name, ''))):
            tx.put(changed(Sale.model_validate(doc), buyer_phone=phone))
        tx.put(changed(same_name, phone=phone))
        return same_name.id
    customer = Customer(participant_id=participant_id, name=name, phone=phone, created_at=now)
    tx.put(customer)
    return customer.id


@dataclass(frozen=True)
class CustomerLine:
    """One customer on her list: what she bought in all, what she still owes, her orders still open."""

    customer: Customer
    bought: int
    owed: int
    sales: int
    open_orders: int
    last: dt.datetime | None


@dataclass(frozen=True)
class History:
    """One customer's page: her sales (newest first) and orders (soonest due first)."""

    line: CustomerLine
    sales: list[Sale]
    orders: list[Order]


def customers_of(store: Store, participant_id: str) -> list[Customer]:
    """Her customers by name."""
    return sorted(store.by_index(Customer, 'participant', participant_id), key=lambda c: c.name.casefold())


def customer_book(store: Store, participant_id: str) -> list[CustomerLine]:
    """Her customers, who owes most first, then who bought last."""
    orders = store.by_index(Order, 'participant', participant_id)
    lines = [_line(c, _sale_docs(store, c), orders) for c in customers_of(store, participant_id)]
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(lines, key=lambda line: (-line.owed, -(line.last or oldest).timestamp(), line.customer.name))


def history(store: Store, participant_id: str, customer_id: str) -> History:
    """Her customer's sales and orders; `not_found` for a customer that is not hers."""
    customer = _hers(store, participant_id, customer_id)
    docs = _sale_docs(store, customer)
    orders = [o for o in store.by_index(Order, 'participant', participant_id) if o.customer_id == customer.id]
    sales = sorted((Sale.model_validate(doc) for doc in docs), key=lambda s: (s.at, s.id), reverse=True)
    return History(_line(customer, docs, orders), sales, sorted(orders, key=lambda o: (o.due, o.id)))


async def update_customer(store: Store, participant_id: str, customer_id: str, form: CustomerForm) -> Customer:
    """Correct her customer's name or phone; her sales and orders to that buyer say the new name with it, so
    what she bought stays with her. Refused (`customer_exists`) when another customer of hers is that buyer."""

    def stage(tx: Tx) -> Customer:
        customer = _hers(store, participant_id, customer_id)
        key = buyer_key(form.name, form.phone)
        for other in store.by_index(Customer, 'participant', participant_id):
            if other.id != customer.id and buyer_key(other.name, other.phone) == key:
                raise DomainError('customer_exists', name=other.name)
        for doc in _sale_docs(store, customer):
            tx.put(changed(Sale.model_validate(doc), buyer=form.name, buyer_phone=form.phone))
        for order in store.by_index(Order, 'participant', participant_id):
            if order.customer_id == customer.id:
                tx.put(changed(order, buyer=form.name, buyer_phone=form.phone))
        updated = changed(customer, name=form.name, phone=form.phone)
        tx.put(updated)
        return updated

    return await store.transact(stage)


async def forget_customer(store: Store, participant_id: str, customer_id: str) -> Customer:
    """Take her customer off her list; her sales keep the buyer's name as she wrote it, and a later sale to
    the same buyer puts her back."""

    def stage(tx: Tx) -> Customer:
        customer = _hers(store, participant_id, customer_id)
        for order in store.by_index(Order, 'participant', participant_id):
            if order.customer_id == customer.id:
                tx.put(changed(order, customer_id=None))
        tx.delete(Customer, customer.id)
        return customer

    return await store.transact(stage)


def _hers(store: Store, participant_id: str, customer_id: str) -> Customer:
    customer = store.get(Customer, customer_id)
    if customer is None or customer.participant_id != participant_id:
        raise DomainError('not_found')
    return customer


def _sale_docs(store: Store, customer: Customer) -> list[dict[str, Any]]:
    key = (customer.participant_id, buyer_key(customer.name, customer.phone))
    return [doc for doc in store.raw_by_index(Sale, 'buyer', key) if not doc.get('deleted')]


def _line(customer: Customer, docs: list[dict[str, Any]], orders: list[Order]) -> CustomerLine:
    sales = [Sale.model_validate(doc) for doc in docs]
    return CustomerLine(
        customer=customer,
        bought=sum(s.total for s in sales),
        owed=sum(s.owed for s in sales),
        sales=len(sales),
        open_orders=sum(1 for o in orders if o.customer_id == customer.id and o.status in OPEN),
        last=max((s.at for s in sales), default=None),
    )
