"""Her QRIS on her shop's settings (`/usaha/toko`): the picture her bank gave her, uploaded, seen as buyers will see
it on her shop and after they order, replaced or taken off. Optional: a shop without one takes orders as before."""

from __future__ import annotations

from nicegui import events, ui

from models.base import DomainError
from models.business import Qris
from models.permissions import is_trainee
from store.qris import remove_qris, set_qris
from store.shop import shop_of

from ..auth import acting
from ..forms import notify_error, written
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, PictureUpload, Sheet, TapButton, named


class QrisField(ui.column):
    def __init__(self, participant_id: str) -> None:
        """Her QRIS: shown with Ganti and Hapus once she has one, an upload before; asks her to save her shop first
        while she has none (the QRIS is her shop's)."""
        super().__init__()
        self.participant_id = participant_id
        self.classes('full-width gap-1').mark('qris')
        self.show()

    def show(self) -> None:
        shop = shop_of(runtime.store, self.participant_id)
        self.clear()
        with self:
            ui.label(t('qris.title')).classes('text-subtitle2')
            if shop is None:
                ui.label(t('qris.shop_first')).classes('text-body2 text-grey-8').mark('qris-shop-first')
                return
            if shop.qris is None:
                ui.label(t('qris.hint')).classes('text-body2 text-grey-8')
            else:
                self.picture(shop.qris)
            PictureUpload(t('qris.replace' if shop.qris else 'qris.upload'), self.received, mark='upload-qris')
            if shop.qris is not None:
                TapButton(t('qris.remove'), 'delete', self.ask_remove, look='flat', colour='negative',
                          mark='remove-qris')  # fmt: skip

    def picture(self, qris: Qris) -> None:
        """Her QRIS as buyers get it (the same file), small enough to leave room for the rest of her settings."""
        image = ui.image(f'/media/{qris.file}').classes('rounded-borders').style('width:200px;max-width:100%')
        image.props['ratio'] = qris.width / qris.height
        named(image, t('qris.alt')).mark('qris-image')
        ui.label(t('qris.shown')).classes('text-body2 text-grey-8')

    async def received(self, event: events.UploadEventArguments) -> None:
        if acting(is_trainee) is None:
            return
        data = await event.file.read()
        try:
            await set_qris(runtime.store, self.participant_id, data)
        except DomainError as error:
            notify_error(error)
        else:
            ui.notify(t('qris.saved'), type='positive')
        self.show()

    def ask_remove(self) -> None:
        with Sheet(t('qris.remove_title')) as sheet:
            ui.label(t('qris.remove_says')).classes('text-body2')

            async def remove() -> None:
                if acting(is_trainee) is not None and await written(remove_qris(runtime.store, self.participant_id)):
                    sheet.close()
                    ui.notify(t('qris.removed'), type='positive')
                    self.show()

            CancelSave(sheet, remove, mark='confirm-remove-qris', label=t('qris.remove'), icon='delete',
                       colour='negative')  # fmt: skip
        sheet.open()
