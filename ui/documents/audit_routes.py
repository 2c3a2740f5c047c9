"""The trail's downloads, `/export/audit.xlsx` and `/export/audit.csv`, for coordinators (the route table lets in
no one else: they carry the before and after of sensitive fields). They take the screen's filters as query
parameters (`query_of` writes them, `filter_of` reads them; a value that is no date or no id narrows to
nothing or is left out, never an error), and each download is itself written to the trail."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlencode

from fastapi import Request, Response

from models.account import Account
from models.permissions import may_see_sensitive
from models.programme import Programme, Zone
from store.audit import KINDS, AuditFilter, log_event
from store.audit_view import trail

from ..format import local_time, plain_date
from ..i18n import request_lang, t
from ..runtime import runtime
from .download import CSV, XLSX, download

ALL = 100_000  # entries in one download at most: years of a busy agency's trail
PARAMS = ('kind', 'programme', 'by', 'since', 'until', 'text')


def query_of(where: AuditFilter) -> str:
    """The filters as the downloads' query string (`?kind=aid&since=2026-12-01`), empty ones left out."""
    since, until = (day.isoformat() if day else '' for day in (where.since, where.until))
    values = {
        'kind': where.kind, 'programme': where.programme_id, 'by': where.by, 'since': since, 'until': until,
        'text': where.text,
    }  # fmt: skip
    chosen = {name: values[name] for name in PARAMS if values[name]}
    return '?' + urlencode(chosen) if chosen else ''


def filter_of(params: Mapping[str, str]) -> AuditFilter:
    """The filters a download was asked with; a date that is none is left out."""
    return AuditFilter(
        kind=params.get('kind', '')[:40], programme_id=params.get('programme', '')[:80], by=params.get('by', '')[:80],
        since=parse_date(params.get('since')), until=parse_date(params.get('until')), text=params.get('text', '')[:200],
    )  # fmt: skip


async def audit_xlsx_route(request: Request) -> Response:
    return await _export(request, 'xlsx')


async def audit_csv_route(request: Request) -> Response:
    return await _export(request, 'csv')


async def _export(request: Request, ext: str) -> Response:
    from .audit import Heading, audit_csv, audit_xlsx  # openpyxl loads with the first download (__init__.py)

    store = await runtime.ready()
    account: Account = request.state.account
    lang, where = request_lang(request), filter_of(request.query_params)
    found = trail(store, where, sensitive=may_see_sensitive(account), limit=ALL)
    programme = store.get(Programme, where.programme_id) if where.programme_id else None
    now = dt.datetime.now(dt.UTC)
    heading = Heading(
        programme=programme.name if programme else t('audit.all_programmes', lang),
        agency=programme.agency if programme else '', period=_period(where, lang), filters=_filters(where, lang),
        exported=t('audit.exported', lang, when=_moment(now, lang), who=account.name, count=len(found.rows)),
    )  # fmt: skip
    body = await asyncio.to_thread(audit_xlsx if ext == 'xlsx' else audit_csv, found, heading, lang)
    # The download holds the before and after of sensitive fields: the trail says who took a copy, and of what.
    await log_event(store, by=account.id, action='audit.export', target=f'audit.{ext}', note=query_of(where)[1:])
    name = t('audit.filename', 'id', date=now.astimezone(Zone.WIB.tz).date().isoformat(), ext=ext)
    return download(body, XLSX if ext == 'xlsx' else CSV, name)


def _period(where: AuditFilter, lang: str) -> str:
    if where.since is None and where.until is None:
        return ''
    since = plain_date(where.since, lang) if where.since else '…'
    until = plain_date(where.until, lang) if where.until else '…'
    return t('audit.period', lang, since=since, until=until)


def _filters(where: AuditFilter, lang: str) -> str:
    """The kind, the person and the searched text in words, when chosen."""
    store = runtime.store
    person = store.get(Account, where.by) if where.by else None
    chosen = [
        f'{t("audit.kind", lang)}: {t(f"audit.kind.{where.kind}", lang) if where.kind in KINDS else where.kind}'
        if where.kind
        else '',
        f'{t("audit.by", lang)}: {person.name if person else where.by}' if where.by else '',
        f'{t("audit.text", lang)}: {where.text}' if where.text else '',
    ]
    chosen = [text for text in chosen if text]
    return t('audit.filters', lang, filters='; '.join(chosen)) if chosen else ''


def _moment(moment: dt.datetime, lang: str) -> str:
    return f'{plain_date(moment.astimezone(Zone.WIB.tz).date(), lang)} {local_time(moment, Zone.WIB)}'


def parse_date(value: str | None) -> dt.date | None:
    """`2026-12-07` as a date; anything else (a half-typed one too) None."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
