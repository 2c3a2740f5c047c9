"""Pictures she shares: a product (or her whole price list) drawn as a square post (1080×1080) or a story
(1080×1920), with its photo, name, price, her shop's name and its short link, in the app's colours and fonts.

`GET /toko/{slug}/share/{product_id|all}.{square|story}.jpg`: public like her shop (a closed shop, or a product
not in it, is 404). Drawn with Pillow off the event loop and kept in memory by what they show, so a link shared
in a busy WhatsApp group is drawn once.
"""

from __future__ import annotations

import asyncio
import io
import textwrap
from functools import lru_cache
from pathlib import Path

from fastapi import Request
from fastapi.responses import Response
from PIL import Image, ImageDraw, ImageFont, ImageOps

from models.money import format_rupiah
from store import files
from store.shop import public_shop

from .format import unit_name
from .i18n import request_lang, t
from .runtime import runtime

FONTS = Path(__file__).resolve().parent.parent / 'assets' / 'fonts'
SIZES = {'square': (1080, 1080), 'story': (1080, 1920)}
MAX_BYTES = 290 * 1024  # a link preview's picture must stay under 300 KB (WhatsApp drops a bigger one)
QUALITIES = (85, 75, 65, 55, 45, 35)  # tried in turn until the JPEG fits MAX_BYTES (a detailed photo needs less)
TEAL, INK, WHITE, PALE = (15, 118, 110), (31, 41, 55), (255, 255, 255), (240, 253, 250)


async def share_image(request: Request, slug: str, item: str, shape: str) -> Response:
    """One picture; `item` a product id or `all`, `shape` square or story."""
    store = await runtime.ready()
    found = public_shop(store, slug[:60].lower())
    shown = found.products if found else []
    products = shown if item == 'all' else [p for p in shown if p.id == item]
    if found is None or shape not in SIZES or not products:
        return Response('404', status_code=404, media_type='text/plain; charset=utf-8')
    lang = request_lang(request)
    link = f'{request.url.hostname or ""}/toko/{found.slug}'
    photo = next((p.photos[0].full for p in products if p.photos), '')
    lines = tuple((p.name, p.price, unit_name(p.unit, lang)) for p in products)
    body = await asyncio.to_thread(_drawn, shape, found.name, link, lang, lines, photo, store.folder)
    return Response(body, media_type='image/jpeg', headers={'Cache-Control': 'public, max-age=300'})


Line = tuple[str, int, str]  # a product's name, price and unit


@lru_cache(maxsize=64)
def _drawn(
    shape: str, shop_name: str, link: str, lang: str, products: tuple[Line, ...], photo_name: str, folder: Path
) -> bytes:
    """The JPEG; kept by everything it shows (a kept photo's name means the same bytes for ever)."""
    width, height = SIZES[shape]
    canvas = Image.new('RGB', (width, height), PALE)
    draw = ImageDraw.Draw(canvas)
    photo = files.read(folder, photo_name) if photo_name else None
    top = 0
    if photo is not None:  # the photo fills the upper part, cropped to fit; a list leaves room for its lines
        band = {('story', True): 1080, ('square', True): 660, ('story', False): 760, ('square', False): 300}
        area = (width, band[shape, len(products) == 1])
        canvas.paste(ImageOps.fit(Image.open(io.BytesIO(photo)).convert('RGB'), area), (0, 0))
        top = area[1]
    else:
        draw.rectangle((0, 0, width, 160), fill=TEAL)
        top = 160
    _texts(draw, products, lang, top, width, height)
    _footer(draw, shop_name, link, width, height)
    return _jpeg(canvas)


def _jpeg(canvas: Image.Image) -> bytes:
    """The picture as a JPEG under MAX_BYTES: a plain one at quality 85, a detailed photo at the first lower
    quality that fits (the square is also the shop's link-preview picture, `og:image`)."""
    body = b''
    for quality in QUALITIES:
        out = io.BytesIO()
        canvas.save(out, 'JPEG', quality=quality, optimize=True, progressive=True)
        body = out.getvalue()
        if len(body) <= MAX_BYTES:
            break
    return body


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ('DejaVuSans-Bold.ttf' if bold else 'DejaVuSans.ttf')), size)


def _texts(draw: ImageDraw.ImageDraw, products: tuple[Line, ...], lang: str, top: int, width: int, height: int) -> None:
    """One product: its name large and its price; a price list: a line a product."""
    room = height - top - 130  # above the footer band
    if len(products) == 1:
        name, price, unit = products[0]
        y = top + 40
        for line in textwrap.wrap(name, 22)[:3]:
            draw.text((60, y), line, font=_font(72, bold=True), fill=INK)
            y += 86
        draw.text((60, y + 10), f'{format_rupiah(price)} / {unit}', font=_font(64, bold=True), fill=TEAL)
        return
    y = top + 30
    draw.text((60, y), t('wa.price_list', lang), font=_font(56, bold=True), fill=INK)
    y += 84
    step = 64
    fits = max(1, (room - 114) // step)  # lines between the heading and the footer
    shown = products if len(products) <= fits else products[: max(1, fits - 1)]  # the last line says how many more
    for name, price, unit in shown:
        draw.text((60, y), textwrap.shorten(name, 24, placeholder='…'), font=_font(44), fill=INK)
        amount = f'{format_rupiah(price)}/{unit}'
        draw.text((width - 60, y), amount, font=_font(44, bold=True), fill=TEAL, anchor='ra')
        y += step
    left = len(products) - len(shown)
    if left:
        draw.text((60, y), t('share.more', lang, count=left), font=_font(40), fill=INK)


def _footer(draw: ImageDraw.ImageDraw, shop_name: str, link: str, width: int, height: int) -> None:
    draw.rectangle((0, height - 130, width, height), fill=TEAL)
    name = textwrap.shorten(shop_name, 30, placeholder='…')
    draw.text((60, height - 112), name, font=_font(44, bold=True), fill=WHITE)
    draw.text((60, height - 58), link, font=_font(34), fill=WHITE)
