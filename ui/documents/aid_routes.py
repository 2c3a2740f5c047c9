"""The aid papers' routes. A receipt is the coordinator's, and also the recipient's own: the trainee it was
handed to, or a member of the group it was handed to (a trainee gets 403 for an unknown or cancelled id too, so
ids tell her nothing); the coordinator 404 for an unknown id. The list of an item's recipients and a group's
BAST are the coordinator's (409 for the BAST of a handover to one trainee: hers is the receipt)."""

from __future__ import annotations

import asyncio
import datetime as dt

from fastapi import Request, Response

from models.account import Role
from models.aid import AidItem, Handover
from models.programme import Programme
from store.aid import may_confirm

from ..i18n import request_lang, t
from ..runtime import runtime
from .download import PDF, download, plain_text, slug


async def aid_receipt(request: Request, handover_id: str) -> Response:
    from .aid import collect_receipt, receipt_pdf  # the papers' modules load with the first paper (__init__.py)

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


async def aid_recipients(request: Request, item_id: str) -> Response:
    """Everyone an aid item was handed to, on one signed list (the coordinator's; cancelled handovers left out)."""
    from .aid_recipients import collect_recipients, recipients_pdf

    store, lang = await runtime.ready(), request_lang(request)
    item = store.get(AidItem, item_id) if len(item_id) <= 100 else None
    programme = store.get(Programme, item.programme_id) if item is not None else None
    if item is None or programme is None:
        return plain_text(t('error.not_found', lang), 404)
    sheet = collect_recipients(store, item, programme, dt.datetime.now(programme.zone.tz).date())
    body = await asyncio.to_thread(recipients_pdf, sheet, lang)
    return download(body, PDF, t('doc.recipients.filename', 'id', slug=slug(item.name)))


async def bast(request: Request, handover_id: str) -> Response:
    """The *berita acara serah terima* of an item handed to a group; a cancelled one's says BATAL."""
    from .bast import bast_pdf, collect_bast

    store, lang = await runtime.ready(), request_lang(request)
    handover = store.get(Handover, handover_id) if len(handover_id) <= 100 else None
    if handover is not None and handover.group_id is None:
        return plain_text(t('doc.bast.not_group', lang), 409)
    paper = collect_bast(store, handover) if handover is not None else None
    if paper is None:
        return plain_text(t('error.not_found', lang), 404)
    body = await asyncio.to_thread(bast_pdf, paper, lang)
    return download(body, PDF, t('doc.bast.filename', 'id', number=slug(paper.number)))
