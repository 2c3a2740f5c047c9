"""`GET /api/prices?commodity=<key>&days=N`: a commodity's prices of the last N days (1 to 366, 30 unless given) in the
secretariats she sees: those that reach her, for a member or trainee; those she serves, for staff.

→ `{"commodity", "unit", "prices": [{"date", "kind", "place", "price", "by_role"}]}`, oldest first, prices in whole
rupiah a unit. 401 anonymous (the route table), 403 for one no secretariat's prices are for, 404 an unknown
commodity, 422 a `days` that is no whole number from 1 to 366.
"""

from __future__ import annotations

import datetime as dt

from fastapi import Request
from fastapi.responses import JSONResponse

from models.account import Account
from models.market_prices import OLDEST_DAYS
from models.programme import Zone
from store.market_prices import commodity_by_key, price_secretariats, prices_of

from .auth import now
from .i18n import request_lang, t
from .runtime import runtime


async def prices(request: Request, commodity: str = '', days: str = '30') -> JSONResponse:
    store = await runtime.ready()
    account: Account = request.state.account
    lang = request_lang(request)
    secretariats = price_secretariats(store, account)
    if not secretariats:
        return _refused(t('prices.not_yours', lang), 403)
    found = commodity_by_key(store, commodity)
    if found is None:
        return _refused(t('prices.unknown_commodity', lang), 404)
    span = days.strip()
    if not (len(span) <= 3 and span.isascii() and span.isdigit() and 1 <= int(span) <= OLDEST_DAYS):
        return _refused(t('prices.bad_days', lang, most=OLDEST_DAYS), 422)
    today = now().astimezone(Zone.WIB.tz).date()
    start = today - dt.timedelta(days=int(span) - 1)
    listed = prices_of(store, [s.id for s in secretariats], found.key, start, today)
    items = [
        {'date': p.date.isoformat(), 'kind': p.kind.value, 'place': p.place, 'price': p.price,
         'by_role': p.by_role.value}
        for p in listed
    ]  # fmt: skip
    return JSONResponse(
        {'commodity': found.key, 'unit': found.unit.value, 'prices': items}, headers={'Cache-Control': 'no-store'}
    )


def _refused(message: str, status: int) -> JSONResponse:
    return JSONResponse({'error': message}, status_code=status, headers={'Cache-Control': 'no-store'})
