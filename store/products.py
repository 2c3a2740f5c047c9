"""Her product catalog: add or change a product, list hers, and take one out when nothing was sold of it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from models.base import DomainError
from models.business import MAX_PHOTOS, Photo, Product, Sale

from . import files, images
from .engine import Store
from .tx import Tx

PHOTO_SIDE = 1080  # px on the long side: sharp on a phone, and a link preview's image
THUMB_SIDE = 320  # px: her lists and the shop's grid


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
        kept = {'recipe_id': current.recipe_id, 'photos': current.photos} if current is not None else {}
        record = product.model_copy(update=kept)  # her recipe link and photos have their own operations
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


async def add_photo(store: Store, participant_id: str, product_id: str, upload: bytes) -> Photo:
    """A photo of her product from her camera or gallery: made 1080 px and 320 px, without metadata (no GPS
    of her home), kept by content (so backups carry it), added last. Refused: not her product (`not_yours`),
    already three photos (`photos_full`), not a picture or too big (store/images.py). Nothing is half-saved."""
    if len(_her_product(store, participant_id, product_id).photos) >= MAX_PHOTOS:
        raise DomainError('photos_full', most=MAX_PHOTOS)

    photo = await asyncio.to_thread(keep_photo, store.folder, upload)  # a 12-megapixel photo: off the event loop

    def added(product: Product) -> Product:
        if len(product.photos) >= MAX_PHOTOS:  # another phone added one meanwhile
            raise DomainError('photos_full', most=MAX_PHOTOS)
        return product.model_copy(update={'photos': [*product.photos, photo]})

    await _change_photos(store, participant_id, product_id, added)
    return photo


async def remove_photo(store: Store, participant_id: str, product_id: str, index: int) -> Product:
    """Take one photo off her product (its files stay: a backup or another product may name them)."""
    return await _change_photos(
        store, participant_id, product_id, lambda p: p.model_copy(update={'photos': _without(p.photos, index)})
    )


async def move_photo(store: Store, participant_id: str, product_id: str, index: int, to: int) -> Product:
    """Move a photo to place `to` (0 makes it the cover)."""

    def moved(product: Product) -> Product:
        photos = list(product.photos)
        if not (0 <= index < len(photos) and 0 <= to < len(photos)):
            raise DomainError('not_found')
        photos.insert(to, photos.pop(index))
        return product.model_copy(update={'photos': photos})

    return await _change_photos(store, participant_id, product_id, moved)


def keep_photo(data_folder: Path, upload: bytes) -> Photo:
    """A product photo made from `upload` (1080 px and 320 px, no metadata) and kept in the data folder; the
    product is not changed (blocking: call it off the event loop)."""
    full = images.prepare(upload, long_side=PHOTO_SIDE)
    thumb = images.prepare(full.data, long_side=THUMB_SIDE)
    return Photo(
        full=files.save(data_folder, full.data, full.extension),
        thumb=files.save(data_folder, thumb.data, thumb.extension),
        width=full.width,
        height=full.height,
    )


def _without(photos: list[Photo], index: int) -> list[Photo]:
    if not 0 <= index < len(photos):
        raise DomainError('not_found')
    return [photo for n, photo in enumerate(photos) if n != index]


def _her_product(store: Store, participant_id: str, product_id: str) -> Product:
    product = store.get(Product, product_id)
    if product is None or product.participant_id != participant_id:
        raise DomainError('not_yours')
    return product


async def _change_photos(
    store: Store, participant_id: str, product_id: str, change: Callable[[Product], Product]
) -> Product:
    def stage(tx: Tx) -> Product:
        product = tx.get(Product, product_id)
        if product is None or product.participant_id != participant_id:
            raise DomainError('not_yours')
        record = change(product)
        tx.put(record)
        return record

    return await store.transact(stage)
