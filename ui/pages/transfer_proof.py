"""A buyer's proof of transfer on her order (`/usaha/pesanan`): the screenshot the buyer sent her on WhatsApp,
attached from her gallery, seen large with a tap, replaced or taken off; and the route that gives its picture to
her alone (`GET /usaha/pesanan/{order_id}/bukti`, `?kecil=1` for the card's thumbnail).

The picture shows the buyer's name and bank, so it is never at `/media` (anyone with the link): the route asks the
session whose order it is (models.permissions.may_see_transfer_proof) and answers anyone else as if there were
no such order; nothing keeps a copy (`no-store`), so a shared phone's next user finds none in its cache.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from nicegui import events, ui

from models.base import DomainError
from models.orders import Order
from models.permissions import is_trainee, may_see_transfer_proof
from store.transfer_proofs import attach_proof, proof_bytes, remove_proof

from ..auth import acting
from ..documents.download import plain_text
from ..forms import notify_error, written
from ..i18n import request_lang, t
from ..runtime import runtime
from ..widgets import PictureUpload, Sheet, TapButton, named


def proof_url(order: Order, *, small: bool = False) -> str:
    """Where her page fetches the proof; the file's name in the query, so a replaced proof is fetched anew."""
    assert order.transfer_proof is not None
    version = order.transfer_proof.thumb[:12]
    return f'/usaha/pesanan/{order.id}/bukti?{"kecil=1&" if small else ""}v={version}'


class ProofMark(ui.row):
    def __init__(self, order: Order, participant_id: str, changed: Callable[[], Any]) -> None:
        """On an order's card: the proof's thumbnail and a "Bukti transfer" mark, a tap to see it large; before
        there is one, a button to attach it. `changed` runs after she attaches, replaces or removes one."""
        super().__init__()
        self.order, self.participant_id, self.changed = order, participant_id, changed
        self.classes('items-center no-wrap full-width q-gutter-x-sm')
        with self:
            if order.transfer_proof is None:
                TapButton(t('proof.attach'), 'attach_file', self.open, look='flat', mark=f'attach-proof-{order.id}')
                return
            thumb = ui.image(proof_url(order, small=True)).classes('rounded-borders cursor-pointer')
            thumb.style('width:56px;height:56px').on('click', self.open)
            named(thumb, t('proof.enlarge')).mark(f'proof-thumb-{order.id}')
            TapButton(t('proof.mark'), 'receipt_long', self.open, look='flat', colour='green-9',
                      mark=f'proof-{order.id}')  # fmt: skip

    def open(self) -> None:
        ProofSheet(self.order, self.participant_id, self.changed)


class ProofSheet(Sheet):
    def __init__(self, order: Order, participant_id: str, changed: Callable[[], Any]) -> None:
        """The proof as large as her screen allows (and the file itself a tap further, to zoom), with Ganti and
        Hapus; or, before there is one, where she picks the buyer's screenshot."""
        super().__init__(t('proof.title', buyer=order.buyer))
        self.order, self.participant_id, self.changed = order, participant_id, changed
        with self:
            if order.transfer_proof is not None:
                full = proof_url(order)
                image = ui.image(full).classes('full-width rounded-borders cursor-pointer').mark('proof-full')
                image.style('height:60vh')  # a tall screenshot whole, with her buttons below it
                image.props['fit'] = 'contain'
                image.on('click', lambda: ui.navigate.to(full, new_tab=True))
                named(image, t('proof.alt', buyer=order.buyer))
            else:
                ui.label(t('proof.hint')).classes('text-body2 text-grey-8')
            label = t('proof.replace' if order.transfer_proof else 'proof.pick')
            PictureUpload(label, self.received, mark='upload-proof')
            with ui.row().classes('full-width justify-between'):
                if order.transfer_proof is not None:
                    TapButton(t('proof.remove'), 'delete', self.remove, look='flat', colour='negative',
                              mark='remove-proof')  # fmt: skip
                ui.space()
                TapButton(t('proof.close'), 'close', self.close, look='flat', mark='close-proof')
        self.open()

    async def received(self, event: events.UploadEventArguments) -> None:
        if acting(is_trainee) is None:
            return
        data = await event.file.read()
        try:
            await attach_proof(runtime.store, self.participant_id, self.order.id, data)
        except DomainError as error:
            notify_error(error)
            event.sender.reset()
            return
        self.close()
        ui.notify(t('proof.saved', buyer=self.order.buyer), type='positive')
        self.changed()

    async def remove(self) -> None:
        if acting(is_trainee) is not None and await written(
            remove_proof(runtime.store, self.participant_id, self.order.id)
        ):
            self.close()
            ui.notify(t('proof.removed'), type='positive')
            self.changed()


async def proof_file(request: Request, order_id: str) -> Response:
    """`GET /usaha/pesanan/{order_id}/bukti`: the proof's JPEG (`?kecil=1`: its thumbnail) to the seller whose order
    it is; 404 to any other trainee, as for an order that does not exist (the route table let in trainees only)."""
    store = await runtime.ready()
    lang = request_lang(request)
    order = store.get(Order, order_id) if len(order_id) <= 100 else None
    if order is None or order.transfer_proof is None or not may_see_transfer_proof(request.state.account, order):
        return plain_text(t('error.not_found', lang), 404)
    small = request.query_params.get('kecil') == '1'
    data = await asyncio.to_thread(proof_bytes, store.folder, order.transfer_proof, small=small)
    if data is None:
        return plain_text(t('error.not_found', lang), 404)
    return Response(data, media_type='image/jpeg', headers={'Cache-Control': 'private, no-store'})
