"""The outcomes documents' routes: the workbook and the printable report, the coordinator's."""

from __future__ import annotations

import asyncio
import datetime as dt
from functools import partial

from fastapi import Request, Response

from models.programme import Programme
from store.outcomes import programme_outcomes

from ..i18n import request_lang, t
from ..runtime import runtime
from .download import PDF, XLSX, download, plain_text, slug


async def outcomes_workbook(request: Request, programme_id: str) -> Response:
    return await _outcomes(request, programme_id, pdf=False)


async def outcomes_report(request: Request, programme_id: str) -> Response:
    return await _outcomes(request, programme_id, pdf=True)


async def _outcomes(request: Request, programme_id: str, *, pdf: bool) -> Response:
    from .outcomes import collect_aid_rows, outcomes_pdf, outcomes_xlsx  # loaded with the first paper (__init__.py)
    from .pdf import Signer

    store = await runtime.ready()
    lang = request_lang(request)
    programme = store.get(Programme, programme_id)
    if programme is None:
        return plain_text(t('error.not_found', lang), 404)
    today = dt.datetime.now(programme.zone.tz).date()
    figures = programme_outcomes(store, programme, today)
    items, rows = collect_aid_rows(store, programme)
    name = slug(programme.name)
    if pdf:
        signer = Signer.of(programme.responsible)
        made = partial(outcomes_pdf, figures, items, rows, lang, printed=today, official=signer, city=programme.city)
        body = await asyncio.to_thread(made)
        return download(body, PDF, t('doc.outcomes.pdf_filename', 'id', slug=name))
    body = await asyncio.to_thread(outcomes_xlsx, figures, items, rows, lang)
    return download(body, XLSX, t('doc.outcomes.filename', 'id', slug=name))
