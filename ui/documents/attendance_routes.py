"""The attendance documents' routes: the signed daily list (daftar hadir), the trainees' QR cards and the
attendance grid (XLSX, CSV), each for a programme's staff."""

from __future__ import annotations

import asyncio
import datetime as dt

from fastapi import Request, Response

from models.programme import Day
from store.programmes import days_of

from ..i18n import request_lang, t
from ..runtime import runtime
from .download import CSV, PDF, XLSX, Allowed, download, plain_text, slug, staff_programme


async def daftar_hadir(request: Request, day_id: str) -> Response:
    from .attendance import collect_daftar_hadir, daftar_hadir_pdf  # loaded with the first paper (__init__.py)

    day = (await runtime.ready()).get(Day, day_id)
    allowed = await staff_programme(request, day.programme_id if day else None)
    if not isinstance(allowed, Allowed):
        return allowed
    assert day is not None
    now = dt.datetime.now(dt.UTC)
    sheet = collect_daftar_hadir(allowed.store, day, allowed.programme, now=now)
    body = await asyncio.to_thread(daftar_hadir_pdf, sheet, request_lang(request))
    return download(body, PDF, t('doc.dh.filename', 'id', slug=slug(allowed.programme.name), number=day.number))


async def daftar_hadir_all(request: Request, programme_id: str) -> Response:
    """Every day's list of the programme in one PDF, for the accountability report (SPJ)."""
    from .attendance import collect_daftar_hadir, daftar_hadir_book

    allowed = await staff_programme(request, programme_id)
    if not isinstance(allowed, Allowed):
        return allowed
    lang, now = request_lang(request), dt.datetime.now(dt.UTC)
    days = days_of(allowed.store, programme_id)
    if not days:
        return plain_text(t('doc.dh.no_days', lang), 404)
    sheets = [collect_daftar_hadir(allowed.store, day, allowed.programme, now=now) for day in days]
    body = await asyncio.to_thread(daftar_hadir_book, sheets, lang)
    return download(body, PDF, t('doc.dh.all_filename', 'id', slug=slug(allowed.programme.name)))


async def cards(request: Request, programme_id: str) -> Response:
    from .attendance import cards_pdf, collect_cards

    allowed = await staff_programme(request, programme_id)
    if not isinstance(allowed, Allowed):
        return allowed
    base_url = str(request.base_url).rstrip('/')
    sheet = await collect_cards(allowed.store, allowed.programme, by=allowed.account.id, base_url=base_url)
    body = await asyncio.to_thread(cards_pdf, sheet, request_lang(request))
    return download(body, PDF, t('doc.cards.filename', 'id', slug=slug(allowed.programme.name)))


async def attendance_xlsx(request: Request, programme_id: str) -> Response:
    return await _grid(request, programme_id, 'xlsx')


async def attendance_csv(request: Request, programme_id: str) -> Response:
    return await _grid(request, programme_id, 'csv')


async def _grid(request: Request, programme_id: str, ext: str) -> Response:
    from .attendance import collect_grid, grid_csv, grid_xlsx

    allowed = await staff_programme(request, programme_id)
    if not isinstance(allowed, Allowed):
        return allowed
    programme = allowed.programme
    grid = collect_grid(allowed.store, programme, dt.datetime.now(programme.zone.tz).date())
    body = await asyncio.to_thread(grid_xlsx if ext == 'xlsx' else grid_csv, grid, request_lang(request))
    filename = t('doc.grid.filename', 'id', slug=slug(programme.name), ext=ext)
    return download(body, XLSX if ext == 'xlsx' else CSV, filename)
