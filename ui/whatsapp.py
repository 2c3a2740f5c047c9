"""The WhatsApp messages she sends from her phone: a link to a number, a reminder to a buyer who owes her, her price
list, a shop's order button, a secretariat's notice passed on. Written here, in her language, from what the store
gives (numbers, names, amounts): the store keeps no sentences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import quote

from models.business import Product, Sale, Shop
from models.money import format_rupiah
from models.notices import Notice
from models.orders import Order, OrderStatus
from models.participant import normalise_phone
from models.programme import Zone

from .format import plain_date, unit_name
from .i18n import t


def wa_link(phone: str, text: str = '') -> str | None:
    """`https://wa.me/6281…?text=…` for an Indonesian mobile number (`08…` → `628…`); None for a bad number."""
    try:
        local = normalise_phone(phone)
    except ValueError:
        return None
    link = f'https://wa.me/62{local[1:]}'
    return f'{link}?text={quote(text, safe="")}' if text else link


def wa_reminder(
    sale: Sale, owed: int, lang: str = 'id', *, product: str = '', tz: dt.tzinfo = Zone.WIB.tz
) -> str | None:
    """A polite reminder to her buyer, ready to send; None when she has no number for the buyer."""
    if not sale.buyer_phone or owed <= 0:
        return None
    day = plain_date(sale.at.astimezone(tz).date(), lang)
    key = 'wa.reminder' if product else 'wa.reminder_no_product'
    text = t(key, lang, buyer=sale.buyer or '', product=product, date=day, amount=format_rupiah(owed))
    return wa_link(sale.buyer_phone, text)


def order_link(number: str | None, shop_name: str, lang: str = 'id', product: str = '') -> str | None:
    """The public shop's order button: a message to her WhatsApp number naming the shop (and the product, for
    a product's own button); None without a number."""
    if not number:
        return None
    text = (
        t('wa.order_product', lang, shop=shop_name, product=product) if product else t('wa.order', lang, shop=shop_name)
    )
    return wa_link(number, text)


def price_list_text(products: Iterable[Product], shop: Shop | None = None, lang: str = 'id', link: str = '') -> str:
    """Her price list as a WhatsApp message (`*bold*` title, one line a product; never the HPP)."""
    lines = [f'*{shop.name}*' if shop else f'*{t("wa.price_list", lang)}*']
    if shop and shop.about:
        lines.append(shop.about)
    if shop:
        lines.append(t('wa.price_list', lang))
    for product in products:
        lines.append(f'• {product.name}: {format_rupiah(product.price)} / {unit_name(product.unit, lang)}')
    if shop and shop.wa_number:
        lines.append(t('wa.order_here', lang, link=wa_link(shop.wa_number) or ''))
    if link:
        lines.append(t('wa.see_catalog', lang, link=link))
    return '\n'.join(lines)


def order_message(order: Order, lang: str = 'id', tz: dt.tzinfo = Zone.WIB.tz) -> str | None:
    """To her buyer, by where the order stands: taken → the confirmation (items, total, DP, what is left, when);
    ready → it is ready, and what is left to pay. None without the buyer's number."""
    if not order.buyer_phone or order.status not in (OrderStatus.NEW, OrderStatus.ACCEPTED, OrderStatus.READY):
        return None
    due = order.due.astimezone(tz)
    items = ', '.join(f'{item.quantity.normalize():f} {item.name}'.replace('.', ',') for item in order.items)
    key = 'wa.order_ready' if order.status == OrderStatus.READY else 'wa.order_confirm'
    text = t(
        key, lang, buyer=order.buyer, items=items, total=format_rupiah(order.total), dp=format_rupiah(order.dp),
        left=format_rupiah(order.left), date=plain_date(due.date(), lang), time=f'{due:%H.%M}',
    )  # fmt: skip
    return wa_link(order.buyer_phone, text)


def share_link(text: str) -> str:
    """`https://wa.me/?text=…`: WhatsApp opens with `text` written, for her to choose whom to send it to."""
    return f'https://wa.me/?text={quote(text, safe="")}'


def notice_text(notice: Notice, secretariat: str, lang: str = 'id') -> str:
    """A secretariat's notice as a message to pass on: its kind and title in bold, its text, the rupiah it is about,
    whom to contact, its last day, and the secretariat's name."""
    kind = notice.kind.value
    lines = [f'*{t(f"notices.kind.{kind}", lang)}: {notice.title}*', notice.text]
    if notice.amount is not None:
        lines.append(t(f'notices.amount.{kind}', lang) + f': {format_rupiah(notice.amount)}')
    lines.append(t('notices.contact_line', lang, contact=notice.contact))
    lines.append(t('notices.ends_line', lang, date=plain_date(notice.ends_on, lang)))
    lines.append(f'— {secretariat}')
    return '\n'.join(lines)
