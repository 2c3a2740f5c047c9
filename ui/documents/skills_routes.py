"""The skills documents as plain routes: the progress grid, the certificate, and its public check.

The grid is for the programme's staff, as the attendance documents are (see `download.staff_programme`). A
certificate may also be downloaded by the trainee herself, her own only; it is issued on its first
download. `/verifikasi/{id}` is public: whoever holds the paper may check it, and sees no more than
her initials.
"""

from __future__ import annotations

import asyncio
from html import escape

from fastapi import Request, Response
from fastapi.responses import HTMLResponse

from models.account import Role
from models.certificate import Certificate
from models.participant import Participant
from models.permissions import may_run_day
from models.programme import Programme
from store import Store
from store.certificates import certificate_of, eligibility, issued_in_order

from .. import login_page
from ..format import date_range, date_text
from ..i18n import request_lang, t
from ..icons import brand
from ..runtime import runtime
from .download import PDF, XLSX, Allowed, download, plain_text, slug, staff_programme

PAGE_STYLE = 'ul{margin:0 0 16px;padding-left:24px}dl{margin:0 0 16px}dt{font-weight:700;margin-top:8px}dd{margin:0}'


async def progress(request: Request, programme_id: str) -> Response:
    from .skills import collect_progress, progress_xlsx  # loaded with the first paper (__init__.py)

    allowed = await staff_programme(request, programme_id)
    if not isinstance(allowed, Allowed):
        return allowed
    grid = collect_progress(allowed.store, allowed.programme)
    body = await asyncio.to_thread(progress_xlsx, grid, request_lang(request))
    return download(body, XLSX, t('doc.progress.filename', 'id', slug=slug(allowed.programme.name)))


async def certificate(request: Request, programme_id: str, participant_id: str) -> Response:
    from .skills import certificate_pdf, collect_certificate

    allowed = await _certificate_reader(request, programme_id, participant_id)
    if not isinstance(allowed, Allowed):
        return allowed
    store, account, lang = allowed.store, allowed.account, request_lang(request)
    issued = certificate_of(store, programme_id, participant_id)
    if issued is None:  # only the coordinator issues one; until then, what she still needs, or that it is coming
        return _not_earned(store, allowed.programme, participant_id, lang)
    base_url = str(request.base_url).rstrip('/')
    paper = collect_certificate(store, issued, reader=account, base_url=base_url)
    if paper is None:
        return plain_text(t('error.not_found', lang), 404)
    body = await asyncio.to_thread(certificate_pdf, paper, lang)
    return download(body, PDF, t('doc.cert.filename', 'id', slug=slug(paper.name)))


async def certificates(request: Request, programme_id: str) -> Response:
    """Every issued certificate of the programme, one a page in issue order, for printing."""
    from .skills import certificates_pdf, collect_certificate

    store, lang = await runtime.ready(), request_lang(request)
    programme = store.get(Programme, programme_id)
    if programme is None:
        return plain_text(t('error.not_found', lang), 404)
    base_url = str(request.base_url).rstrip('/')
    papers = [
        paper
        for issued in issued_in_order(store, programme_id)
        if (paper := collect_certificate(store, issued, reader=request.state.account, base_url=base_url))
    ]
    if not papers:
        return plain_text(t('doc.cert.none_issued', lang), 404)
    body = await asyncio.to_thread(certificates_pdf, papers, lang)
    return download(body, PDF, t('doc.cert.all_filename', 'id', slug=slug(programme.name)))


async def verify(request: Request, certificate_id: str) -> Response:
    from .skills import collect_verification

    store = await runtime.ready()
    lang = request_lang(request)
    found = store.get(Certificate, certificate_id) if 8 <= len(certificate_id) <= 64 else None
    shown = collect_verification(store, found) if found is not None else None
    if shown is None:
        return _page(lang, t('verify.unknown_title', lang), f'<p>{escape(t("verify.unknown", lang))}</p>', 404)
    facts = [
        (t('verify.holder', lang), shown.holder),
        (t('verify.programme', lang), shown.programme),
        (t('verify.agency', lang), shown.agency),
        (t('verify.dates', lang), date_range(shown.start, shown.end, lang)),
        (t('verify.issued', lang), date_text(shown.issued_on, lang)),
        (t('verify.skills', lang), t('verify.skills_value', lang, count=shown.skills)),
    ]
    rows = ''.join(f'<dt>{escape(label)}</dt><dd>{escape(value)}</dd>' for label, value in facts)
    body = f'<p class="hint">{escape(t("verify.valid", lang))}</p><dl>{rows}</dl>'
    return _page(lang, t('verify.valid_title', lang), body, 200)


async def _certificate_reader(request: Request, programme_id: str, participant_id: str) -> Allowed | Response:
    """The caller, when she may have this certificate; else the answer to send.

    Not logged in → the log-in page. A trainee → her own only (403 for anyone else's, known or not, so
    ids tell her nothing). Staff → 404 for an unknown programme or a trainee not in it, 403 unless they
    run the programme.
    """
    store = await runtime.ready()
    account, lang = request.state.account, request_lang(request)
    programme = store.get(Programme, programme_id)
    enrolled = programme is not None and participant_id in programme.participant_ids
    if account.role == Role.TRAINEE:
        if not enrolled or account.participant_id != participant_id:
            return plain_text(t('doc.cert.forbidden', lang), 403)
    elif programme is None or not enrolled:
        return plain_text(t('error.not_found', lang), 404)
    elif not may_run_day(account, programme):
        return plain_text(t('doc.forbidden', lang), 403)
    assert programme is not None
    return Allowed(store, programme, account)


def _not_earned(store: Store, programme: Programme, participant_id: str, lang: str) -> Response:
    """409 with what she still needs: the skills not yet competent, and her attendance against the bar."""
    standing = eligibility(store, programme.id, participant_id)
    person = store.get(Participant, participant_id)
    if standing.ok:  # earned: the coordinator has not issued it yet
        text = t('doc.cert.not_issued', lang, name=person.name if person else '')
        return _page(lang, t('doc.cert.not_issued_title', lang), f'<p class="hint">{escape(text)}</p>', 409)
    parts = [f'<p class="hint">{escape(t("doc.cert.not_earned_for", lang, name=person.name if person else ""))}</p>']
    if not standing.skills:
        parts.append(f'<p>{escape(t("doc.cert.no_curriculum", lang))}</p>')
    elif standing.missing:
        parts.append(f'<p>{escape(t("doc.cert.missing", lang, count=len(standing.missing)))}</p>')
        parts.append('<ul>' + ''.join(f'<li>{escape(name)}</li>' for name in standing.missing) + '</ul>')
    attendance = t('doc.cert.attendance', lang, attendance=standing.attendance_percent, bar=standing.bar)
    mark = '&#10004; ' if standing.attendance_ok else '&#9888; '
    parts.append(f'<p>{mark}{escape(attendance)}</p>')
    return _page(lang, t('doc.cert.not_earned_title', lang), ''.join(parts), 409)


def _page(lang: str, title: str, body: str, status: int) -> HTMLResponse:
    """A tiny plain page in the log-in page's style: loads at once on a weak signal, no NiceGUI socket."""
    html = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · Berdaya</title><style>{login_page.STYLE}{PAGE_STYLE}</style></head>
<body><header>{brand()}</header>
<main><h1>{escape(title)}</h1>{body}</main></body></html>"""
    return HTMLResponse(html, status_code=status)
