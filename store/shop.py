"""Her public shop: opening and changing it, and what `/toko/<slug>` may show of it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from models.base import DomainError
from models.business import Photo, Product, Qris, Shop, ShopForm, Unit
from models.participant import Participant

from .engine import Store
from .saved import changed
from .tx import Tx


async def save_shop(store: Store, participant_id: str, form: ShopForm) -> Shop:
    """Open or change her shop. The slug must be free (`slug_taken`); the products hers (`not_yours`). Left
    empty, the address is made from the shop's name (`Dapur Melati` → `dapur-melati`, `-2` when taken).

    The order number she types is kept as typed and used by the order button, whatever "show my phone" says
    (that switch only prints her phone on the page); left empty, the button uses her phone only while she
    shows it (`public_shop`).
    """

    def stage(tx: Tx) -> Shop:
        tx.require(Participant, participant_id)
        slug = form.slug or free_slug(store, form.name, participant_id)
        if store.ids(Shop, 'slug', slug) - {participant_id}:
            raise DomainError('slug_taken', slug=slug)
        mine = {p.id: p for p in _products_in(tx, store, participant_id)}
        ids = sorted(mine, key=lambda i: mine[i].name.lower()) if form.product_ids is None else form.product_ids
        if set(ids) - set(mine):
            raise DomainError('not_yours')
        fields = form.model_dump(exclude={'product_ids', 'slug'})
        kept = tx.get(Shop, participant_id)  # her QRIS has its own operations (store/qris.py)
        shop = Shop(id=participant_id, slug=slug, **fields, product_ids=list(dict.fromkeys(ids)),
                    qris=kept.qris if kept else None)  # fmt: skip
        tx.put(shop)
        return shop

    return await store.transact(stage)


def free_slug(store: Store, name: str, participant_id: str) -> str:
    """A shop address made from its name, free for her: `Dapur Melati` → `dapur-melati` (`dapur-melati-2`…)."""
    ascii_name = unicodedata.normalize('NFKD', name).encode('ascii', 'ignore').decode().lower()
    base = re.sub(r'[^a-z0-9]+', '-', ascii_name).strip('-')[:36].rstrip('-') or 'toko'
    base = base if len(base) >= 3 else f'toko-{base}'
    for n in range(1, 1000):
        slug = base if n == 1 else f'{base}-{n}'
        if not store.ids(Shop, 'slug', slug) - {participant_id}:
            return slug
    raise DomainError('slug_taken', slug=base)


def order_number(shop: Shop, participant: Participant | None) -> str | None:
    """Where the order button sends: the number she typed, else her own phone while she shows it."""
    if shop.wa_number:
        return shop.wa_number
    return (participant.phone or None) if participant is not None and shop.show_phone else None


def shop_of(store: Store, participant_id: str) -> Shop | None:
    return store.get(Shop, participant_id)


def shop_by_slug(store: Store, slug: str) -> Shop | None:
    """Her shop by its address, active or not (the public page asks `public_shop`)."""
    ids = store.ids(Shop, 'slug', (slug or '').strip().lower())
    return store.get(Shop, next(iter(ids))) if ids else None


async def set_shop_active(store: Store, participant_id: str, active: bool) -> Shop:
    """Open or close her shop to the public; `not_found` before she has one."""

    return await store.update(Shop, participant_id, lambda shop: changed(shop, active=active))


@dataclass(frozen=True)
class PublicProduct:
    id: str
    name: str
    unit: Unit
    price: int
    photos: tuple[Photo, ...] = ()  # the first is the cover


@dataclass(frozen=True)
class PublicShop:
    """Everything `/toko/<slug>` may show: her name, phone and village only as she chose; never an HPP."""

    slug: str
    name: str
    about: str
    products: list[PublicProduct]
    order_number: str | None  # her WhatsApp number for orders, when the shop has one
    owner_name: str | None = None
    owner_phone: str | None = None
    owner_village: str | None = None
    participant_id: str = ''  # whose shop (never shown): her zone dates a web order
    qris: Qris | None = None  # her bank's QRIS, for a buyer's DP


def public_shop(store: Store, slug: str) -> PublicShop | None:
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
        products=[PublicProduct(p.id, p.name, p.unit, p.price, tuple(p.photos)) for p in products],
        order_number=order_number(shop, participant),
        owner_name=participant.name if participant and shop.show_name else None,
        owner_phone=(participant.phone or None) if participant and shop.show_phone else None,
        owner_village=(participant.village or None) if participant and shop.show_village else None,
        participant_id=shop.id,
        qris=shop.qris,
    )


def _products_in(tx: Tx, store: Store, participant_id: str) -> list[Product]:
    found = (tx.get(Product, i) for i in store.ids(Product, 'participant', participant_id))
    return [p for p in found if p is not None and p.participant_id == participant_id]
