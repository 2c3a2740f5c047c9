"""The aid receipt's route. A receipt is the coordinator's, and also the recipient's own: the trainee it was
handed to, or a member of the group it was handed to (a trainee gets 403 for an unknown or cancelled id too, so
ids tell her nothing); the coordinator 404 for an unknown id."""

from __future__ import annotations

import asyncio

from fastapi import Request, Response

from models.account import Role
from models.aid import Handover
from store.aid import may_confirm

from ..i18n import t
from ..login_page import request_lang
from ..runtime import runtime
from .aid import collect_receipt, receipt_pdf
from .download import PDF, download, plain_text


async def aid_receipt(request: Request, handover_id: str) -> Response:
    store = await runtime.ready()
    account, lang = request.state.account, request_lang(request)
    handover = store.get(Handover, handover_id) if len(handover_id) <= 100 else None
    if account.role == Role.TRAINEE and (
        handover is None or handover.cancelled or not may_confirm(store, handover, account.participant_id)
    ):
        return plain_text(t('doc.aid.forbidden', lang), 403)
    receipt = collect_receipt(store, handover) if handover is not None else None  # a cancelled one says BATAL
    if receipt is None:
        return plain_text(t('error.not_found', lang), 404)
    body = await asyncio.to_thread(receipt_pdf, receipt, lang)
    return download(body, PDF, t('doc.aid.filename', 'id', number=receipt.number.lower()))
