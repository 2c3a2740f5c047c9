"""Her bank's QRIS code on her shop: she uploads the picture her bank gave her, and her shop and the page a buyer sees
after ordering show it, so the buyer can pay the DP; she replaces or removes it.

Kept as a lossless PNG of at most QRIS_SIDE px on its long side (store/images.prepare_code): a QR code shrunk to a
thumbnail or blurred by JPEG may no longer scan. It is public by purpose (a buyer scans it), so it lives with the
shop's photos and is served at `/media`; backups carry it as they carry them.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from models.base import DomainError
from models.business import Qris, Shop

from . import files, images
from .engine import Store
from .saved import changed

QRIS_SIDE = 1080  # px on the long side: a phone held to a screen or a print scans it; a bigger one only weighs more


async def set_qris(store: Store, participant_id: str, upload: bytes) -> Qris:
    """Put (or replace) the QRIS on her shop. Refused: not a picture or too big (store/images.py), no shop yet
    (`not_found`). The file is kept before the shop names it, so a crash leaves at most a file nobody names."""
    if store.get(Shop, participant_id) is None:
        raise DomainError('not_found')
    qris = await asyncio.to_thread(keep_qris, store.folder, upload)
    await store.update(Shop, participant_id, lambda shop: changed(shop, qris=qris))
    return qris


async def remove_qris(store: Store, participant_id: str) -> Shop:
    """Take the QRIS off her shop (its file stays: a backup may name it)."""
    return await store.update(Shop, participant_id, lambda shop: changed(shop, qris=None))


def keep_qris(data_folder: Path, upload: bytes) -> Qris:
    """A QRIS made from `upload` (lossless PNG, no metadata) and kept in the data folder (blocking)."""
    picture = images.prepare_code(upload, long_side=QRIS_SIDE)
    return Qris(file=files.save(data_folder, picture.data, picture.extension), width=picture.width,
                height=picture.height)  # fmt: skip
