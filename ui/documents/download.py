"""What every download route shares: who may have a programme's papers, the answer that carries a file, and a
file name safe in any header. Each document's routes live beside it (`attendance_routes.py` beside
`attendance.py`, and so on); the route table (`ui/routes.py`) has already let in only the roles of its row."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from fastapi import Request, Response

from models.account import Account
from models.permissions import may_run_day
from models.programme import Programme
from store import Store

from ..i18n import request_lang, t
from ..runtime import runtime

PDF = 'application/pdf'
XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
CSV = 'text/csv; charset=utf-8'


@dataclass(frozen=True)
class Allowed:
    """A caller who may have a programme's documents, with the open store and the programme."""

    store: Store
    programme: Programme
    account: Account


async def staff_programme(request: Request, programme_id: str | None) -> Allowed | Response:
    """The caller (staff: the route table let in no one else), when she may have this programme's documents;
    else the answer to send: 404 for an unknown programme (or day), 403 for another instructor's."""
    store = await runtime.ready()
    account, lang = request.state.account, request_lang(request)
    programme = store.get(Programme, programme_id) if programme_id else None
    if programme is None:
        return plain_text(t('error.not_found', lang), 404)
    if may_run_day(account, programme):
        return Allowed(store, programme, account)
    return plain_text(t('doc.forbidden', lang), 403)


def plain_text(text: str, status: int) -> Response:
    return Response(text, status_code=status, media_type='text/plain; charset=utf-8')


def download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type, headers={'Content-Disposition': f'attachment; filename="{filename}"'})


def slug(text: str, limit: int = 60) -> str:
    """`Pelatihan Aneka Kue bagi PMI Purna` → `pelatihan-aneka-kue-bagi-pmi-purna`: ASCII, safe in any header."""
    ascii_text = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode()
    return re.sub(r'[^a-z0-9]+', '-', ascii_text.lower()).strip('-')[:limit].rstrip('-') or 'program'
