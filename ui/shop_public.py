"""The public catalog `/toko/{slug}` and a product's own page `/toko/{slug}/{product_id}`: her shop's name, her
products with their photos and prices, and a WhatsApp order button for each.

Plain pages (no NiceGUI; one small script on a long list, below) so they open fast from a link in a WhatsApp
group, and leave nothing behind on the server. Their head starts with Open Graph and Twitter-card tags (title, the
price as `Rp 15.000`, and as the picture the square share image of `ui/share_image.py` as an absolute URL: a
1080×1080 JPEG under 300 KB with the photo, name and price, drawn also for a product without a photo; a raw photo
may be narrow or heavy), so WhatsApp, Facebook and Instagram show a card with the picture and price when the link
is pasted; WhatsApp reads no further than the first 300 KB, and these pages are a few.
Thumbnails load lazily with a `srcset` (320 px for the list, 1080 px where the screen wants it). Her real name,
phone and village appear only when she chose to show them; HPP never.

The list's first rows name their thumbnails outright (they are on the first screen); the rest are fetched by a small
constant script as they come within NEAR_PX of the screen. Chromium's own lazy loading fetches everything within
1250 px of the screen on a fast signal and 2500 px on 3G, so on the signal her buyers have it would fetch nearly all
of a 30-product shop at once: bytes a buyer who does not scroll pays for, and requests the server answers
(`bench/shop.py`). Without script the same images load as before (`<noscript>`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from models.base import DomainError
from models.business import WHOLE_UNITS, Photo, check_quantity
from store.orders import OrderForm, OrderLine, shop_order
from store.periods import zone_of
from store.shop import PublicProduct, PublicShop, public_shop

from . import login_page
from .auth import client_address
from .bodies import BadBody, read_form
from .format import format_rupiah, unit_name
from .i18n import error_text, request_lang, t
from .icons import brand
from .runtime import runtime
from .share_image import SIZES
from .throttle import SendsPerAddress
from .whatsapp import order_link

STYLE = """
ul{list-style:none;padding:0;margin:16px 0}li{display:flex;align-items:center;gap:12px;padding:10px 0;
border-bottom:1px solid #d1d5db}li .what{flex:1;min-width:0}
li .what a{color:#1f2937;text-decoration:none;font-weight:600}
li img,.noimg{width:88px;height:88px;object-fit:cover;border-radius:10px;background:#e5e7eb;flex:none}
.price{display:block;font-weight:700;color:#0f766e}.about{color:#374151}.owner{color:#4b5563;font-size:15px}
.pesan{display:inline-block;min-height:48px;line-height:48px;padding:0 16px;border-radius:10px;background:#15803d;
color:#fff;font-weight:700;text-decoration:none;flex:none}
.order{display:block;text-align:center;margin-top:24px;min-height:56px;line-height:56px;font-size:20px;font-weight:700;
color:#fff;background:#15803d;border-radius:12px;text-decoration:none}
.hero{width:100%;height:auto;border-radius:12px;background:#e5e7eb}.more{display:flex;gap:8px;margin-top:8px}
.more img{width:30%;height:auto;border-radius:8px}
.pesan-form{margin-top:24px;padding:12px;border:2px solid #d1d5db;border-radius:12px;background:#fff}
.pesan-form h2{font-size:20px;margin:0}
.back{display:inline-block;min-height:48px;line-height:48px;color:#0f766e}
.qris{margin-top:24px;padding:12px;border:2px solid #d1d5db;border-radius:12px;background:#fff;text-align:center}
.qris h2{font-size:20px;margin:0}.qris img{display:block;width:100%;max-width:320px;height:auto;margin:8px auto}
.save-qris{display:inline-block;min-height:48px;line-height:48px;color:#0f766e;font-weight:700}
"""


FIRST_ROWS = 8  # rows whose thumbnails load with the page, in one go: a 360×740 screen shows five, a tall one seven
NEAR_PX = 300  # the rest load as they come this close to the screen: three rows ahead of her thumb
NO_PHOTO = '<span class="noimg" aria-hidden="true"></span>'
BLANK = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=='  # one transparent pixel
NEAR_SCRIPT = (
    '<script>(function(){var w=document.querySelectorAll("img[data-src]");'
    'function show(i){i.srcset=i.dataset.srcset;i.src=i.dataset.src;delete i.dataset.src;}'
    'if(!("IntersectionObserver" in window)){w.forEach(show);return;}'
    'var o=new IntersectionObserver(function(seen){seen.forEach(function(e){'
    'if(e.isIntersecting){o.unobserve(e.target);show(e.target);}});},'
    f'{{rootMargin:"0px 0px {NEAR_PX}px 0px"}});'
    'w.forEach(function(i){o.observe(i);});})();</script>'
)


@dataclass(frozen=True)
class Card:
    """What a pasted link shows: its title, a line under it, the picture, and the page's own address."""

    title: str
    description: str
    url: str
    image: str  # the share picture's path (`/toko/{slug}/share/….square.jpg`); empty for none


async def shop(request: Request, slug: str) -> Response:
    await runtime.ready()
    lang = request_lang(request)
    found = public_shop(runtime.store, slug[:60].lower())
    if found is None:
        return _missing(lang)
    base, page_url = _base(request), f'{_base(request)}/toko/{found.slug}'
    rows = ''.join(_row(found, product, lang, soon=n < FIRST_ROWS) for n, product in enumerate(found.products))
    owner = ' · '.join(escape(x) for x in (found.owner_name, found.owner_village, found.owner_phone) if x)
    link = order_link(found.order_number, found.name, lang)
    order = f'<a class="order" href="{escape(link)}">&#128172; {escape(t("shop.order", lang))}</a>' if link else ''
    card = Card(found.name, _shop_line(found, lang), page_url, _square(found, 'all') if found.products else '')
    body = f"""<main><h1>{escape(found.name)}</h1><p class="about">{escape(found.about)}</p>
{f'<p class="owner">{owner}</p>' if owner else ''}
<ul>{rows or '<li>' + escape(t('shop.empty', lang)) + '</li>'}</ul>{order}
{order_form(found, lang) if found.products else ''}{qris_box(found, lang, lazy=True)}</main>
{NEAR_SCRIPT if len(found.products) > FIRST_ROWS else ''}"""
    return HTMLResponse(_page(lang, found, card, base, body))


async def product_page(request: Request, slug: str, product_id: str) -> Response:
    await runtime.ready()
    lang = request_lang(request)
    found = public_shop(runtime.store, slug[:60].lower())
    product = next((p for p in found.products if p.id == product_id), None) if found else None
    if found is None or product is None:
        return _missing(lang)
    base = _base(request)
    price = t('shop.per_unit', lang, price=format_rupiah(product.price), unit=unit_name(product.unit, lang))
    page_url = f'{base}/toko/{found.slug}/{product.id}'
    card = Card(f'{product.name} · {found.name}', price, page_url, _square(found, product.id))
    hero = (
        f'<img class="hero" src="/media/{product.photos[0].full}" width="{product.photos[0].width}" '
        f'height="{product.photos[0].height}" alt="{escape(t("shop.photo_of", lang, name=product.name))}">'
        if product.photos
        else ''
    )
    more = ''.join(
        f'<img src="/media/{photo.thumb}" loading="lazy" alt="{escape(t("shop.photo_of", lang, name=product.name))}">'
        for photo in product.photos[1:]
    )
    link = order_link(found.order_number, found.name, lang, product=product.name)
    order = f'<a class="order" href="{escape(link)}">&#128172; {escape(t("shop.order", lang))}</a>' if link else ''
    body = f"""<main>{hero}{f'<div class="more">{more}</div>' if more else ''}
<h1>{escape(product.name)}</h1><p class="price">{escape(price)}</p>{order}
{order_form(found, lang, only=product)}{qris_box(found, lang, lazy=True)}
<a class="back" href="/toko/{escape(found.slug)}">&larr; {escape(t('shop.all_products', lang))}</a></main>"""
    return HTMLResponse(_page(lang, found, card, base, body))


def _row(found: PublicShop, product: PublicProduct, lang: str, *, soon: bool) -> str:
    """One product: its thumbnail, name, price, Pesan. `soon`: on the first screen, its thumbnail named outright."""
    href = f'/toko/{escape(found.slug)}/{escape(product.id)}'
    alt = escape(t('shop.photo_of', lang, name=product.name))
    image = _thumbnail(product.photos[0], alt, soon) if product.photos else NO_PHOTO
    price = t('shop.per_unit', lang, price=format_rupiah(product.price), unit=unit_name(product.unit, lang))
    link = order_link(found.order_number, found.name, lang, product=product.name)
    order = f'<a class="pesan" href="{escape(link)}">{escape(t("shop.order_one", lang))}</a>' if link else ''
    return (
        f'<li><a href="{href}">{image}</a><span class="what"><a href="{href}">{escape(product.name)}</a>'
        f'<span class="price">{escape(price)}</span></span>{order}</li>'
    )


def _thumbnail(photo: Photo, alt: str, soon: bool) -> str:
    """The cover at 88 px (the 320 px file; the 1080 px where a screen is wide or dense), lazy. Further down the
    list its files wait in `data-` attributes for NEAR_SCRIPT, over a transparent pixel, the same in `<noscript>`."""
    files = f'src="/media/{photo.thumb}" srcset="/media/{photo.thumb} 320w, /media/{photo.full} 1080w"'
    rest = f'sizes="88px" width="88" height="88" loading="lazy" decoding="async" alt="{alt}"'
    if soon:
        return f'<img {files} {rest}>'
    waiting = files.replace('src="', 'data-src="').replace('srcset="', 'data-srcset="')
    return f'<img src="{BLANK}" {waiting} {rest}><noscript><img {files} {rest}></noscript>'


def qris_box(found: PublicShop, lang: str, *, lazy: bool) -> str:
    """Her QRIS for the DP, when she has one: the code as her bank drew it (tap for the file itself), a line saying
    what to do, and a link to save it, for a buyer whose banking app scans from her gallery. `lazy` below a list."""
    if found.qris is None:
        return ''
    src = f'/media/{found.qris.file}'
    loading = ' loading="lazy" decoding="async"' if lazy else ''
    alt = escape(t('shop.qris_alt', lang, shop=found.name))
    size = f'width="{found.qris.width}" height="{found.qris.height}"'
    return f"""<section class="qris" id="qris"><h2>{escape(t('shop.qris_title', lang))}</h2>
<p>{escape(t('shop.qris_pay', lang))}</p><a href="{src}"><img src="{src}" {size}{loading} alt="{alt}"></a>
<a class="save-qris" href="{src}" download="qris-{escape(found.slug)}.png">&#11015; \
{escape(t('shop.qris_save', lang))}</a></section>"""


def _square(found: PublicShop, item: str) -> str:
    """The square share picture of a product (or of the whole list, `all`): the link preview's picture."""
    return f'/toko/{found.slug}/share/{item}.square.jpg'


def _shop_line(found: PublicShop, lang: str) -> str:
    """The line under her shop's name in a preview: always a price (`Mulai Rp 4.000 · <about>`), then her words;
    without words of her own, the first prices."""
    if not found.products:
        return found.about
    if found.about:
        cheapest = format_rupiah(min(p.price for p in found.products))
        return f'{t("shop.from_price", lang, price=cheapest)} · {found.about}'
    return ', '.join(f'{p.name} {format_rupiah(p.price)}' for p in found.products[:6])


def _page(lang: str, found: PublicShop, card: Card, base: str, body: str) -> str:
    """The page, its link-preview tags first in the head (a robot that reads only the start still finds them)."""
    tags = [
        ('og:type', 'website'), ('og:site_name', found.name), ('og:title', card.title),
        ('og:description', card.description), ('og:url', card.url), ('twitter:title', card.title),
        ('twitter:description', card.description),
    ]  # fmt: skip
    if card.image:
        width, height = SIZES['square']
        tags += [
            ('og:image', f'{base}{card.image}'), ('og:image:type', 'image/jpeg'),
            ('og:image:width', str(width)), ('og:image:height', str(height)),
            ('twitter:image', f'{base}{card.image}'),
        ]  # fmt: skip
    twitter = 'summary_large_image' if card.image else 'summary'
    meta = ''.join(f'<meta property="{name}" content="{escape(value)}">\n' for name, value in tags)
    return f"""<!doctype html>
<html lang="{lang}" prefix="og: https://ogp.me/ns#"><head><meta charset="utf-8">
{meta}<meta name="twitter:card" content="{twitter}">
<meta name="description" content="{escape(card.description)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(card.title)}</title>
<style>{login_page.STYLE}{STYLE}</style></head>
<body><header>{brand(found.name)}</header>
{body}</body></html>"""


def _base(request: Request) -> str:
    return str(request.base_url).rstrip('/')


def _missing(lang: str) -> HTMLResponse:
    page = login_page.message_page(lang, t('shop.missing_title', lang), t('shop.missing', lang))
    return HTMLResponse(page, status_code=404)


# ---- a buyer orders from her shop ---------------------------------------------------------------------------

ADDRESS_ORDERS = 5  # web orders one address may send to any shop in ADDRESS_WINDOW
ADDRESS_WINDOW = dt.timedelta(minutes=10)


class OrderThrottle(SendsPerAddress):
    def __init__(self) -> None:
        """Web orders per sending address in the last ten minutes: a flood from one phone is refused (429)."""
        super().__init__(ADDRESS_ORDERS, ADDRESS_WINDOW)


throttle = OrderThrottle()


def order_form(found: PublicShop, lang: str, only: PublicProduct | None = None) -> str:
    """The short form a buyer fills: her name, WhatsApp number, how many of each product, the date, a note."""
    products = [only] if only else found.products
    rows = ''.join(_quantity_row(p, lang, 1 if only else None) for p in products)
    return f"""<form class="pesan-form" method="post" action="/toko/{escape(found.slug)}/pesan?lang={lang}">
<h2>{escape(t('shop.form_title', lang))}</h2>
<label for="nama">{escape(t('shop.form_name', lang))}</label>
<input id="nama" name="nama" required maxlength="80" autocomplete="name">
<label for="no_hp">{escape(t('shop.form_phone', lang))}</label>
<input id="no_hp" name="no_hp" type="tel" inputmode="tel" required maxlength="20" autocomplete="tel">
{rows}
<label for="tanggal">{escape(t('shop.form_date', lang))}</label>
<input id="tanggal" name="tanggal" type="date" required>
<label for="catatan">{escape(t('shop.form_note', lang))}</label>
<input id="catatan" name="catatan" maxlength="300">
<button type="submit">{escape(t('shop.form_send', lang))}</button></form>"""


def _quantity_row(product: PublicProduct, lang: str, value: int | None) -> str:
    """How many of one product: its name and price for its unit (`Rp 40.000 / kg`) over a number field that takes
    whole numbers for pieces, boxes and jars, and one decimal for kilos and litres."""
    whole = product.unit.value in WHOLE_UNITS
    price = t('shop.per_unit', lang, price=format_rupiah(product.price), unit=unit_name(product.unit, lang))
    step, mode = ('1', 'numeric') if whole else ('0.1', 'decimal')
    field = f'q-{escape(product.id)}'
    return (
        f'<label for="{field}">{escape(product.name)} · {escape(price)}</label>'
        f'<input id="{field}" name="jumlah_{escape(product.id)}" type="number" min="0" max="10000" step="{step}" '
        f'inputmode="{mode}" value="{"" if value is None else value}">'
    )


async def order_submitted(request: Request, slug: str) -> Response:
    """`POST /toko/{slug}/pesan`: the buyer's order lands in her book as a new order; the buyer gets a WhatsApp
    link to confirm with her. 422 with the reason, 429 when one address sends too many."""
    store = await runtime.ready()
    lang = request_lang(request)
    found = public_shop(store, slug[:60].lower())
    if found is None:
        return _missing(lang)
    if not throttle.allow(client_address(request), dt.datetime.now(dt.UTC)):
        return _answer(lang, found, t('shop.order_slow_down', lang), 429)
    try:
        fields = await read_form(request)
        form = _order_form(fields, found, zone_of(store, found.participant_id))
        order = await shop_order(store, found.slug, form)
    except BadBody:
        return _answer(lang, found, t('auth.bad_form', lang), 400)
    except (ValidationError, ValueError):
        return _answer(lang, found, t('shop.order_incomplete', lang), 422)
    except DomainError as error:
        return _answer(lang, found, error_text(error, lang), 422)
    link = order_link(found.order_number, found.name, lang, product=', '.join(i.name for i in order.items))
    confirm = escape(t('shop.confirm_wa', lang))
    button = f'<a class="order" href="{escape(link)}">&#128172; {confirm}</a>' if link else ''
    thanks = t('shop.order_thanks', lang, shop=found.name)
    return _answer(lang, found, thanks, 200, button + qris_box(found, lang, lazy=False))


def _order_form(fields: dict[str, str], found: PublicShop, tz: dt.tzinfo) -> OrderForm:
    lines = []
    for product in found.products:
        quantity = _typed_quantity(fields.get(f'jumlah_{product.id}', ''))
        if quantity:
            lines.append(OrderLine(product_id=product.id, quantity=check_quantity(product.unit, quantity)))
    if not fields.get('no_hp', '').strip():
        raise ValueError('phone_required')  # she must be able to answer the buyer
    day = dt.date.fromisoformat(fields.get('tanggal', '')[:10])
    due = dt.datetime.combine(day, dt.time(10), tzinfo=tz)
    if due.date() < dt.datetime.now(tz).date():
        raise ValueError('past')
    return OrderForm(
        buyer=fields.get('nama', '')[:80], buyer_phone=fields.get('no_hp', '')[:20], lines=lines, due=due,
        note=fields.get('catatan', '')[:300],
    )  # fmt: skip


def _typed_quantity(text: str) -> Decimal:
    """A quantity as the buyer typed it (`2`, `1,5`, blank for none); ValueError for what is not a plain number."""
    text = text.strip().replace(',', '.')
    if not text:
        return Decimal(0)
    try:
        quantity = Decimal(text)
    except ArithmeticError:  # decimal's InvalidOperation
        raise ValueError('quantity') from None
    if not quantity.is_finite() or quantity < 0:
        raise ValueError('quantity')
    return quantity


def _answer(lang: str, found: PublicShop, message: str, status: int, extra: str = '') -> HTMLResponse:
    body = f"""<main><h1>{escape(found.name)}</h1><p class="about">{escape(message)}</p>{extra}
<a class="back" href="/toko/{escape(found.slug)}">&larr; {escape(t('shop.all_products', lang))}</a></main>"""
    card = Card(found.name, found.about, '', '')
    return HTMLResponse(_page(lang, found, card, '', body), status_code=status)
