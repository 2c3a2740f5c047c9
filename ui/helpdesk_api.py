"""`GET /api/secretariat/{slug}/messages`: a secretariat's help-desk messages as JSON, for its staff and the
coordinators; each call is a reading on the audit trail (`store.helpdesk.messages_for_api`). The route table has
let in staff roles only (401 anonymous, 403 trainees); another secretariat's staff are refused here (403)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from models.base import DomainError
from models.permissions import may_serve_secretariat
from store.helpdesk import messages_for_api
from store.secretariats import secretariat_by_slug

from .i18n import request_lang, t
from .runtime import runtime

NO_STORE = {'Cache-Control': 'no-store'}  # a phone's or a proxy's cache must not keep what she wrote


async def messages(request: Request, slug: str) -> JSONResponse:
    store = await runtime.ready()
    lang = request_lang(request)
    account = request.state.account
    secretariat = secretariat_by_slug(store, slug[:60])
    if secretariat is None:
        return JSONResponse({'error': t('helpdesk.missing_title', lang)}, status_code=404, headers=NO_STORE)
    if account is None or not may_serve_secretariat(account, secretariat):
        return JSONResponse({'error': t('helpdesk.not_yours', lang)}, status_code=403, headers=NO_STORE)
    try:
        found = await messages_for_api(store, secretariat, by=account.id)
    except DomainError:  # taken off its staff a moment ago
        return JSONResponse({'error': t('helpdesk.not_yours', lang)}, status_code=403, headers=NO_STORE)
    rows = [
        {
            'id': m.id,
            'kind': m.kind.value,
            'name': m.name,
            'phone': m.phone,
            'country': m.country,
            'text': m.text,
            'status': m.status.value,
            'at': m.received_at.isoformat(),
        }  # fmt: skip
        for m in found
    ]
    return JSONResponse({'messages': rows}, headers=NO_STORE)
