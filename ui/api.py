"""The small JSON API. Each route checks its caller itself; the health check is public."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from models.account import Account, Role
from models.base import DomainError
from models.programme import Day, Programme
from store.figures import month_totals
from store.periods import zone_of
from store.products import her_products
from store.programmes import programmes_for

from . import __version__
from .i18n import error_text
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
    """Her products, which the offline sale page caches."""
    store = await runtime.ready()
    account: Account = request.state.account
    assert account.participant_id is not None  # the route table lets in trainees with a participant record
    items = [
        {'id': p.id, 'name': p.name, 'unit': p.unit.value, 'price': p.price, 'hpp': p.hpp}
        for p in her_products(store, account.participant_id)
    ]
    return JSONResponse({'products': items})


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
