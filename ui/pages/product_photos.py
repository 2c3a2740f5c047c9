"""A product's photos on her product sheet: up to three, the first the cover; take one with the phone's camera or
pick one from its gallery, move one first, take one off."""

from __future__ import annotations

from nicegui import events, ui

from models.base import DomainError
from models.business import MAX_PHOTOS, Product
from models.permissions import is_trainee
from store.products import add_photo, move_photo, remove_photo

from ..auth import acting
from ..forms import notify_error, written
from ..i18n import t
from ..runtime import runtime
from ..widgets import IconButton, PictureUpload, named


class PhotosField:
    def __init__(self, participant_id: str, product_id: str) -> None:
        self.participant_id, self.product_id = participant_id, product_id
        ui.label(t('photos.title', most=MAX_PHOTOS)).classes('text-subtitle2')
        self.row = ui.row().classes('full-width q-gutter-sm items-start')
        # the camera or the gallery; one over 10 MB is refused on the phone with the server's words
        self.upload = PictureUpload(t('photos.add'), self.received, mark='upload-photo')
        self.show()

    def product(self) -> Product | None:
        return runtime.store.get(Product, self.product_id)

    def show(self) -> None:
        product = self.product()
        photos = product.photos if product else []
        self.row.clear()
        with self.row:
            if not photos:
                ui.label(t('photos.none')).classes('text-body2 text-grey-7')
            for index, photo in enumerate(photos):
                with ui.column().classes('items-center gap-0').mark(f'photo-{index}'):
                    image = ui.image(f'/media/{photo.thumb}').classes('rounded-borders').style('width:88px;height:88px')
                    named(image, t('photos.cover') if index == 0 else t('photos.number', number=index + 1))
                    with ui.row().classes('no-wrap gap-0'):
                        if index > 0:
                            first = lambda i=index: self.move_first(i)  # noqa: E731
                            IconButton('star', t('photos.make_cover'), first, mark=f'cover-photo-{index}')
                        drop = lambda i=index: self.remove(i)  # noqa: E731
                        IconButton('delete', t('photos.remove'), drop, mark=f'remove-photo-{index}', colour='negative')
        product_full = product is not None and len(photos) >= MAX_PHOTOS
        self.upload.set_visibility(not product_full)

    async def received(self, event: events.UploadEventArguments) -> None:
        self.upload.reset()
        if acting(is_trainee) is None:
            return
        data = await event.file.read()
        try:
            await add_photo(runtime.store, self.participant_id, self.product_id, data)
        except DomainError as error:
            notify_error(error)
            return
        ui.notify(t('photos.added'), type='positive')
        self.show()

    async def move_first(self, index: int) -> None:
        if acting(is_trainee) is not None and await written(
            move_photo(runtime.store, self.participant_id, self.product_id, index, 0)
        ):
            self.show()

    async def remove(self, index: int) -> None:
        if acting(is_trainee) is not None and await written(
            remove_photo(runtime.store, self.participant_id, self.product_id, index)
        ):
            self.show()
