"""Her products, who still owes her (with a WhatsApp reminder), and her shop: price list and public catalog."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Response
from nicegui import ui
from pydantic import ValidationError

from models.account import Account, Role
from models.base import DomainError, new_id
from models.business import Product, ShopForm, Unit
from models.participant import Participant
from store.business import her_products, pay, price_list_text, save_shop, shop_of, unpaid, wa_reminder, zone_of
from store.products import delete_product, save_product

from ..auth import page_account
from ..format import format_rupiah, short_date
from ..forms import field_errors, show_errors, validate
from ..frame import frame
from ..i18n import current_lang, t
from ..runtime import runtime
from ..widgets import back_button, named
from .business import her_account

TRAINEE = Role.TRAINEE


def register() -> None:
    ui.page('/usaha/produk')(products_page)
    ui.page('/usaha/piutang')(unpaid_page)
    ui.page('/usaha/toko')(shop_page)


async def products_page() -> Response | None:
    await runtime.ready()
    account = page_account(TRAINEE)
    if not isinstance(account, Account):
        return account
    participant_id = account.participant_id or ''
    with frame('business.products', active='/usaha', account=account):
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
                        named(
                            ui.button(icon='edit', on_click=lambda p=product: editor(p)).props(
                                'flat round color=primary'
                            ),
                            t('business.edit'),
                        ).classes('tap').mark(f'edit-product-{product.id}')

        def editor(product: Product | None) -> None:
            draft = product or Product.model_construct(
                id=new_id(), participant_id=participant_id, name='', unit=Unit.PCS, price=0, hpp=0, recipe_id=None
            )
            with ui.dialog() as dialog, ui.card().classes('full-width').style('max-width:440px'):
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
                    if her_account() is None:
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
                            ui.notify(t(f'error.{error.key}'), type='negative')
                        return
                    dialog.close()
                    listing.refresh()

                async def remove() -> None:
                    if her_account() is None:
                        return
                    try:
                        await delete_product(runtime.store, participant_id, draft.id)
                    except DomainError as error:
                        ui.notify(t(f'error.{error.key}'), type='warning')
                        return
                    dialog.close()
                    listing.refresh()

                with ui.row().classes('full-width justify-between'):
                    if product is not None:
                        ui.button(t('form.delete'), icon='delete', on_click=remove).props(
                            'flat color=negative'
                        ).classes('tap').mark('delete-product')
                    ui.button(t('form.cancel'), on_click=dialog.close).props('flat').classes('tap')
                    ui.button(t('form.save'), icon='save', on_click=save).props('unelevated color=primary').classes(
                        'tap'
                    ).mark('save-product')
            dialog.open()

        ui.button(t('business.new_product'), icon='add', on_click=lambda: editor(None)).props(
            'unelevated color=primary no-caps'
        ).classes('tap full-width').mark('new-product')
        listing()
    return None


async def unpaid_page() -> Response | None:
    store = await runtime.ready()
    account = page_account(TRAINEE)
    if not isinstance(account, Account):
        return account
    participant_id = account.participant_id or ''
    tz = zone_of(store, participant_id)
    with frame('business.owed_title', active='/usaha', account=account):
        back_button('/usaha')
        ui.label(t('business.owed_title')).classes('text-h5 text-weight-bold')

        @ui.refreshable
        def listing() -> None:
            owed = unpaid(runtime.store, participant_id)
            ui.label(
                t('business.owed_total', amount=format_rupiah(sum(o.owed for o in owed)), count=len(owed))
            ).classes('text-h6').mark('owed-total')
            if not owed:
                ui.label(t('business.nobody_owes')).classes('text-body1 text-grey-8')
            for item in owed:
                sale = item.sale
                product = runtime.store.get(Product, sale.product_id)
                with ui.card().classes('full-width q-pa-sm').mark(f'owed-{sale.id}'):
                    ui.label(sale.buyer or '?').classes('text-body1 text-weight-bold')
                    ui.label(
                        t(
                            'business.owed_line',
                            amount=format_rupiah(item.owed),
                            product=product.name if product else '?',
                            since=short_date(item.since.astimezone(tz).date()),
                        )
                    ).classes('text-body2')
                    with ui.row().classes('q-gutter-sm'):
                        ui.button(
                            t('business.mark_paid'),
                            icon='paid',
                            on_click=lambda s=sale, o=item.owed: pay_dialog(s.id, o),
                        ).props('unelevated color=primary no-caps').classes('tap').mark(f'pay-{sale.id}')
                        link = wa_reminder(
                            sale, item.owed, current_lang(), product=product.name if product else '', tz=tz
                        )
                        if link:
                            ui.button(
                                t('business.remind'),
                                icon='chat',
                                on_click=lambda url=link: ui.navigate.to(url, new_tab=True),
                            ).props('outline color=green-8 no-caps').classes('tap').mark(f'remind-{sale.id}')

        def pay_dialog(sale_id: str, owed: int) -> None:
            with ui.dialog() as dialog, ui.card().classes('full-width').style('max-width:400px'):
                ui.label(t('business.pay_title', amount=format_rupiah(owed))).classes('text-h6')
                amount = (
                    ui.number(t('business.amount'), value=owed, min=1, max=owed, step=1000, format='%.0f', prefix='Rp')
                    .props('outlined inputmode=numeric')
                    .classes('full-width')
                    .mark('pay-amount')
                )

                async def save() -> None:
                    if her_account() is None:
                        return
                    value = amount.value
                    if value is None or value != int(value) or not 0 < value <= owed:
                        show_errors({'amount': amount}, {'amount': t('business.pay_range', amount=format_rupiah(owed))})
                        return
                    try:
                        await pay(runtime.store, participant_id, sale_id, int(value))
                    except DomainError as error:
                        show_errors({'amount': amount}, {'amount': t(f'error.{error.key}')})
                        return
                    dialog.close()
                    ui.notify(t('business.paid_saved'), type='positive')
                    listing.refresh()

                with ui.row().classes('full-width justify-end'):
                    ui.button(t('form.cancel'), on_click=dialog.close).props('flat').classes('tap')
                    ui.button(t('form.save'), icon='save', on_click=save).props('unelevated color=primary').classes(
                        'tap'
                    ).mark('save-pay')
            dialog.open()

        listing()
    return None


async def shop_page() -> Response | None:
    store = await runtime.ready()
    account = page_account(TRAINEE)
    if not isinstance(account, Account):
        return account
    participant_id = account.participant_id or ''
    shop = shop_of(store, participant_id)
    products = her_products(store, participant_id)
    her = store.get(Participant, participant_id)
    # her own phone, filled in because she chose to show it, stays out of the field: switching "show my
    # phone" off then takes it off the public page too
    typed_wa = shop.wa_number if shop and not (her and shop.wa_number == her.phone) else ''
    with frame('business.shop', active='/usaha', account=account):
        back_button('/usaha')
        ui.label(t('business.shop')).classes('text-h5 text-weight-bold')
        ui.label(t('business.shop_hint')).classes('text-body2 text-grey-8')
        fields: dict[str, Any] = {
            'name': ui.input(t('business.shop_name'), value=shop.name if shop else '').mark('shop-name'),
            'slug': ui.input(t('business.shop_slug'), value=shop.slug if shop else '', prefix='/toko/')
            .props('autocapitalize=none')
            .mark('shop-slug'),
            'about': ui.input(t('business.shop_about'), value=shop.about if shop else '').mark('shop-about'),
            'wa_number': ui.input(t('business.shop_wa'), value=typed_wa)
            .props('type=tel inputmode=tel')
            .mark('shop-wa'),
        }
        for element in fields.values():
            element.props('outlined').classes('full-width')
        switches = {
            'active': ui.switch(t('business.shop_active'), value=shop.active if shop else True).mark('shop-active'),
            'show_name': ui.switch(t('business.show_name'), value=shop.show_name if shop else False),
            'show_phone': ui.switch(t('business.show_phone'), value=shop.show_phone if shop else False),
            'show_village': ui.switch(t('business.show_village'), value=shop.show_village if shop else False),
        }
        chosen = (
            ui.select(
                {p.id: p.name for p in products},
                multiple=True,
                label=t('business.shop_products'),
                value=list(shop.product_ids) if shop else [p.id for p in products],
            )
            .props('outlined use-chips')
            .classes('full-width')
            .mark('shop-products')
        )
        links = ui.column().classes('full-width')

        def show_links(current: Any) -> None:
            """Her shop's address once she has one; the price list to send on WhatsApp in any case."""
            links.clear()
            with links:
                url = ''
                if current is not None:
                    base = str(ui.context.client.request.base_url).rstrip('/') if ui.context.client.request else ''
                    url = f'{base}/toko/{current.slug}'
                    ui.label(t('business.shop_link')).classes('text-subtitle2')
                    ui.link(url, url, new_tab=True).classes('text-body2').mark('shop-link')
                text = price_list_text(her_products(runtime.store, participant_id), current, current_lang(), url)
                ui.textarea(t('business.price_list'), value=text).props('outlined readonly autogrow').classes(
                    'full-width'
                ).mark('price-list')
                ui.button(
                    t('business.send_price_list'),
                    icon='chat',
                    on_click=lambda: ui.navigate.to(f'https://wa.me/?text={quote(text)}', new_tab=True),
                ).props('unelevated color=green-8 no-caps').classes('tap full-width').mark('send-price-list')

        async def save() -> None:
            if her_account() is None:
                return
            data = {k: (v.value or '') for k, v in fields.items()} | {k: bool(v.value) for k, v in switches.items()}
            data['product_ids'] = list(chosen.value or [])
            try:
                form = ShopForm.model_validate(data)
            except ValidationError as error:
                show_errors(fields, field_errors(error))
                return
            show_errors(fields, {})
            try:
                saved = await save_shop(runtime.store, participant_id, form)
            except DomainError as error:
                if error.key == 'slug_taken':
                    show_errors(fields, {'slug': t('error.slug_taken')})
                else:
                    ui.notify(t(f'error.{error.key}'), type='negative')
                return
            ui.notify(t('form.saved'), type='positive')
            show_links(saved)

        ui.button(t('form.save'), icon='save', on_click=save).props('unelevated color=primary').classes(
            'tap full-width'
        ).mark('save-shop')
        show_links(shop)
    return None
