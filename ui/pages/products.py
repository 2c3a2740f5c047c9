"""Her products (`/usaha/produk`): name, unit, price and HPP; add, change, remove."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from models.base import DomainError, new_id
from models.business import Product, Unit
from models.permissions import is_trainee
from store.products import delete_product, her_products, save_product

from ..auth import acting
from ..format import format_rupiah, unit_name, unit_options
from ..forms import notify_error, show_errors, validate
from ..frame import business_page
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, IconButton, MoneyInput, Sheet, TapButton
from .business import no_products_text
from .product_photos import PhotosField


async def products_page() -> None:
    with business_page('business.products', 'business.products_hint') as participant_id:
        ProductsScreen(participant_id)


class ProductsScreen:
    def __init__(self, participant_id: str) -> None:
        self.participant_id = participant_id
        self.listing()
        TapButton(t('business.new_product'), 'add', lambda: self.editor(None), mark='new-product').classes('full-width')

    @ui.refreshable_method
    def listing(self) -> None:
        products = her_products(runtime.store, self.participant_id)
        if not products:
            ui.label(no_products_text(self.participant_id)).classes('text-body2 text-grey-8').mark('no-products')
        for product in products:
            with ui.card().classes('full-width q-pa-sm').mark(f'product-{product.id}'):
                with ui.row().classes('items-center no-wrap full-width'):
                    if product.photos:  # her cover photo, small
                        ui.image(f'/media/{product.photos[0].thumb}').classes('rounded-borders').style(
                            'width:48px;height:48px'
                        )
                    else:
                        ui.icon('cookie' if product.unit == Unit.PCS else 'inventory_2', color='primary', size='28px')
                    with ui.column().classes('col q-gutter-none'):
                        ui.label(product.name).classes('text-body1 text-weight-medium')
                        line = t(
                            'business.product_line',
                            price=format_rupiah(product.price), unit=unit_name(product.unit),
                            hpp=format_rupiah(product.hpp),
                        )  # fmt: skip
                        ui.label(line).classes('text-body2')
                    edit = lambda p=product: self.editor(p)  # noqa: E731
                    IconButton('edit', t('business.edit'), edit, mark=f'edit-product-{product.id}')

    def editor(self, product: Product | None) -> None:
        draft = product or Product.model_construct(
            id=new_id(), participant_id=self.participant_id, name='', unit=Unit.PCS, price=0, hpp=0, recipe_id=None
        )
        with Sheet() as sheet:
            fields: dict[str, Any] = {
                'name': ui.input(t('business.product_name'), value=draft.name).mark('product-name'),
                'unit': ui.select(unit_options(Unit), label=t('business.unit'), value=draft.unit.value).mark(
                    'product-unit'
                ),
                'price': MoneyInput(t('business.price'), draft.price or None).mark('product-price'),
                'hpp': MoneyInput(t('business.hpp'), draft.hpp).mark('product-hpp'),
            }
            for element in fields.values():
                element.props('outlined').classes('full-width')
            if product is not None:  # the list shows the new cover once the sheet closes (it lives in the list)
                PhotosField(self.participant_id, product.id)
                sheet.on('hide', self.listing.refresh)
            else:
                ui.label(t('photos.after_saving')).classes('text-body2 text-grey-7')
            CancelSave(
                sheet,
                lambda: self.save(sheet, fields, draft.id),
                mark='save-product',
                on_delete=(lambda: self.remove(sheet, draft.id)) if product is not None else None,
                delete_mark='delete-product',
            )
        sheet.open()

    async def save(self, sheet: Sheet, fields: dict[str, Any], product_id: str) -> None:
        if acting(is_trainee) is None:
            return
        edited = validate(Product, fields, id=product_id, participant_id=self.participant_id)
        if edited is None:
            return
        try:
            await save_product(runtime.store, self.participant_id, edited)
        except DomainError as error:
            if error.key == 'price_zero':  # said beside the price she typed
                show_errors(fields, {'price': t('error.price_zero')})
            else:
                notify_error(error)
            return
        sheet.close()
        self.listing.refresh()

    async def remove(self, sheet: Sheet, product_id: str) -> None:
        if acting(is_trainee) is None:
            return
        try:
            await delete_product(runtime.store, self.participant_id, product_id)
        except DomainError as error:
            notify_error(error, kind='warning')
            return
        sheet.close()
        self.listing.refresh()
