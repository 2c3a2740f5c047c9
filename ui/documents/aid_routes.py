"""The outcomes (workbook and printable report) and the aid receipt as plain download routes.

Outcomes are the coordinator's. A receipt is the coordinator's, and also the recipient's own: the trainee it
was handed to, or a member of the group it was handed to. Not logged in → the log-in page; anyone else → 403
(a trainee gets 403 for an unknown id too, so ids tell her nothing); staff → 404 for an unknown id.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from functools import partial

from fastapi import Request, Response

from models.account import Role
from models.aid import Handover
from models.programme import Programme
from store.aid import may_confirm
from store.outcomes import programme_outcomes

from ..i18n import t
from ..login_page import request_lang
from ..runtime import runtime
from .aid import collect_receipt, receipt_pdf
from .outcomes import collect_aid_rows, outcomes_pdf, outcomes_xlsx
from .routes import PDF, XLSX, _download, _text, slug


async def outcomes_workbook(request: Request, programme_id: str) -> Response:
    return await _outcomes(request, programme_id, pdf=False)


async def outcomes_report(request: Request, programme_id: str) -> Response:
    return await _outcomes(request, programme_id, pdf=True)


async def aid_receipt(request: Request, handover_id: str) -> Response:
    store = await runtime.ready()
    account, lang = request.state.account, request_lang(request)
    handover = store.get(Handover, handover_id) if len(handover_id) <= 100 else None
    if account.role == Role.TRAINEE and (
        handover is None or handover.cancelled or not may_confirm(store, handover, account.participant_id)
    ):
        return _text(t('doc.aid.forbidden', lang), 403)
    receipt = collect_receipt(store, handover) if handover is not None and not handover.cancelled else None
    if receipt is None:
        return _text(t('error.not_found', lang), 404)
    body = await asyncio.to_thread(receipt_pdf, receipt, lang)
    return _download(body, PDF, t('doc.aid.filename', 'id', number=receipt.number.lower()))


async def _outcomes(request: Request, programme_id: str, *, pdf: bool) -> Response:
    store = await runtime.ready()
    lang = request_lang(request)
    programme = store.get(Programme, programme_id)
    if programme is None:
        return _text(t('error.not_found', lang), 404)
    today = dt.datetime.now(programme.zone.tz).date()
    figures = programme_outcomes(store, programme, today)
    items, rows = collect_aid_rows(store, programme)
    name = slug(programme.name)
    if pdf:
        body = await asyncio.to_thread(partial(outcomes_pdf, figures, items, rows, lang, printed=today))
        return _download(body, PDF, t('doc.outcomes.pdf_filename', 'id', slug=name))
    body = await asyncio.to_thread(outcomes_xlsx, figures, items, rows, lang)
    return _download(body, XLSX, t('doc.outcomes.filename', 'id', slug=name))
