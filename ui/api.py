"""The small JSON API. Each route checks its caller itself; the health check is public."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from models.account import Account, Role
from models.programme import Day, Programme
from store.programmes import programmes_for

from . import __version__
from .auth import request_account
from .i18n import t
from .runtime import runtime


def register(app: FastAPI) -> None:
    @app.get('/api/health')
    def health() -> dict[str, str]:
        return {'status': 'ok', 'version': __version__}

    @app.get('/api/programmes')
    async def programmes(request: Request) -> JSONResponse:
        store = await runtime.ready()
        account = request_account(request)
        if account is None:
            return JSONResponse({'error': t('auth.login_needed', 'id')}, status_code=401)
        items = [
            _programme_json(p, store.by_index(Day, 'programme', p.id), account) for p in programmes_for(store, account)
        ]
        return JSONResponse({'programmes': items})


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
