"""Her sales, each saved once however often her phone retries, and the payments on those she sold on credit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.base import DomainError, new_id
from models.business import MAX_AMOUNT, Product, Sale, SaleForm, check_quantity, rupiah
from models.money import format_rupiah

from .customers import remember
from .engine import Store
from .saved import Saved, changed, retried, set_deleted, update_hers
from .tx import Tx

UTC = dt.UTC


async def record_sale(store: Store, participant_id: str, form: SaleForm, client_id: str | None = None) -> Saved[Sale]:
    """Save her sale once: the client's id (a phone's retry, the offline queue) becomes the sale's id.

    The product must be hers; the quantity fit its unit; the price defaults to the product's price, and the
    product's HPP now is frozen on the sale; a buyer she names is remembered as her customer. A second call
    with the same id changes nothing.
    """
    sale_id = client_id or new_id()

    def stage(tx: Tx) -> Saved[Sale]:
        if (earlier := retried(tx, Sale, sale_id, participant_id)) is not None:
            return earlier
        product = _her_product(tx, participant_id, form.product_id)
        sale = _sale(sale_id, participant_id, form, product, price=product.price, unit_hpp=product.hpp, paid_at=None)
        remember(tx, store, participant_id, sale.buyer, sale.buyer_phone, dt.datetime.now(UTC))
        tx.put(sale)
        return Saved('applied', sale)

    return await store.transact(stage)


async def update_sale(store: Store, participant_id: str, sale_id: str, form: SaleForm) -> Sale:
    """Correct her sale. The HPP stays as frozen unless she moved the sale to another product."""

    def corrected(tx: Tx, sale: Sale) -> Sale:
        product = _her_product(tx, participant_id, form.product_id)
        same = product.id == sale.product_id
        remember(tx, store, participant_id, form.buyer, form.buyer_phone, dt.datetime.now(UTC))
        return _sale(
            sale.id,
            participant_id,
            form,
            product,
            price=sale.unit_price if same else product.price,
            unit_hpp=sale.unit_hpp if same else product.hpp,
            paid_at=sale.paid_at,
        )

    return await update_hers(store, Sale, participant_id, sale_id, corrected)


async def delete_sale(store: Store, participant_id: str, sale_id: str) -> Sale:
    """Hide her sale from every report; `undo_delete_sale` brings it back."""
    return await set_deleted(store, Sale, participant_id, sale_id, True)


async def undo_delete_sale(store: Store, participant_id: str, sale_id: str) -> Sale:
    return await set_deleted(store, Sale, participant_id, sale_id, False)


async def pay(store: Store, participant_id: str, sale_id: str, amount: int, at: dt.datetime | None = None) -> Sale:
    """A payment on a sale she made on credit: all of what is owed, or part of it; never more (`overpaid`)."""
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT:
        raise DomainError('bad_amount')
    when = (at or dt.datetime.now(UTC)).astimezone(UTC)

    def paid(_: Tx, sale: Sale) -> Sale:
        if amount > sale.owed:
            raise DomainError('overpaid', owed=format_rupiah(sale.owed))
        paid_amount = sale.paid_amount + amount
        return changed(sale, paid_amount=paid_amount, paid=paid_amount == sale.total, paid_at=when)

    return await update_hers(store, Sale, participant_id, sale_id, paid)


@dataclass(frozen=True)
class Owed:
    sale: Sale
    owed: int
    since: dt.datetime  # when she sold it


def unpaid(store: Store, participant_id: str) -> list[Owed]:
    """Who still owes her, oldest debt first (read from the `owed` index, not her whole history)."""
    sales = [Sale.model_validate(doc) for doc in store.raw_by_index(Sale, 'owed', participant_id)]
    return [Owed(s, s.owed, s.at) for s in sorted(sales, key=lambda s: (s.at, s.id)) if s.owed > 0]


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


def _her_product(tx: Tx, participant_id: str, product_id: str) -> Product:
    product = tx.require(Product, product_id, 'unknown_product')
    if product.participant_id != participant_id:
        raise DomainError('not_yours')
    return product
