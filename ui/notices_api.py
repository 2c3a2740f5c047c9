"""`GET /api/notices`: the notices on the boards that reach the logged-in trainee (a member of a linked group, a
trainee of a linked programme), newest first, as her home shows them; what the offline page or a script asks."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from models.account import Account
from store.notices import notices_for

from . import auth
from .runtime import runtime


async def notices(request: Request) -> JSONResponse:
    """`{"notices": [{"id", "kind", "title", "ends", "secretariat", "unread", "interested"}]}`; `ends` is her last
    day on the board (`YYYY-MM-DD`, on its secretariat's clock)."""
    store = await runtime.ready()
    account: Account = request.state.account
    assert account.participant_id is not None  # the route table lets in trainees with a participant record
    items = [
        {
            'id': m.notice.id, 'kind': m.notice.kind.value, 'title': m.notice.title,
            'ends': m.notice.ends_on.isoformat(), 'secretariat': m.secretariat, 'unread': m.unread,
            'interested': m.interested,
        }
        for m in notices_for(store, account.participant_id, auth.now())
    ]  # fmt: skip
    return JSONResponse({'notices': items}, headers={'Cache-Control': 'no-store'})
