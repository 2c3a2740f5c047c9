"""The public catalog `/toko/{slug}`: her shop name, products and prices, and a WhatsApp order link.

A plain page (no NiceGUI, no script) so it opens fast from a link in a WhatsApp group. Her real name,
phone and village appear only when she chose to show them; HPP never.
"""

from __future__ import annotations

from html import escape

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from store.shop import public_shop

from . import login_page
from .format import format_rupiah
from .i18n import t
from .icons import brand
from .runtime import runtime
from .whatsapp import order_link


async def shop(request: Request, slug: str) -> Response:
    await runtime.ready()
    lang = login_page.request_lang(request)
    found = public_shop(runtime.store, slug[:60].lower())
    if found is None:
        page = login_page.message_page(lang, t('shop.missing_title', lang), t('shop.missing', lang))
        return HTMLResponse(page, status_code=404)
    rows = ''.join(
        f'<li><span>{escape(p.name)}</span><b>{escape(format_rupiah(p.price))} / {escape(p.unit.value)}</b></li>'
        for p in found.products
    )
    owner = ' · '.join(escape(x) for x in (found.owner_name, found.owner_village, found.owner_phone) if x)
    link = order_link(found.order_number, found.name, lang)
    order = f'<a class="order" href="{escape(link)}">&#128172; {escape(t("shop.order", lang))}</a>' if link else ''
    html = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(found.name)}</title>
<meta property="og:title" content="{escape(found.name)}">
<style>{login_page.STYLE}
ul{{list-style:none;padding:0;margin:16px 0}}li{{display:flex;justify-content:space-between;gap:12px;padding:14px 0;
border-bottom:1px solid #d1d5db}}.about{{color:#374151}}.owner{{color:#4b5563;font-size:15px}}
.order{{display:block;text-align:center;margin-top:24px;min-height:56px;line-height:56px;font-size:20px;font-weight:700;
color:#fff;background:#15803d;border-radius:12px;text-decoration:none}}</style></head>
<body><header>{brand(found.name)}</header>
<main><h1>{escape(found.name)}</h1><p class="about">{escape(found.about)}</p>
{f'<p class="owner">{owner}</p>' if owner else ''}
<ul>{rows or '<li>' + escape(t('shop.empty', lang)) + '</li>'}</ul>{order}</main></body></html>"""
    return HTMLResponse(html)
