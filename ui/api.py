"""The small JSON API. Each route checks its caller itself; the health check is public."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.formparsers import MultiPartException

from models.account import Account, Role
from models.base import DomainError
from models.programme import Day, Programme, Zone
from store import images
from store.figures import month_totals
from store.orders import orders_of
from store.periods import zone_of
from store.products import add_photo, her_products
from store.programmes import programmes_for
from store.shop import shop_of

from . import __version__
from .i18n import error_text, request_lang
from .runtime import runtime


def health() -> dict[str, str]:
    return {'status': 'ok', 'version': __version__}


async def programmes(request: Request) -> JSONResponse:
    store = await runtime.ready()
    account: Account = request.state.account
    items = [
        _programme_json(p, store.by_index(Day, 'programme', p.id), account) for p in programmes_for(store, account)
    ]
    return JSONResponse({'programmes': items})


async def products(request: Request) -> JSONResponse:
    """Her products, which the offline page caches for its sale and order forms, with her programme's zone: an
    order's due time is typed on the programme's clock, whatever zone her phone is set to."""
    store = await runtime.ready()
    account: Account = request.state.account
    assert account.participant_id is not None  # the route table lets in trainees with a participant record
    tz = zone_of(store, account.participant_id)
    base = str(request.base_url).rstrip('/')
    items = [
        {
            'id': p.id, 'name': p.name, 'unit': p.unit.value, 'price': p.price, 'hpp': p.hpp,
            'photo_url': f'{base}/media/{p.photos[0].full}' if p.photos else None,
        }
        for p in her_products(store, account.participant_id)
    ]  # fmt: skip
    zone = next((z.value for z in Zone if z.tz == tz), Zone.WIB.value)
    offset = dt.datetime.now(tz).isoformat()[-6:]  # '+07:00': Indonesia keeps no summer time
    return JSONResponse({'products': items, 'zone': zone, 'utc_offset': offset})


async def her_shop(request: Request) -> JSONResponse:
    """`GET /api/shop`: her shop's address and name → `{"slug", "url", "name"}`; 404 before she opens one."""
    store = await runtime.ready()
    account: Account = request.state.account
    shop = shop_of(store, account.participant_id or '')
    if shop is None:
        return JSONResponse({'error': error_text(DomainError('not_found'), request_lang(request))}, status_code=404)
    url = f'{str(request.base_url).rstrip("/")}/toko/{shop.slug}'
    return JSONResponse({'slug': shop.slug, 'url': url, 'name': shop.name})


async def her_orders(request: Request) -> JSONResponse:
    """`GET /api/orders`: her orders, soonest due first."""
    store = await runtime.ready()
    account: Account = request.state.account
    items = [
        {
            'id': o.id, 'status': o.status.value, 'due': o.due.isoformat(), 'buyer': o.buyer,
            'items': [{'product_id': i.product_id, 'name': i.name, 'quantity': str(i.quantity),
                       'unit_price': i.unit_price} for i in o.items],
            'total': o.total, 'dp': o.dp, 'left': o.left,
            'delivery': o.delivery.value, 'address': o.address, 'note': o.note,
        }
        for o in orders_of(store, account.participant_id or '')
    ]  # fmt: skip
    return JSONResponse({'orders': items}, headers={'Cache-Control': 'no-store'})


async def product_photo(request: Request, product_id: str) -> JSONResponse:
    """`POST /api/products/{id}/photo`, multipart field `file`: a photo added to her own product, made small and
    without metadata → `{"url", "thumb_url"}`; 404 not hers, 413 over 10 MB, 422 not a picture or no room."""
    store = await runtime.ready()
    account: Account = request.state.account
    lang = request_lang(request)
    declared = request.headers.get('content-length', '')
    if declared.isdigit() and int(declared) > images.MAX_BYTES + 64 * 1024:
        return _refused(DomainError('image_too_large', max_mb=images.MAX_BYTES // (1024 * 1024)), 413, lang)
    upload = await _uploaded_file(request)
    if upload is None:
        return _refused(DomainError('image_unreadable'), 422, lang)
    if len(upload) > images.MAX_BYTES:
        return _refused(DomainError('image_too_large', max_mb=images.MAX_BYTES // (1024 * 1024)), 413, lang)
    try:
        photo = await add_photo(store, account.participant_id or '', product_id, upload)
    except DomainError as error:
        return _refused(error, 404 if error.key == 'not_yours' else 422, lang)
    base = str(request.base_url).rstrip('/')
    return JSONResponse({'url': f'{base}/media/{photo.full}', 'thumb_url': f'{base}/media/{photo.thumb}'})


async def _uploaded_file(request: Request) -> bytes | None:
    """The bytes of the multipart field `file` (read no further than 10 MB and a byte), None without one."""
    try:
        async with request.form(max_files=1, max_fields=10) as form:
            part = form.get('file')
            if isinstance(part, str) or part is None:
                return None
            return await part.read(images.MAX_BYTES + 1)
    except (MultiPartException, ValueError, KeyError, AssertionError):  # no multipart form, or a broken one
        return None


def _refused(error: DomainError, status: int, lang: str) -> JSONResponse:
    return JSONResponse({'error': error_text(error, lang)}, status_code=status)


async def summary(request: Request, month: str = '') -> JSONResponse:
    """Her month (`?month=YYYY-MM`, default this month, where her programme is): revenue, costs, profit…"""
    store = await runtime.ready()
    account: Account = request.state.account
    assert account.participant_id is not None  # the route table lets in trainees with a participant record
    zone = zone_of(store, account.participant_id)
    month = month or f'{dt.datetime.now(dt.UTC).astimezone(zone):%Y-%m}'  # none given: this month
    try:
        figures = month_totals(store, account.participant_id, month, zone)
    except DomainError as error:
        return JSONResponse({'error': error_text(error, 'id'), 'error_en': error_text(error, 'en')}, 422)
    return JSONResponse(figures.as_json())


def _programme_json(programme: Programme, days: list[Day], account: Account) -> dict[str, Any]:
    # A trainee learns only her own id: the other participants of her course are not hers to list.
    participants = programme.participant_ids if account.role != Role.TRAINEE else [account.participant_id]
    return {
        'id': programme.id,
        'name': programme.name,
        'kind': programme.kind.value,
        'zone': programme.zone.value,
        'start': programme.start.isoformat(),
        'end': programme.end.isoformat(),
        'day_ids': [d.id for d in sorted(days, key=lambda d: d.number)],
        'participant_ids': participants,
    }
