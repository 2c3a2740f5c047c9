"""A buyer's proof of transfer (the screenshot she sent on WhatsApp) attached to an order, seen and removed by the
seller alone.

It shows the buyer's name, bank and account, so it is kept in the data folder's private part (store/files.py),
which `/media` never serves: she fetches it through `/usaha/pesanan/{order_id}/bukti`, which asks whose order it is
(models.permissions.may_see_transfer_proof). Backups carry it as they carry every kept file.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from models.base import DomainError
from models.business import Photo
from models.orders import Order

from . import files, images
from .engine import Store
from .saved import changed, update_hers

PROOF_SIDE = 1920  # px on the long side: a tall screenshot's small print stays readable
THUMB_SIDE = 320  # her order's card


async def attach_proof(store: Store, participant_id: str, order_id: str, upload: bytes) -> Order:
    """Attach (or replace) the proof of transfer on her order. Refused: not her order (`not_yours`, `not_found`),
    not a picture or too big (store/images.py). Files first, then the order: nothing is half-saved."""
    order = store.get(Order, order_id)
    if order is None or order.participant_id != participant_id:
        raise DomainError('not_yours')
    proof = await asyncio.to_thread(keep_proof, store.folder, upload)  # a camera photo: off the event loop
    return await update_hers(store, Order, participant_id, order_id, lambda _, o: changed(o, transfer_proof=proof))


async def remove_proof(store: Store, participant_id: str, order_id: str) -> Order:
    """Take the proof off her order (its file stays in the private part: a backup may name it)."""
    return await update_hers(store, Order, participant_id, order_id, lambda _, o: changed(o, transfer_proof=None))


def keep_proof(data_folder: Path, upload: bytes) -> Photo:
    """A proof made from `upload` (JPEG, no metadata, and a thumbnail) and kept privately (blocking)."""
    full = images.prepare(upload, long_side=PROOF_SIDE)
    thumb = images.prepare(full.data, long_side=THUMB_SIDE)
    return Photo(
        full=files.save(data_folder, full.data, full.extension, private=True),
        thumb=files.save(data_folder, thumb.data, thumb.extension, private=True),
        width=full.width,
        height=full.height,
    )


def proof_bytes(data_folder: Path, proof: Photo, *, small: bool) -> bytes | None:
    """The proof's JPEG (its thumbnail with `small`), None when the file is gone (blocking)."""
    return files.read(data_folder, proof.thumb if small else proof.full, private=True)
