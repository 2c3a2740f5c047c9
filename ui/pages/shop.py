"""Her public shop's settings (`/usaha/toko`) and the price list she shares in WhatsApp."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from nicegui import ui
from pydantic import ValidationError

from models.base import DomainError
from models.business import Shop, ShopForm
from models.participant import Participant
from models.permissions import is_trainee
from store.products import her_products
from store.shop import free_slug, order_number, save_shop, shop_of

from ..auth import acting
from ..forms import field_errors, notify_error, show_errors
from ..frame import business_page
from ..i18n import current_lang, t
from ..runtime import runtime
from ..whatsapp import price_list_text
from ..widgets import IconButton, Sheet, TapButton, script_json
from .qris import QrisField


async def shop_page() -> None:
    with business_page('business.shop', 'business.shop_hint') as participant_id:
        ShopScreen(participant_id)


class ShopScreen:
    def __init__(self, participant_id: str) -> None:
        self.participant_id = participant_id
        shop = shop_of(runtime.store, participant_id)
        self.fields = self.text_fields(shop)
        self.switches = {
            'active': ui.switch(t('business.shop_active'), value=shop.active if shop else True).mark('shop-active'),
            'show_name': ui.switch(t('business.show_name'), value=shop.show_name if shop else False),
            'show_phone': ui.switch(t('business.show_phone'), value=shop.show_phone if shop else False),
            'show_village': ui.switch(t('business.show_village'), value=shop.show_village if shop else False),
        }
        products = her_products(runtime.store, participant_id)
        self.chosen = (
            ui.select(
                {p.id: p.name for p in products}, multiple=True, label=t('business.shop_products'),
                value=list(shop.product_ids) if shop else [p.id for p in products],
            )
            .props('outlined use-chips').classes('full-width').mark('shop-products')
        )  # fmt: skip
        self.links = ui.column().classes('full-width')
        TapButton(t('form.save'), 'save', self.save, mark='save-shop').classes('full-width')
        self.show_links(shop)
        self.qris = QrisField(participant_id)

    def text_fields(self, shop: Shop | None) -> dict[str, Any]:
        fields: dict[str, Any] = {
            'name': ui.input(t('business.shop_name'), value=shop.name if shop else '').mark('shop-name'),
            'slug': ui.input(t('business.shop_slug'), value=shop.slug if shop else '', prefix='/toko/')
            .props('autocapitalize=none').mark('shop-slug'),
            'about': ui.input(t('business.shop_about'), value=shop.about if shop else '').mark('shop-about'),
            'wa_number': ui.input(t('business.shop_wa'), value=shop.wa_number if shop else '')
            .props('type=tel inputmode=tel autocomplete=tel').mark('shop-wa'),
        }  # fmt: skip
        for element in fields.values():
            element.props('outlined').classes('full-width')
        fields['wa_number'].props['hint'] = t('business.shop_wa_hint')  # what the number does, and what not
        self.slug_typed = bool(shop)  # an address she has (or types) is hers; else it follows the name
        fields['name'].on_value_change(self.name_changed)
        fields['slug'].on('keydown', lambda: setattr(self, 'slug_typed', True))
        return fields

    def name_changed(self) -> None:
        """Her shop's address made from its name as she types it, until she writes one herself."""
        name = (self.fields['name'].value or '').strip()
        if not self.slug_typed and len(name) >= 2:
            self.fields['slug'].set_value(free_slug(runtime.store, name, self.participant_id))

    def show_links(self, current: Shop | None) -> None:
        """Her shop's address once she has one; the price list to send on WhatsApp in any case."""
        self.links.clear()
        with self.links:
            url = ''
            if current is not None:
                base = str(ui.context.client.request.base_url).rstrip('/') if ui.context.client.request else ''
                url = f'{base}/toko/{current.slug}'
                ui.label(t('business.shop_link')).classes('text-subtitle2')
                with ui.row().classes('full-width items-center no-wrap q-gutter-x-sm'):
                    link = ui.link(url, url, new_tab=True).classes('text-body2 col').mark('shop-link')
                    link.style('overflow-wrap:anywhere')
                    TapButton(t('business.share'), 'share', lambda: share(url, current.name), mark='share-shop')
                _picture_buttons(url, current.name, current)
                number = order_number(current, runtime.store.get(Participant, self.participant_id))
                says = t('business.orders_to', number=number) if number else t('business.orders_nowhere')
                colour = 'text-grey-8' if number else 'text-negative'
                ui.label(says).classes(f'text-body2 {colour}').mark('orders-to')
            text = price_list_text(her_products(runtime.store, self.participant_id), current, current_lang(), url)
            ui.textarea(t('business.price_list'), value=text).props('outlined readonly autogrow').classes(
                'full-width'
            ).mark('price-list')
            send = lambda: ui.navigate.to(f'https://wa.me/?text={quote(text)}', new_tab=True)  # noqa: E731
            TapButton(t('business.send_price_list'), 'chat', send, mark='send-price-list', colour='green-8').classes(
                'full-width'
            )

    async def save(self) -> None:
        if acting(is_trainee) is None:
            return
        data = {k: (v.value or '') for k, v in self.fields.items()} | {
            k: bool(v.value) for k, v in self.switches.items()
        }
        data['product_ids'] = list(self.chosen.value or [])
        try:
            form = ShopForm.model_validate(data)
        except ValidationError as error:
            show_errors(self.fields, field_errors(error))
            return
        show_errors(self.fields, {})
        try:
            saved = await save_shop(runtime.store, self.participant_id, form)
        except DomainError as error:
            if error.key == 'slug_taken':  # said beside the address she typed
                show_errors(self.fields, {'slug': t('error.slug_taken')})
            else:
                notify_error(error)
            return
        ui.notify(t('form.saved'), type='positive')
        self.show_links(saved)
        self.qris.show()  # her first save opens the way to her QRIS


def share(url: str, name: str) -> None:
    """Her phone's own share sheet (WhatsApp, Facebook…) where the browser has one, else WhatsApp with the link."""
    ui.run_javascript(
        f'const d={script_json({"title": name, "url": url})};if(navigator.share){{navigator.share(d).catch(()=>{{}})}}'
        f'else{{window.open({script_json("https://wa.me/?text=" + quote(url))},"_blank","noopener")}}'
    )


def _picture_buttons(url: str, name: str, shop: Shop) -> None:
    """Her price list as a square post and as a story picture, each one tap from her phone's share sheet; and one
    product's picture, chosen from her shop's products."""
    with ui.row().classes('full-width no-wrap q-gutter-x-sm'):
        for shape, icon in (('square', 'crop_square'), ('story', 'crop_portrait')):
            go = lambda p=f'{url}/share/all.{shape}.jpg': share_picture(p, url, name)  # noqa: E731
            TapButton(t(f'business.share_{shape}'), icon, go, mark=f'share-{shape}', look='outline', grow=True)
    products = {p.id: p.name for p in her_products(runtime.store, shop.id) if p.id in shop.product_ids}
    if not products:
        return
    with ui.row().classes('full-width items-center no-wrap q-gutter-x-sm'):
        which = ui.select(products, label=t('business.share_product'), value=next(iter(products)))
        which.props('outlined').classes('col').mark('share-product')

        def one() -> Any:
            product_url = f'{url}/{which.value}'
            return share_picture(f'{url}/share/{which.value}.square.jpg', product_url, products.get(which.value, name))

        IconButton('share', t('business.share_picture'), one, mark='share-product-picture')


CAN_SHARE_FILES = (
    'return !!(navigator.canShare&&navigator.canShare({files:[new File([""],"a.jpg",{type:"image/jpeg"})]}))'
)


async def share_picture(picture: str, url: str, name: str) -> None:
    """A picture (her price list, or one product) with her link: into her phone's share sheet where the browser
    can share files (Android Chrome); else a sheet to save the picture and post the link to WhatsApp or Facebook."""
    try:
        can_share = await ui.run_javascript(CAN_SHARE_FILES, timeout=3)
    except TimeoutError:
        can_share = False
    if can_share:
        ui.run_javascript(
            f'const p={script_json(picture)},d={script_json({"title": name, "text": name + " " + url})};'
            'fetch(p).then((r)=>r.blob()).then((b)=>{const f=new File([b],"toko.jpg",{type:"image/jpeg"});'
            'navigator.share({...d,files:[f]}).catch(()=>{})}).catch(()=>window.open(p,"_blank","noopener"))'
        )
        return
    with Sheet(t('business.share_title')) as sheet:
        ui.image(picture).classes('rounded-borders full-width').mark('share-preview')
        save = ui.link(t('business.share_save'), picture).classes('tap text-body1').mark('share-save')
        save.props['download'] = 'toko.jpg'  # an attribute by name: nothing parsed
        text = quote(f'{name} {url}', safe='')
        ui.link(t('business.share_whatsapp'), f'https://wa.me/?text={text}', new_tab=True).classes(
            'tap text-body1'
        ).mark('share-wa')
        ui.link(t('business.share_facebook'), f'https://www.facebook.com/sharer/sharer.php?u={quote(url, safe="")}',
                new_tab=True).classes('tap text-body1').mark('share-fb')  # fmt: skip
        ui.label(t('business.share_hint')).classes('text-body2 text-grey-8')
        TapButton(t('business.share_close'), 'close', sheet.close, look='flat', mark='share-close')
    sheet.on_value_change(lambda e: None if e.value else sheet.delete())  # closed: gone, not kept hidden
    sheet.open()
