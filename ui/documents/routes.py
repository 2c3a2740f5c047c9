"""The attendance documents as plain download routes, so a browser (or a print shop's PC) just saves them.

Each route checks its caller itself: not logged in → the log-in page (303); coordinators for any
programme, instructors for their own; anyone else → 403; an unknown day or programme → 404.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from fastapi import Request, Response

from models.account import Account, Role
from models.programme import Day, Programme
from store import Store

from ..i18n import t
from ..login_page import request_lang
from ..runtime import runtime
from .attendance import (
    cards_pdf,
    collect_cards,
    collect_daftar_hadir,
    collect_grid,
    daftar_hadir_pdf,
    grid_csv,
    grid_xlsx,
)

PDF = 'application/pdf'
XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
CSV = 'text/csv; charset=utf-8'


@dataclass(frozen=True)
class Allowed:
    """A caller who may have a programme's documents, with the open store and the programme."""

    store: Store
    programme: Programme
    account: Account


async def daftar_hadir(request: Request, day_id: str) -> Response:
    day = (await runtime.ready()).get(Day, day_id)
    allowed = await _allowed(request, day.programme_id if day else None)
    if not isinstance(allowed, Allowed):
        return allowed
    assert day is not None
    committee = allowed.account if allowed.account.role == Role.COORDINATOR else None
    now = dt.datetime.now(dt.UTC)
    sheet = collect_daftar_hadir(allowed.store, day, allowed.programme, committee=committee, now=now)
    body = await asyncio.to_thread(daftar_hadir_pdf, sheet, request_lang(request))
    return _download(body, PDF, t('doc.dh.filename', 'id', number=day.number))


async def cards(request: Request, programme_id: str) -> Response:
    allowed = await _allowed(request, programme_id)
    if not isinstance(allowed, Allowed):
        return allowed
    base_url = str(request.base_url).rstrip('/')
    sheet = await collect_cards(allowed.store, allowed.programme, by=allowed.account.id, base_url=base_url)
    body = await asyncio.to_thread(cards_pdf, sheet, request_lang(request))
    return _download(body, PDF, t('doc.cards.filename', 'id', slug=slug(allowed.programme.name)))


async def attendance_xlsx(request: Request, programme_id: str) -> Response:
    return await _grid(request, programme_id, 'xlsx')


async def attendance_csv(request: Request, programme_id: str) -> Response:
    return await _grid(request, programme_id, 'csv')


async def _grid(request: Request, programme_id: str, ext: str) -> Response:
    allowed = await _allowed(request, programme_id)
    if not isinstance(allowed, Allowed):
        return allowed
    programme = allowed.programme
    grid = collect_grid(allowed.store, programme, dt.datetime.now(programme.zone.tz).date())
    body = await asyncio.to_thread(grid_xlsx if ext == 'xlsx' else grid_csv, grid, request_lang(request))
    filename = t('doc.grid.filename', 'id', slug=slug(programme.name), ext=ext)
    return _download(body, XLSX if ext == 'xlsx' else CSV, filename)


async def _allowed(request: Request, programme_id: str | None) -> Allowed | Response:
    """The caller (staff: the route table let in no one else), when she may have this programme's documents;
    else the answer to send: 404 for an unknown programme (or day), 403 for another instructor's."""
    store = await runtime.ready()
    account, lang = request.state.account, request_lang(request)
    programme = store.get(Programme, programme_id) if programme_id else None
    if programme is None:
        return _text(t('error.not_found', lang), 404)
    if account.role == Role.COORDINATOR or account.id in programme.instructor_ids:
        return Allowed(store, programme, account)
    return _text(t('doc.forbidden', lang), 403)


def _text(text: str, status: int) -> Response:
    return Response(text, status_code=status, media_type='text/plain; charset=utf-8')


def _download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type, headers={'Content-Disposition': f'attachment; filename="{filename}"'})


def slug(text: str, limit: int = 60) -> str:
    """`Pelatihan Aneka Kue bagi PMI Purna` → `pelatihan-aneka-kue-bagi-pmi-purna`: ASCII, safe in any header."""
    ascii_text = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode()
    return re.sub(r'[^a-z0-9]+', '-', ascii_text.lower()).strip('-')[:limit].rstrip('-') or 'program'
