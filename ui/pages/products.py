"""Her products (`/usaha/produk`): name, unit, price and HPP; add, change, remove."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from nicegui import ui

from models.account import Role
from models.base import DomainError, new_id
from models.business import Product, Unit
from models.permissions import is_trainee
from store.products import delete_product, her_products, save_product

from ..auth import acting, page_user
from ..format import format_rupiah
from ..forms import notify_error, show_errors, validate
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, IconButton, Sheet, back_button

TRAINEE = Role.TRAINEE


async def products_page() -> Response | None:
    await runtime.ready()
    account = page_user()
    participant_id = account.participant_id or ''
    with frame('business.products', active='/usaha'):
        back_button('/usaha')
        ui.label(t('business.products')).classes('text-h5 text-weight-bold')
        ui.label(t('business.products_hint')).classes('text-body2 text-grey-8')

        @ui.refreshable
        def listing() -> None:
            for product in her_products(runtime.store, participant_id):
                with ui.card().classes('full-width q-pa-sm').mark(f'product-{product.id}'):
                    with ui.row().classes('items-center no-wrap full-width'):
                        ui.icon('cookie' if product.unit == Unit.PCS else 'inventory_2', color='primary', size='28px')
                        with ui.column().classes('col q-gutter-none'):
                            ui.label(product.name).classes('text-body1 text-weight-medium')
                            ui.label(
                                t(
                                    'business.product_line',
                                    price=format_rupiah(product.price),
                                    unit=product.unit.value,
                                    hpp=format_rupiah(product.hpp),
                                )
                            ).classes('text-body2')
                        IconButton(
                            'edit', t('business.edit'), lambda p=product: editor(p), mark=f'edit-product-{product.id}'
                        )

        def editor(product: Product | None) -> None:
            draft = product or Product.model_construct(
                id=new_id(), participant_id=participant_id, name='', unit=Unit.PCS, price=0, hpp=0, recipe_id=None
            )
            with Sheet() as dialog:
                fields: dict[str, Any] = {
                    'name': ui.input(t('business.product_name'), value=draft.name).mark('product-name'),
                    'unit': ui.select([u.value for u in Unit], label=t('business.unit'), value=draft.unit.value).mark(
                        'product-unit'
                    ),
                    'price': ui.number(
                        t('business.price'), value=draft.price or None, min=0, step=500, format='%.0f', prefix='Rp'
                    )
                    .props('inputmode=numeric')
                    .mark('product-price'),
                    'hpp': ui.number(t('business.hpp'), value=draft.hpp, min=0, step=100, format='%.0f', prefix='Rp')
                    .props('inputmode=numeric')
                    .mark('product-hpp'),
                }
                for element in fields.values():
                    element.props('outlined').classes('full-width')

                async def save() -> None:
                    if acting(is_trainee) is None:
                        return
                    edited = validate(Product, fields, id=draft.id, participant_id=participant_id)
                    if edited is None:
                        return
                    try:
                        await save_product(runtime.store, participant_id, edited)
                    except DomainError as error:
                        if error.key == 'price_zero':
                            show_errors(fields, {'price': t('error.price_zero')})
                        else:
                            notify_error(error)
                        return
                    dialog.close()
                    listing.refresh()

                async def remove() -> None:
                    if acting(is_trainee) is None:
                        return
                    try:
                        await delete_product(runtime.store, participant_id, draft.id)
                    except DomainError as error:
                        notify_error(error, kind='warning')
                        return
                    dialog.close()
                    listing.refresh()

                CancelSave(
                    dialog,
                    save,
                    mark='save-product',
                    on_delete=remove if product else None,
                    delete_mark='delete-product',
                )
            dialog.open()

        ui.button(t('business.new_product'), icon='add', on_click=lambda: editor(None)).props(
            'unelevated color=primary no-caps'
        ).classes('tap full-width').mark('new-product')
        listing()
    return None
