"""A secretariat's papers: the pre-departure sheet of the legal route (blank, to hand out, or a villager's own with
her documents ticked) and its summary for the village's reports (XLSX and PDF). For its staff and the coordinators:
the route table lets in those who may be on a secretariat's staff, and each route asks whether she serves this one
(404 for an unknown secretariat, 403 for another's). A villager's sheet is noted in the trail as a view."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from functools import partial

from fastapi import Request, Response

from models.account import Account
from models.base import DomainError
from models.permissions import may_serve_secretariat
from models.programme import Zone
from models.secretariat import Secretariat
from store import Store
from store.departure import open_checklist
from store.secretariat_summary import secretariat_summary, summary_years

from .. import auth
from ..i18n import request_lang, t
from ..runtime import runtime
from .download import PDF, XLSX, download, plain_text, slug


@dataclass(frozen=True)
class Served:
    store: Store
    secretariat: Secretariat
    account: Account
    today: dt.date


async def served(request: Request, secretariat_id: str) -> Served | Response:
    """The caller, when she serves this secretariat; else the answer: 404 unknown, 403 another's."""
    store = await runtime.ready()
    account, lang = request.state.account, request_lang(request)
    secretariat = store.get(Secretariat, secretariat_id)
    if secretariat is None:
        return plain_text(t('error.not_found', lang), 404)
    if not may_serve_secretariat(account, secretariat):
        return plain_text(t('doc.forbidden', lang), 403)
    return Served(store, secretariat, account, auth.now().astimezone(Zone.WIB.tz).date())


async def blank_sheet(request: Request, secretariat_id: str) -> Response:
    """The legal route with empty boxes, to hand to anyone who asks."""
    from .departure import departure_pdf, route_sheet  # loaded with the first paper (__init__.py)

    caller = await served(request, secretariat_id)
    if isinstance(caller, Response):
        return caller
    sheet = route_sheet(caller.store, caller.secretariat, caller.today)
    body = await asyncio.to_thread(departure_pdf, sheet)
    return download(body, PDF, t('departure.pdf.filename', 'id', slug=caller.secretariat.slug))


async def her_sheet(request: Request, secretariat_id: str, entry_id: str) -> Response:
    """A villager's own sheet: her documents ticked with the day each was brought (noted in the trail)."""
    from .departure import departure_pdf, route_sheet

    caller = await served(request, secretariat_id)
    if isinstance(caller, Response):
        return caller
    try:
        checklist, _ = await open_checklist(caller.store, secretariat_id, entry_id, by=caller.account.id,
                                            printed=True)  # fmt: skip
    except DomainError:
        return plain_text(t('error.not_found', request_lang(request)), 404)
    sheet = route_sheet(caller.store, caller.secretariat, caller.today, checklist)
    body = await asyncio.to_thread(departure_pdf, sheet)
    return download(body, PDF, t('departure.pdf.checklist_filename', 'id', slug=slug(checklist.name)))


async def summary_workbook(request: Request, secretariat_id: str, year: str = '') -> Response:
    return await _summary(request, secretariat_id, year, pdf=False)


async def summary_report(request: Request, secretariat_id: str, year: str = '') -> Response:
    return await _summary(request, secretariat_id, year, pdf=True)


async def _summary(request: Request, secretariat_id: str, year: str, *, pdf: bool) -> Response:
    """The year asked (`?year=2026`, this one when none): 404 for a year before 2020 or after this one."""
    from .secretariat_summary import summary_pdf, summary_xlsx

    caller = await served(request, secretariat_id)
    if isinstance(caller, Response):
        return caller
    chosen = int(year) if year.isascii() and year.isdigit() and len(year) == 4 else caller.today.year if not year else 0
    if chosen not in summary_years(caller.today):
        return plain_text(t('error.not_found', request_lang(request)), 404)
    figures = secretariat_summary(caller.store, caller.secretariat, chosen, caller.today)
    name = f'{caller.secretariat.slug}-{chosen}'
    if pdf:
        body = await asyncio.to_thread(partial(summary_pdf, figures, printed=caller.today))
        return download(body, PDF, t('summary.pdf_filename', 'id', slug=name))
    body = await asyncio.to_thread(summary_xlsx, figures)
    return download(body, XLSX, t('summary.filename', 'id', slug=name))
