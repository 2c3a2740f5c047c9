"""Her product catalog: add or change a product, list hers, and take one out when nothing was sold of it."""

from __future__ import annotations

from models.base import DomainError
from models.business import Product, Sale

from .engine import Store
from .tx import Tx


async def save_product(store: Store, participant_id: str, product: Product) -> Product:
    """Add or change one of her products; someone else's product is refused as not hers, and a price of
    Rp 0 (a sale of it would count as nothing earned) as `price_zero`."""
    if product.participant_id != participant_id:
        raise DomainError('not_yours')
    if product.price <= 0:
        raise DomainError('price_zero')

    def stage(tx: Tx) -> Product:
        current = tx.get(Product, product.id)
        if current is not None and current.participant_id != participant_id:
            raise DomainError('not_yours')
        record = product if current is None else product.model_copy(update={'recipe_id': current.recipe_id})
        tx.put(record)
        return record

    return await store.transact(stage)


def her_products(store: Store, participant_id: str) -> list[Product]:
    return sorted(store.by_index(Product, 'participant', participant_id), key=lambda p: (p.name.lower(), p.id))


async def delete_product(store: Store, participant_id: str, product_id: str) -> None:
    """Only a product with no sales goes; one with sales stays, so her history keeps its names."""

    def stage(tx: Tx) -> None:
        product = tx.get(Product, product_id)
        if product is None or product.participant_id != participant_id:
            raise DomainError('not_yours')
        for doc in store.raw(_table(Sale)).values():
            if doc.get('product_id') == product_id and not doc.get('deleted'):
                raise DomainError('product_has_sales')
        tx.delete(Product, product_id)

    await store.transact(stage)


def _table(model: type[Sale]) -> str:
    from .schema import table_of

    return table_of(model)
